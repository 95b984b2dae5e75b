using Backprop.Runner;

namespace Backprop.Course.Doctor;

/// <summary>
/// The notebooks load Backprop.Kernel of this checkout's version (<see cref="LibraryPackage.Version"/>) from its feed: the feed holds
/// it, packed from the sources as they are now, and NuGet's cached copy of that version (which a restore takes
/// instead of the feed's) is the feed's, not another checkout's or an earlier pack's.
/// </summary>
/// <param name="packagesFolder">The NuGet global packages folder; null for NuGet's own (NUGET_PACKAGES, else ~/.nuget/packages).</param>
internal sealed class LibraryPackageCheck(string? packagesFolder = null) : IDoctorCheck
{
    private const string Fix = "pack it: dotnet run --project src/Backprop.Course -- setup (then restart the notebook kernel)";

    public string Name => "library package";

    public Task<DoctorFinding> RunAsync(RepositoryLayout repository, CancellationToken cancellation)
    {
        if (!LibraryVersion.TryRead(repository, out string version, out var unreadable))
        {
            return Task.FromResult(unreadable);
        }

        string package = Path.GetRelativePath(repository.Root, LibraryPackage.PackageFile(repository.Root));
        if (!File.Exists(LibraryPackage.PackageFile(repository.Root)))
        {
            return Task.FromResult(DoctorFinding.Problem(
                $"{package} does not exist, so the notebooks' first cell fails (Unable to find package {LibraryPackage.Id})", Fix));
        }

        if (!LibraryPackage.IsCurrent(repository.Root))
        {
            return Task.FromResult(DoctorFinding.Problem(
                $"the library's sources ({string.Join(", ", LibraryPackage.Projects)}) changed after {package} was packed, so the notebooks load an older library", Fix));
        }

        return Task.FromResult(LibraryPackage.StaleCachedCopy(repository.Root, packagesFolder) is { } stale
            ? DoctorFinding.Problem(
                $"NuGet's cached copy of {LibraryPackage.Id} {version} ({stale}) is not the package in {package} (another checkout's or an earlier pack's), and a restore takes the cached copy",
                Fix)
            : DoctorFinding.Ok($"{package} is packed from the current sources, and NuGet has no other copy of {LibraryPackage.Id} {version}"));
    }
}
