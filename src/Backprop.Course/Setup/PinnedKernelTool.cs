using System.Reflection;
using System.Security.Cryptography;
using Backprop.Runner;

namespace Backprop.Course.Setup;

/// <summary>
/// The dotnet-interactive tool that the notebooks run on, installed once per user and version (not per checkout) in
/// <c>~/.local/share/backprop/dotnet-interactive/VERSION/</c> (the user's local application data folder), with its
/// FSharp.Core replaced by the version Plotly.NET 6.0.0 needs. Every checkout, release or course copy of the kit that
/// pins this version uses the same install.
/// </summary>
/// <param name="home">The folder that holds the kit's per-user installs; null for <see cref="DefaultHome"/>.</param>
internal sealed class PinnedKernelTool(string? home = null)
{
    /// <summary>The environment variable that moves the per-user install folder (tests, or a machine without a home folder).</summary>
    public const string HomeVariable = "BACKPROP_HOME";

    /// <summary><c>$BACKPROP_HOME</c>, else <c>backprop</c> in the user's local application data folder (<c>~/.local/share</c> on Linux).</summary>
    public static string DefaultHome =>
        Environment.GetEnvironmentVariable(HomeVariable) is { Length: > 0 } custom
            ? Path.GetFullPath(custom)
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "backprop");

    /// <summary>The pinned tool version: the last release, frozen since 2026.</summary>
    public const string Version = "1.0.712001";

    /// <summary>The FSharp.Core that Plotly.NET 6.0.0 needs; the tool ships 10.0, which breaks every chart.</summary>
    public const string FSharpCoreVersion = "10.1.403";

    private const string PackageId = "Microsoft.dotnet-interactive";

    /// <summary>The folder that holds the kit's per-user installs (this tool, and the kernel hook).</summary>
    public string Home => home ?? DefaultHome;

    /// <summary>Where the tool is installed: one folder per version, shared by every checkout.</summary>
    public string ToolPath => Path.Combine(Home, "dotnet-interactive", Version);

    /// <summary>The tool's executable.</summary>
    public string Executable => Path.Combine(ToolPath, OperatingSystem.IsWindows() ? "dotnet-interactive.exe" : "dotnet-interactive");

    private string Store => Path.Combine(ToolPath, ".store", PackageId.ToLowerInvariant(), Version);

    /// <summary>Installs the pinned tool unless that version is already there; returns what it did.</summary>
    public async Task<string> InstallAsync(CancellationToken cancellation)
    {
        if (File.Exists(Executable) && Directory.Exists(Store))
        {
            return $"dotnet-interactive {Version} already installed in {ToolPath} (one install per user, shared by every checkout)";
        }

        if (File.Exists(Executable))
        {
            // Another version is there: replace it.
            var uninstall = await ExternalProcess.RunAsync("dotnet", ["tool", "uninstall", PackageId, "--tool-path", ToolPath], WorkingDirectory, cancellation);
            if (!uninstall.Succeeded)
            {
                throw new SetupException($"could not remove the incomplete dotnet-interactive in {ToolPath}: {uninstall.Printed}. Delete that folder and run 'backprop setup' again.");
            }
        }

        Directory.CreateDirectory(ToolPath);
        var install = await ExternalProcess.RunAsync("dotnet", ["tool", "install", PackageId, "--version", Version, "--tool-path", ToolPath], WorkingDirectory, cancellation);
        if (!install.Succeeded || !File.Exists(Executable))
        {
            throw new SetupException($"'dotnet tool install {PackageId} --version {Version} --tool-path {ToolPath}' failed: {install.Printed}");
        }

        return $"installed dotnet-interactive {Version} into {ToolPath} (once per user: other checkouts of the kit use it too)";
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
            throw new SetupException($"no FSharp.Core.dll under {Store}: the tool install looks incomplete. Delete {ToolPath} and run 'backprop setup' again.");
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

    /// <summary>Whether <paramref name="program"/> is this install's executable.</summary>
    public bool IsExecutable(string program) =>
        Path.IsPathFullyQualified(program) && Path.GetFullPath(program) == Path.GetFullPath(Executable);

    // dotnet tool runs from any folder; the install folder's parent exists once ToolPath was created.
    private string WorkingDirectory => Path.GetDirectoryName(ToolPath)!;
}

/// <summary>A setup step that cannot go on; the message says what to do.</summary>
internal sealed class SetupException(string message) : Exception(message);
