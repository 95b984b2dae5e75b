using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

[assembly: HostingStartup(typeof(Backprop.KernelHook.NoBootstrapHostingStartup))]

namespace Backprop.KernelHook;

/// <summary>
/// The hosting startup that <c>ASPNETCORE_HOSTINGSTARTUPASSEMBLIES</c> names. <c>dotnet-interactive jupyter</c> always
/// starts its HTTP API, and while configuring it queues a hidden <c>#!enable-http</c> command whenever its frontend
/// environment's public <c>RequiresAutomaticBootstrapping</c> is true (the constructor's default, and no option of the
/// jupyter command changes it). That command shows, in the first cell's output, a script that loads require.js from a
/// CDN and probes the HTTP API's addresses. Its startup filter sets the property to false before the tool configures
/// its HTTP API, so the command is never queued; the API itself still listens on the loopback only (--http-local-only).
/// </summary>
internal sealed class NoBootstrapHostingStartup : IHostingStartup
{
    /// <summary>The variable that names this assembly to ASP.NET Core.</summary>
    public const string Variable = "ASPNETCORE_HOSTINGSTARTUPASSEMBLIES";

    /// <summary>Adds the startup filter, and takes this assembly out of the variable, which the kernel's own child processes would inherit.</summary>
    public void Configure(IWebHostBuilder builder)
    {
        string self = typeof(NoBootstrapHostingStartup).Assembly.GetName().Name!;
        var others = (Environment.GetEnvironmentVariable(Variable) ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(name => name != self);
        Environment.SetEnvironmentVariable(Variable, string.Join(';', others) is { Length: > 0 } rest ? rest : null);
        builder.ConfigureServices(services => services.AddTransient<IStartupFilter, NoBootstrapFilter>());
    }
}

/// <summary>Runs before the tool's own application configuration (see <see cref="NoBootstrapHostingStartup"/>).</summary>
internal sealed class NoBootstrapFilter : IStartupFilter
{
    /// <summary>The full name of the type, in the tool's assembly, whose kernel shows the bootstrap.</summary>
    public const string FrontendEnvironmentType = "Microsoft.DotNet.Interactive.Http.HtmlNotebookFrontendEnvironment";

    /// <summary>The message written to the kernel's stderr (Jupyter's log) when the bootstrap could not be turned off.</summary>
    public const string NotTurnedOff = "backprop kernel hook: could not turn off dotnet-interactive's HTTP bootstrap";

    /// <inheritdoc/>
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        if (TurnOffBootstrap(app.ApplicationServices) is { } problem)
        {
            Console.Error.WriteLine($"{NotTurnedOff}: {problem}. The first cell's output will hold its script; the kit's kernelspec expects dotnet-interactive 1.0.712001 (run 'backprop setup').");
        }

        next(app);
    };

    /// <summary>
    /// Sets <c>RequiresAutomaticBootstrapping</c> of the kernel's frontend environment to false; returns null when done,
    /// else what was missing. The tool's types are found by name: they live in its own assembly, not in a package.
    /// </summary>
    public static string? TurnOffBootstrap(IServiceProvider services)
    {
        var kernelType = Type.GetType("Microsoft.DotNet.Interactive.Kernel, Microsoft.DotNet.Interactive");
        if (kernelType is null)
        {
            return "the type Microsoft.DotNet.Interactive.Kernel is not loaded";
        }

        var kernel = services.GetService(kernelType);
        if (kernel is null)
        {
            return "no Kernel is registered with the web host";
        }

        var environment = kernelType.GetProperty("FrontendEnvironment")?.GetValue(kernel);
        if (environment is null || environment.GetType().FullName != FrontendEnvironmentType)
        {
            return $"the kernel's frontend environment is {environment?.GetType().FullName ?? "missing"}, not {FrontendEnvironmentType}";
        }

        var property = environment.GetType().GetProperty("RequiresAutomaticBootstrapping");
        if (property is null || property.PropertyType != typeof(bool) || !property.CanWrite)
        {
            return $"{FrontendEnvironmentType} has no settable RequiresAutomaticBootstrapping";
        }

        property.SetValue(environment, false);
        return null;
    }
}
