using System.Security.Cryptography;

namespace Backprop.Course.Setup;

/// <summary>
/// The kit's kernel hook (src/Backprop.KernelHook, built beside <c>backprop.dll</c>), installed once per user and content
/// in <c>HOME/kernel-hook/HASH/</c>. The kit's kernelspec loads it into the pinned tool through two public hooks of .NET
/// and ASP.NET Core (<see cref="Environment"/>), and it turns off the tool's automatic HTTP bootstrap, the script that
/// <c>dotnet-interactive jupyter</c> otherwise shows in every notebook's first cell (require.js from a CDN and a probe of
/// the kernel's HTTP address).
/// </summary>
/// <param name="home">The folder that holds the kit's per-user installs (<see cref="PinnedKernelTool.Home"/>).</param>
internal sealed class KernelHook(string home)
{
    /// <summary>The hook's assembly name, which ASP.NET Core is given.</summary>
    public const string AssemblyName = "Backprop.KernelHook";

    /// <summary>The runtime's variable that loads a startup hook from a path.</summary>
    public const string StartupHooksVariable = "DOTNET_STARTUP_HOOKS";

    /// <summary>ASP.NET Core's variable that names hosting startup assemblies.</summary>
    public const string HostingStartupVariable = "ASPNETCORE_HOSTINGSTARTUPASSEMBLIES";

    private const string FileName = AssemblyName + ".dll";

    /// <summary>The folder that holds one folder per hook build.</summary>
    public string Folder => Path.Combine(home, "kernel-hook");

    /// <summary>The hook as built with this program.</summary>
    public static string Built => Path.Combine(AppContext.BaseDirectory, FileName);

    /// <summary>Where the hook built with this program is installed: its content's hash names the folder.</summary>
    public string InstalledPath(string built) =>
        Path.Combine(Folder, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(built)))[..16], FileName);

    /// <summary>Copies <paramref name="built"/> (by default <see cref="Built"/>) into its per-user folder unless it is there; returns its path and what was done.</summary>
    public (string Path, string Said) Install(string? built = null)
    {
        built ??= Built;
        if (!File.Exists(built))
        {
            throw new SetupException($"the kernel hook {built} is missing: build the command again (dotnet build src/Backprop.Course) and run 'backprop setup' again.");
        }

        string path = InstalledPath(built);
        if (File.Exists(path) && File.ReadAllBytes(path).AsSpan().SequenceEqual(File.ReadAllBytes(built)))
        {
            return (path, $"the kernel hook is already installed in {Path.GetDirectoryName(path)}");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Copy(built, path, overwrite: true);
        return (path, $"installed the kernel hook into {Path.GetDirectoryName(path)} (it turns off dotnet-interactive's HTTP bootstrap in Jupyter)");
    }

    /// <summary>The kernelspec's environment entries that load the hook at <paramref name="path"/>.</summary>
    public static IReadOnlyDictionary<string, string> Environment(string path) => new Dictionary<string, string>
    {
        [StartupHooksVariable] = path,
        [HostingStartupVariable] = AssemblyName,
    };

    /// <summary>Whether <paramref name="environment"/> (a kernelspec's env) loads an installed hook of this home; null when it does, else what is wrong.</summary>
    public string? ProblemWith(IReadOnlyDictionary<string, string> environment)
    {
        if (!environment.TryGetValue(StartupHooksVariable, out var path) || !environment.TryGetValue(HostingStartupVariable, out var assemblies)
            || !assemblies.Split(';').Contains(AssemblyName))
        {
            return $"its env does not load the kit's kernel hook ({StartupHooksVariable}, {HostingStartupVariable}={AssemblyName})";
        }

        if (!Path.IsPathFullyQualified(path) || Path.GetDirectoryName(Path.GetDirectoryName(Path.GetFullPath(path))) != Path.GetFullPath(Folder)
            || Path.GetFileName(path) != FileName)
        {
            return $"its {StartupHooksVariable} is '{path}', not a kernel hook installed in {Folder}";
        }

        return File.Exists(path) ? null : $"its kernel hook {path} does not exist (was the per-user install deleted?)";
    }
}
