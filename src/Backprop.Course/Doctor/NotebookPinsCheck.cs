using Backprop.Runner;

namespace Backprop.Course.Doctor;

/// <summary>Every notebook's <c>#r "nuget:"</c> pins equal the versions in Directory.Packages.props.</summary>
internal sealed class NotebookPinsCheck : IDoctorCheck
{
    public string Name => "notebook pins";

    public Task<DoctorFinding> RunAsync(RepositoryLayout repository, CancellationToken cancellation)
    {
        var notebooks = repository.Notebooks();
        if (notebooks.Count == 0)
        {
            return Task.FromResult(DoctorFinding.Problem("no notebooks under notebooks/", FreshCopy.OfFolder(repository)));
        }

        var central = NotebookPackagePins.CentralVersions(Path.Combine(repository.Root, "Directory.Packages.props"));
        var problems = new List<string>();
        string? first = null;
        int pins = 0;
        foreach (var notebook in notebooks)
        {
            string name = Path.GetFileName(notebook);
            try
            {
                // Counted without the course library, whose version is the feed's (the references check), not a pin.
                var found = NotebookPackagePins.Read(File.ReadAllText(notebook)).Where(p => !LibraryPackage.IsLibrary(p.Package)).ToList();
                pins += found.Count;
                var mismatches = NotebookPackagePins.Mismatches(found, central).Select(m => $"{name}: {m}").ToList();
                problems.AddRange(mismatches);
                first ??= mismatches.Count > 0 ? name : null;
            }
            catch (InvalidDataException e)
            {
                problems.Add($"{name} cannot be read: {e.Message}");
                first ??= name;
            }
        }

        return Task.FromResult(problems.Count == 0
            ? DoctorFinding.Ok($"{pins} pins in {notebooks.Count} notebooks match Directory.Packages.props")
            : DoctorFinding.Problem(string.Join("; ", problems), $"make each #r \"nuget: Name, Version\" use the version in Directory.Packages.props, or {FreshCopy.Of(repository, first!)}"));
    }
}
