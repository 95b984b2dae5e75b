using Backprop.Runner;

namespace Backprop.Course.Doctor;

/// <summary>Backprop.Kernel.dll exists where the notebooks' relative <c>#r</c> looks for it, and is not older than its sources.</summary>
internal sealed class KernelLibraryBuiltCheck : IDoctorCheck
{
    private const string Fix = "build it: dotnet build src/Backprop.Kernel";

    public string Name => "library built";

    public Task<DoctorFinding> RunAsync(RepositoryLayout repository, CancellationToken cancellation)
    {
        var assembly = new FileInfo(repository.KernelAssembly);
        string shown = Path.GetRelativePath(repository.Root, assembly.FullName);
        if (!assembly.Exists)
        {
            return Task.FromResult(DoctorFinding.Problem($"{shown} does not exist, so the notebooks' first cell fails", Fix));
        }

        var newerSource = Sources(Path.Combine(repository.Root, "src", "Backprop.Kernel")).FirstOrDefault(source => source.LastWriteTimeUtc > assembly.LastWriteTimeUtc);
        return Task.FromResult(newerSource is null
            ? DoctorFinding.Ok($"{shown} is up to date")
            : DoctorFinding.Problem($"{Path.GetRelativePath(repository.Root, newerSource.FullName)} changed after {shown} was built", Fix));
    }

    private static IEnumerable<FileInfo> Sources(string folder) =>
        new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories)
            .Where(f => f.Extension is ".cs" or ".csproj")
            .Where(f => !f.FullName.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}")
                     && !f.FullName.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"));
}
