using System.Runtime.Loader;

/// <summary>
/// The .NET startup hook (<c>DOTNET_STARTUP_HOOKS</c>, set by the kit's kernelspec): the runtime loads this assembly by
/// path and calls <see cref="Initialize"/> before the tool's <c>Main</c>. It lets ASP.NET Core find the same assembly by
/// name, as <c>ASPNETCORE_HOSTINGSTARTUPASSEMBLIES</c> asks it to (see <see cref="Backprop.KernelHook.NoBootstrapHostingStartup"/>).
/// </summary>
internal static class StartupHook
{
    /// <summary>The variable the runtime read; removed so that no process the kernel starts (NuGet restores) loads the hook.</summary>
    public const string Variable = "DOTNET_STARTUP_HOOKS";

    /// <summary>Called by the runtime once, before <c>Main</c>.</summary>
    public static void Initialize()
    {
        var self = typeof(StartupHook).Assembly;
        string name = self.GetName().Name!;
        AssemblyLoadContext.Default.Resolving += (_, wanted) => wanted.Name == name ? self : null;
        Environment.SetEnvironmentVariable(Variable, null);
    }
}
