using System.Diagnostics.CodeAnalysis;
using Backprop.Runner;

namespace Backprop.Course.Doctor;

/// <summary>The checkout's library version (<see cref="LibraryPackage.Version"/>) for the checks that need it.</summary>
internal static class LibraryVersion
{
    /// <summary>Reads the version; false with the finding to report when the library's project file has none.</summary>
    /// <param name="repository">The checkout.</param>
    /// <param name="version">The version, e.g. 1.0.0.</param>
    /// <param name="problem">The finding when it cannot be read.</param>
    public static bool TryRead(RepositoryLayout repository, out string version, [NotNullWhen(false)] out DoctorFinding? problem)
    {
        try
        {
            version = LibraryPackage.Version(repository.Root);
            problem = null;
            return true;
        }
        catch (InvalidDataException e)
        {
            version = "";
            problem = DoctorFinding.Problem(e.Message, $"restore {LibraryPackage.ProjectFile} (a fresh copy of the course repository or the release has it)");
            return false;
        }
    }
}
