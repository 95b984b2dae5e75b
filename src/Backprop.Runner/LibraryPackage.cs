using System.Security.Cryptography;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Backprop.Runner;

/// <summary>
/// The course library as the notebooks load it: the package Backprop.Kernel <see cref="Version"/> (with the kernel
/// extension that shows check tables and offline charts), packed from this checkout's sources into its feed folder
/// <c>.feed/</c>, which <c>notebooks/nuget.config</c> names as a package source.
/// <para>
/// NuGet keeps the first copy of a version it restores in its global packages folder (~/.nuget/packages) and never
/// looks at the feed again for that version. So the feed records the SHA-256 of the sources it was packed from; when
/// they change, the library is packed again, and <c>backprop setup</c> removes a cached copy of the version that is not
/// the feed's package from the global packages folder, so that the next restore takes the new one.
/// </para>
/// <para>
/// The version is the checkout's own, the <c>Version</c> of src/Backprop.Kernel/Backprop.Kernel.csproj: 1.0.0 in the
/// course repository, <c>1.0.0-release.&lt;hash&gt;</c> in a student release (<c>backprop assign</c> stamps it), so that
/// a release and the course repository set up on one machine each restore their own package from NuGet's cache.
/// </para>
/// </summary>
public static class LibraryPackage
{
    /// <summary>The package id the notebooks reference.</summary>
    public const string Id = "Backprop.Kernel";

    /// <summary>The library's project file, relative to the checkout; its <c>Version</c> is the package's.</summary>
    public const string ProjectFile = "src/Backprop.Kernel/Backprop.Kernel.csproj";

    /// <summary>
    /// The version this checkout's notebooks reference and its feed holds: the <c>Version</c> of <see cref="ProjectFile"/>.
    /// Throws <see cref="InvalidDataException"/>, naming the file and the fix, when the project has none or cannot be read.
    /// </summary>
    /// <param name="root">The checkout.</param>
    public static string Version(string root)
    {
        string path = Path.Combine(root, ProjectFile);
        string fix = $"restore {ProjectFile} from the course repository or the release (it needs one <Version>, e.g. <Version>1.0.0</Version>)";
        XDocument project;
        try
        {
            project = XDocument.Load(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or XmlException)
        {
            throw new InvalidDataException($"cannot read the library's version from {ProjectFile} ({e.Message}); {fix}.", e);
        }

        var versions = project.Root?.Elements("PropertyGroup").Elements("Version").Select(v => v.Value.Trim()).ToList() ?? [];
        return versions is [{ Length: > 0 } version]
            ? version
            : throw new InvalidDataException($"{ProjectFile} has {(versions.Count == 0 ? "no" : versions.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))} <Version> element(s) with a value, not one, so the library package has no version; {fix}.");
    }

    /// <summary>The notebooks' first-cell line that loads the library, <c>#r "nuget: Backprop.Kernel, &lt;Version&gt;"</c>.</summary>
    /// <param name="root">The checkout.</param>
    public static string ReferenceLine(string root) => $"#r \"nuget: {Id}, {Version(root)}\"";

    /// <summary>The projects whose sources make up the package.</summary>
    public static IReadOnlyList<string> Projects { get; } = ["src/Backprop.Kernel", "src/Backprop.Kernel.Interactive"];

    /// <summary>True for the package id of the course library (NuGet compares ids case-insensitively).</summary>
    public static bool IsLibrary(string packageId) => string.Equals(packageId, Id, StringComparison.OrdinalIgnoreCase);

    /// <summary>The feed folder of the checkout at <paramref name="root"/>.</summary>
    public static string Feed(string root) => Path.Combine(root, ".feed");

    /// <summary>The package file in the feed.</summary>
    public static string PackageFile(string root) => Path.Combine(Feed(root), $"{Id}.{Version(root)}.nupkg");

    /// <summary>Where the feed records the SHA-256 of the sources its package was packed from.</summary>
    public static string SourcesHashFile(string root) => Path.Combine(Feed(root), $"{Id}.{Version(root)}.sources-sha256");

    /// <summary>True when the feed holds the package packed from the sources as they are now.</summary>
    public static bool IsCurrent(string root) =>
        File.Exists(PackageFile(root)) && File.Exists(SourcesHashFile(root)) && File.ReadAllText(SourcesHashFile(root)).Trim() == SourcesHash(root);

    /// <summary>
    /// Packs the library into the feed unless it is current. With <paramref name="dropStaleCachedCopy"/> (what
    /// <c>setup</c>, <c>run</c> and <c>export</c> do: each restores the package afterwards), it also removes NuGet's
    /// cached copy of this checkout's version when that is not the feed's package (an earlier pack of the same version),
    /// since the notebooks would load it instead; without it, it only warns. Each kind of checkout has its own version
    /// (<see cref="Version"/>), so this never removes another kind's copy. Returns null on success, else an error that
    /// says how to pack by hand.
    /// </summary>
    public static async Task<string?> EnsureAsync(string root, TextWriter log, bool dropStaleCachedCopy, CancellationToken cancellation)
    {
        string version;
        try
        {
            version = Version(root);
        }
        catch (InvalidDataException e)
        {
            return e.Message;
        }

        if (!IsCurrent(root) && await PackAsync(root, log, cancellation) is { } packError)
        {
            return packError;
        }

        if (StaleCachedCopy(root) is { } stale)
        {
            if (dropStaleCachedCopy)
            {
                DropCachedCopy(stale, $"{Id} {version}", log);
            }
            else
            {
                log.WriteLine($"{Id} {version}: note: NuGet's cached copy ({stale}) is not this checkout's package; Jupyter and VS Code would load it. 'backprop setup' removes it.");
            }
        }

        return null;
    }

    private static async Task<string?> PackAsync(string root, TextWriter log, CancellationToken cancellation)
    {
        string hash = SourcesHash(root);
        string manual = "dotnet pack src/Backprop.Kernel -c Debug -o .feed";
        log.WriteLine($"{Id} {Version(root)}: packing this checkout's library into .feed/ ('{manual}') ...");
        var pack = await ExternalProcess.RunAsync(
            "dotnet", ["pack", Path.Combine("src", "Backprop.Kernel"), "-c", "Debug", "-o", Feed(root), "-nologo", "-v", "quiet"], root, cancellation);
        if (pack.ExitCode == -1)
        {
            return $"could not start 'dotnet' to pack Backprop.Kernel ({pack.Error}). Run '{manual}' in {root}.";
        }

        if (!pack.Succeeded || !File.Exists(PackageFile(root)))
        {
            return $"packing Backprop.Kernel failed (exit code {pack.ExitCode}). Run '{manual}' in {root} and fix what it reports.\n{pack.Printed}".TrimEnd();
        }

        await File.WriteAllTextAsync(SourcesHashFile(root), hash + "\n", cancellation);
        return null;
    }

    private static void DropCachedCopy(string stale, string package, TextWriter log)
    {
        try
        {
            Directory.Delete(stale, recursive: true);
            log.WriteLine($"{package}: removed NuGet's cached copy ({stale}), which was not this checkout's package; the next restore takes the one in .feed/.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.WriteLine($"{package}: warning: NuGet's cached copy ({stale}) is not this checkout's package and could not be removed ({e.Message}); remove that folder by hand.");
        }
    }

    /// <summary>NuGet's global packages folder (NUGET_PACKAGES, else ~/.nuget/packages).</summary>
    public static string GlobalPackagesFolder() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } folder
            ? folder
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    /// <summary>
    /// The folder of NuGet's cached copy of this checkout's version when it is not the package in the feed (an earlier
    /// pack's, or another checkout's of the same version), else null. NuGet records each cached package's SHA-512 beside
    /// it. Other versions (another kind of checkout's) are left alone: the notebooks here never restore them.
    /// </summary>
    /// <param name="root">The checkout.</param>
    /// <param name="packagesFolder">The global packages folder; null for <see cref="GlobalPackagesFolder"/>.</param>
    public static string? StaleCachedCopy(string root, string? packagesFolder = null)
    {
        // NuGet's folder and file names are the lower-cased id and (normalized) version.
        string version = Version(root).ToLowerInvariant();
        string folder = Path.Combine(packagesFolder ?? GlobalPackagesFolder(), Id.ToLowerInvariant(), version);
        string recorded = Path.Combine(folder, $"{Id.ToLowerInvariant()}.{version}.nupkg.sha512");
        if (!Directory.Exists(folder) || !File.Exists(PackageFile(root)))
        {
            return null;
        }

        using var package = File.OpenRead(PackageFile(root));
        string fresh = Convert.ToBase64String(SHA512.HashData(package));
        return File.Exists(recorded) && File.ReadAllText(recorded).Trim() == fresh ? null : folder;
    }

    /// <summary>SHA-256 over the package's projects (every file but bin/ and obj/) and the build settings, path by path.</summary>
    public static string SourcesHash(string root)
    {
        var files = Projects
            .Select(project => Path.Combine(root, project))
            .Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            .Where(file => !Path.GetRelativePath(root, file).Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .Concat(new[] { "Directory.Build.props", "Directory.Packages.props" }.Select(f => Path.Combine(root, f)).Where(File.Exists))
            .Select(file => Path.GetRelativePath(root, file).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (string relative in files)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(relative + "\n"));
            hash.AppendData(File.ReadAllBytes(Path.Combine(root, relative)));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
