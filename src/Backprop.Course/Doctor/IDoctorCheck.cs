using Backprop.Runner;

namespace Backprop.Course.Doctor;

/// <summary>One item that <c>backprop doctor</c> checks, e.g. "the library is built".</summary>
internal interface IDoctorCheck
{
    /// <summary>A short name, printed before the verdict.</summary>
    string Name { get; }

    /// <summary>Looks at the repository (and the machine) and reports what it found.</summary>
    Task<DoctorFinding> RunAsync(RepositoryLayout repository, CancellationToken cancellation);
}
