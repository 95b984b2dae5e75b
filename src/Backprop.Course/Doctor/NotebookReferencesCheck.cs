using System.Text.RegularExpressions;
using Backprop.Runner;

namespace Backprop.Course.Doctor;

/// <summary>
/// The notebooks load the course library as the package the feed holds, <c>#r "nuget: Backprop.Kernel, V"</c> with the
/// checkout's version V (<see cref="LibraryPackage.Version"/>: 1.0.0 in the course repository, its own in a release):
/// a <c>#r</c> of a Backprop.Kernel.dll in a build folder (which runs whatever was built last, Debug or Release) or
/// of another version (which the feed does not hold) is a problem, and so is a <c>#r "path"</c> to a file that does
/// not exist (CS0006, metadata file not found).
/// </summary>
internal sealed partial class NotebookReferencesCheck : IDoctorCheck
{
    public string Name => "notebook #r lines";

    public Task<DoctorFinding> RunAsync(RepositoryLayout repository, CancellationToken cancellation)
    {
        if (!LibraryVersion.TryRead(repository, out string version, out var unreadable))
        {
            return Task.FromResult(unreadable);
        }

        var notebooks = repository.Notebooks();
        var problems = new List<string>();
        string? firstBroken = null;
        int references = 0;
        foreach (var notebook in notebooks)
        {
            string name = Path.GetFileName(notebook);
            string text;
            IReadOnlyList<string> sources;
            try
            {
                text = File.ReadAllText(notebook);
                sources = NotebookPackagePins.CodeCellSources(text);
            }
            catch (InvalidDataException e)
            {
                problems.Add($"{name} cannot be read: {e.Message}");
                firstBroken ??= name;
                continue;
            }

            foreach (var pin in NotebookPackagePins.Read(text).Where(p => LibraryPackage.IsLibrary(p.Package)))
            {
                references++;
                if (pin.Version != version)
                {
                    firstBroken ??= name;
                    problems.Add($"{name}: #r \"nuget: {pin.Package}{(pin.Version.Length > 0 ? ", " + pin.Version : "")}\" asks for a version that .feed/ does not hold ({version})");
                }
            }

            foreach (Match match in sources.SelectMany(s => AssemblyDirective().Matches(s)))
            {
                string written = match.Groups["path"].Value;
                string resolved = Path.GetFullPath(written, Path.GetDirectoryName(notebook)!);
                if (Path.GetFileName(resolved).Equals($"{LibraryPackage.Id}.dll", StringComparison.OrdinalIgnoreCase))
                {
                    firstBroken ??= name;
                    problems.Add($"{name}: #r \"{written}\" loads the library from a build folder, not the package the notebooks use"
                        + (File.Exists(resolved) ? ", so it runs whatever was built there last" : ", and fails with CS0006 (metadata file not found)"));
                }
                else if (!File.Exists(resolved))
                {
                    firstBroken ??= name;
                    problems.Add($"{name}: #r \"{written}\" names a file that does not exist, so the cell fails with CS0006 (metadata file not found)");
                }
            }
        }

        string fix = $"make the line #r \"nuget: {LibraryPackage.Id}, {version}\" again" + (firstBroken is null ? "" : $"; or {FreshCopy.Of(repository, firstBroken)}");
        return Task.FromResult(problems.Count == 0
            ? DoctorFinding.Ok($"{references} notebook(s) of {notebooks.Count} load the library as {LibraryPackage.Id} {version}")
            : DoctorFinding.Problem(string.Join("; ", problems), fix));
    }

    // #r "some/path.dll", but not #r "nuget: ...".
    [GeneratedRegex("""^\s*#r\s+"(?!\s*nuget:)(?<path>[^"]+)"\s*$""", RegexOptions.Multiline)]
    private static partial Regex AssemblyDirective();
}
