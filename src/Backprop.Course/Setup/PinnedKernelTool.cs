using System.Reflection;
using System.Security.Cryptography;
using Backprop.Runner;

namespace Backprop.Course.Setup;

/// <summary>
/// The dotnet-interactive tool that the notebooks run on, installed into the repository (<c>.tools/dotnet-interactive/</c>)
/// at one pinned version, with its FSharp.Core replaced by the version Plotly.NET 6.0.0 needs.
/// </summary>
internal sealed class PinnedKernelTool(string repositoryRoot)
{
    /// <summary>The pinned tool version: the last release, frozen since 2026.</summary>
    public const string Version = "1.0.712001";

    /// <summary>The FSharp.Core that Plotly.NET 6.0.0 needs; the tool ships 10.0, which breaks every chart.</summary>
    public const string FSharpCoreVersion = "10.1.403";

    private const string PackageId = "Microsoft.dotnet-interactive";

    /// <summary>Where the tool is installed.</summary>
    public string ToolPath => Path.Combine(repositoryRoot, ".tools", "dotnet-interactive");

    /// <summary>The tool's executable.</summary>
    public string Executable => Path.Combine(ToolPath, OperatingSystem.IsWindows() ? "dotnet-interactive.exe" : "dotnet-interactive");

    private string Store => Path.Combine(ToolPath, ".store", PackageId.ToLowerInvariant(), Version);

    /// <summary>Installs the pinned tool unless that version is already there; returns what it did.</summary>
    public async Task<string> InstallAsync(CancellationToken cancellation)
    {
        if (File.Exists(Executable) && Directory.Exists(Store))
        {
            return $"dotnet-interactive {Version} already installed in {Relative(ToolPath)}";
        }

        if (File.Exists(Executable))
        {
            // Another version is there: replace it.
            var uninstall = await ExternalProcess.RunAsync("dotnet", ["tool", "uninstall", PackageId, "--tool-path", ToolPath], repositoryRoot, cancellation);
            if (!uninstall.Succeeded)
            {
                throw new SetupException($"could not remove the other dotnet-interactive in {Relative(ToolPath)}: {uninstall.Printed}. Delete that folder and run 'backprop setup' again.");
            }
        }

        var install = await ExternalProcess.RunAsync("dotnet", ["tool", "install", PackageId, "--version", Version, "--tool-path", ToolPath], repositoryRoot, cancellation);
        if (!install.Succeeded || !File.Exists(Executable))
        {
            throw new SetupException($"'dotnet tool install {PackageId} --version {Version} --tool-path {Relative(ToolPath)}' failed: {install.Printed}");
        }

        return $"installed dotnet-interactive {Version} into {Relative(ToolPath)}";
    }

    /// <summary>Replaces every FSharp.Core.dll in the tool's store with FSharp.Core <see cref="FSharpCoreVersion"/>; returns what it did.</summary>
    public string AlignFSharpCore()
    {
        var replacement = FindFSharpCore()
            ?? throw new SetupException($"FSharp.Core {FSharpCoreVersion} is not in the NuGet cache. Run 'dotnet restore src/Backprop.Course' and then 'backprop setup' again.");
        var wanted = SHA256.HashData(File.ReadAllBytes(replacement));
        var copies = Directory.Exists(Store) ? Directory.GetFiles(Store, "FSharp.Core.dll", SearchOption.AllDirectories) : [];
        if (copies.Length == 0)
        {
            throw new SetupException($"no FSharp.Core.dll under {Relative(Store)}: the tool install looks incomplete. Delete {Relative(ToolPath)} and run 'backprop setup' again.");
        }

        var replaced = copies.Where(copy => !SHA256.HashData(File.ReadAllBytes(copy)).SequenceEqual(wanted)).ToList();
        foreach (var copy in replaced)
        {
            File.Copy(replacement, copy, overwrite: true);
        }

        return replaced.Count == 0
            ? $"FSharp.Core in the tool is already {FSharpCoreVersion} ({copies.Length} file(s))"
            : $"replaced {replaced.Count} FSharp.Core.dll in the tool with {FSharpCoreVersion}, so Plotly.NET charts load";
    }

    // The NuGet cache (which restoring Backprop.Course fills), else the copy this program itself runs with.
    private static string? FindFSharpCore()
    {
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } custom
            ? custom
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var fromCache = new[] { "netstandard2.1", "netstandard2.0" }
            .Select(tfm => Path.Combine(cache, "fsharp.core", FSharpCoreVersion, "lib", tfm, "FSharp.Core.dll"))
            .FirstOrDefault(File.Exists);
        if (fromCache is not null)
        {
            return fromCache;
        }

        var beside = Path.Combine(AppContext.BaseDirectory, "FSharp.Core.dll");
        return File.Exists(beside) && AssemblyName.GetAssemblyName(beside).Version is { Major: 10, Minor: 1 } ? beside : null;
    }

    private string Relative(string path) => Path.GetRelativePath(repositoryRoot, path);
}

/// <summary>A setup step that cannot go on; the message says what to do.</summary>
internal sealed class SetupException(string message) : Exception(message);
