using Backprop.Runner;

namespace Backprop.Course.Doctor;

/// <summary>
/// The routes that need a network once: a notebook's <c>#r "nuget:"</c> pins (Jupyter, VS Code, backprop run) and an
/// exported app's <c>#:package</c> lines (the same packages, with X for a notebook extension X.Interactive) are
/// downloaded from NuGet on first use. OK when they are all in the NuGet cache (everything then runs offline), or
/// when they are not but NuGet answers; a problem only when they are missing and NuGet cannot be reached.
/// </summary>
/// <param name="packagesFolder">The NuGet global packages folder; null for NuGet's own (NUGET_PACKAGES, else ~/.nuget/packages).</param>
internal sealed class OfflineFirstUseCheck(string? packagesFolder = null) : IDoctorCheck
{
    public string Name => "offline use";

    public async Task<DoctorFinding> RunAsync(RepositoryLayout repository, CancellationToken cancellation)
    {
        var pins = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var notebook in repository.Notebooks())
        {
            try
            {
                // The course library comes from the checkout's own feed, never from NuGet.
                foreach (var pin in NotebookPackagePins.Read(await File.ReadAllTextAsync(notebook, cancellation)).Where(p => !LibraryPackage.IsLibrary(p.Package)))
                {
                    pins.Add($"{pin.Package} {pin.Version}");
                    if (pin.Package.EndsWith(".Interactive", StringComparison.OrdinalIgnoreCase))
                    {
                        pins.Add($"{pin.Package[..^".Interactive".Length]} {pin.Version}");
                    }
                }
            }
            catch (InvalidDataException)
            {
                // The notebook pins check names an unreadable notebook.
            }
        }

        if (pins.Count == 0)
        {
            return DoctorFinding.Skipped("no #r \"nuget:\" pins found in notebooks/");
        }

        var cache = packagesFolder ?? LibraryPackage.GlobalPackagesFolder();
        var missing = pins.Where(p => !IsCached(cache, p)).ToList();
        if (missing.Count == 0)
        {
            return DoctorFinding.Ok($"all {pins.Count} pinned packages are in the NuGet cache ({cache}): notebooks and exported apps run without a network");
        }

        string needs = $"the first run of a notebook or exported app downloads {string.Join(", ", missing)} from NuGet (not yet in {cache})";
        var nuget = await new NuGetReachableCheck().RunAsync(repository, cancellation);
        return nuget.Status == DoctorStatus.Ok
            ? DoctorFinding.Ok($"{needs}; NuGet answers, so run one notebook (backprop run) while online before working offline")
            : DoctorFinding.Problem($"{needs}, and NuGet cannot be reached: {nuget.Detail}", "connect once and run 'dotnet run --project src/Backprop.Course -- run' to fill the cache; after that the notebooks run offline");
    }

    // A restored package leaves ID/VERSION/.nupkg.metadata (both lower-case) in the global packages folder.
    private static bool IsCached(string cache, string pin)
    {
        var parts = pin.Split(' ', 2);
        return File.Exists(Path.Combine(cache, parts[0].ToLowerInvariant(), parts[1].ToLowerInvariant(), ".nupkg.metadata"));
    }
}
