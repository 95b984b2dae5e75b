using System.Text.RegularExpressions;
using Backprop.Runner;

namespace Backprop.Course.Doctor;

/// <summary>
/// Every <c>#r "path"</c> in a notebook names a file that exists, and a reference to Backprop.Kernel.dll names the
/// Debug build that <c>dotnet build src/Backprop.Kernel</c> writes. A path edited to another build (e.g. Release)
/// makes the first cell fail with CS0006 "Metadata file could not be found".
/// </summary>
internal sealed partial class NotebookReferencesCheck : IDoctorCheck
{
    public string Name => "notebook #r paths";

    public Task<DoctorFinding> RunAsync(RepositoryLayout repository, CancellationToken cancellation)
    {
        var notebooks = repository.Notebooks();
        var problems = new List<string>();
        string? firstBroken = null;
        int references = 0;
        foreach (var notebook in notebooks)
        {
            string name = Path.GetFileName(notebook);
            IReadOnlyList<string> sources;
            try
            {
                sources = NotebookPackagePins.CodeCellSources(File.ReadAllText(notebook));
            }
            catch (InvalidDataException e)
            {
                problems.Add($"{name} cannot be read: {e.Message}");
                firstBroken ??= name;
                continue;
            }

            foreach (Match match in sources.SelectMany(s => AssemblyDirective().Matches(s)))
            {
                references++;
                string written = match.Groups["path"].Value;
                string resolved = Path.GetFullPath(written, Path.GetDirectoryName(notebook)!);
                string expected = Path.GetRelativePath(Path.GetDirectoryName(notebook)!, repository.KernelAssembly).Replace('\\', '/');
                bool isKernel = Path.GetFileName(resolved).Equals(Path.GetFileName(repository.KernelAssembly), StringComparison.OrdinalIgnoreCase);
                if (isKernel && resolved != Path.GetFullPath(repository.KernelAssembly))
                {
                    firstBroken ??= name;
                    problems.Add($"{name}: #r \"{written}\" is not the build that 'dotnet build src/Backprop.Kernel' writes ({expected})"
                        + (File.Exists(resolved) ? ", so the notebook runs a stale copy of the library" : ", so the first cell fails with CS0006 (metadata file not found)"));
                }
                else if (!isKernel && !File.Exists(resolved))
                {
                    firstBroken ??= name;
                    problems.Add($"{name}: #r \"{written}\" names a file that does not exist, so the cell fails with CS0006 (metadata file not found)");
                }
            }
        }

        string fix = $"make the line #r \"{Path.GetRelativePath(repository.NotebooksFolder, repository.KernelAssembly).Replace('\\', '/')}\" again, then build: dotnet build src/Backprop.Kernel"
                     + (firstBroken is null ? "" : $"; or {FreshCopy.Of(repository, firstBroken)}");
        return Task.FromResult(problems.Count == 0
            ? DoctorFinding.Ok($"{references} #r path(s) in {notebooks.Count} notebooks name the library build")
            : DoctorFinding.Problem(string.Join("; ", problems), fix));
    }

    // #r "some/path.dll", but not #r "nuget: ...".
    [GeneratedRegex("""^\s*#r\s+"(?!\s*nuget:)(?<path>[^"]+)"\s*$""", RegexOptions.Multiline)]
    private static partial Regex AssemblyDirective();
}
