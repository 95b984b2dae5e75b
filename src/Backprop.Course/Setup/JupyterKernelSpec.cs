using System.Text.Json;
using System.Text.Json.Nodes;
using Backprop.Runner;

namespace Backprop.Course.Setup;

/// <summary>
/// The kit's own Jupyter kernelspec, one per pinned tool version, as <c>dotnet interactive jupyter install</c> would write
/// <c>.net-csharp</c>, except that its argv runs the per-user pinned tool (see <see cref="PinnedKernelTool"/>) with the
/// HTTP API on the loopback only, and its env loads the kit's kernel hook (see <see cref="KernelHook"/>), which turns off
/// the HTTP bootstrap script the tool would show in the first cell. Setup never writes any other kernelspec, so a stock
/// <c>.net-csharp</c> stays as it is.
/// </summary>
internal static class JupyterKernelSpec
{
    /// <summary>
    /// The kernel name the notebooks' metadata ask for. It starts with <c>.net-</c>, which is how Polyglot Notebooks knows a
    /// .NET notebook, and names the tool version, so that two kit versions pinning different tools never share one.
    /// </summary>
    public const string Name = ".net-csharp-backprop-" + PinnedKernelTool.Version;

    /// <summary>What Jupyter shows in its kernel list.</summary>
    public const string DisplayName = ".NET (C#) · backprop kit (dotnet-interactive " + PinnedKernelTool.Version + ")";

    /// <summary>The kernel.json text for a tool at <paramref name="toolExecutable"/> and the kernel hook at <paramref name="hook"/>.</summary>
    public static string KernelJson(string toolExecutable, string hook)
    {
        var environment = new JsonObject { ["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" };
        foreach (var (name, value) in KernelHook.Environment(hook))
        {
            environment[name] = value;
        }

        var spec = new JsonObject
        {
            // --http-local-only: the kernel's HTTP API (which Jupyter mode always starts) listens on 127.0.0.1 only. The
            // hook in env keeps the tool from showing its bootstrap script (which would probe that address).
            ["argv"] = new JsonArray(toolExecutable, "jupyter", "--default-kernel", "csharp", "--http-local-only", "{connection_file}"),
            ["display_name"] = DisplayName,
            ["language"] = "C#",
            ["env"] = environment,
            ["metadata"] = new JsonObject
            {
                ["vscode"] = new JsonObject { ["extension_id"] = "ms-dotnettools.dotnet-interactive-vscode", ["kernel_id"] = "dotnet-interactive" },
            },
        };
        return spec.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    /// <summary>Registers the kernelspec with Jupyter for this user when Jupyter is installed; returns what it did.</summary>
    public static async Task<string> RegisterAsync(string toolExecutable, string hook, string workingDirectory, CancellationToken cancellation)
    {
        if (ExternalProcess.FindOnPath("jupyter") is null)
        {
            return "Jupyter is not on PATH: skipped the kernelspec (install Jupyter, e.g. apt-get install jupyter-nbconvert python3-nbclient, then run 'backprop setup' again)";
        }

        var wanted = KernelJson(toolExecutable, hook);
        var installed = await InstalledAsync(workingDirectory, cancellation);
        if (installed == wanted)
        {
            return $"Jupyter kernelspec {Name} already runs {toolExecutable} with the kernel hook {hook}";
        }

        var source = Path.Combine(Path.GetTempPath(), $"backprop-kernelspec-{Environment.ProcessId}", Name);
        Directory.CreateDirectory(source);
        try
        {
            await File.WriteAllTextAsync(Path.Combine(source, "kernel.json"), wanted, cancellation);
            CopyLogos(toolExecutable, source);
            var install = await ExternalProcess.RunAsync("jupyter", ["kernelspec", "install", "--user", "--replace", "--name", Name, source], workingDirectory, cancellation);
            if (!install.Succeeded)
            {
                throw new SetupException($"'jupyter kernelspec install --user --name {Name}' failed: {install.Printed}");
            }
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(source)!, recursive: true);
        }

        return $"{(installed is null ? "registered" : "updated")} the Jupyter kernelspec {Name} to run {toolExecutable} with the kernel hook {hook} (other kernelspecs, such as .net-csharp, left alone)";
    }

    // The installed kernel.json text of the kit's kernelspec, or null when there is none.
    private static async Task<string?> InstalledAsync(string workingDirectory, CancellationToken cancellation)
    {
        var list = await ExternalProcess.RunAsync("jupyter", ["kernelspec", "list", "--json"], workingDirectory, cancellation);
        if (!list.Succeeded)
        {
            return null;
        }

        try
        {
            var folder = JsonNode.Parse(list.Output)?["kernelspecs"]?[Name]?["resource_dir"]?.GetValue<string>();
            var file = folder is null ? null : Path.Combine(folder, "kernel.json");
            return file is not null && File.Exists(file) ? await File.ReadAllTextAsync(file, cancellation) : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    // The tool ships the kernel's logos in its resources; Jupyter shows them in its launcher.
    private static void CopyLogos(string toolExecutable, string destination)
    {
        var store = Path.Combine(Path.GetDirectoryName(toolExecutable)!, ".store");
        foreach (var logo in new[] { "logo-32x32.png", "logo-64x64.png" })
        {
            var found = Directory.Exists(store) ? Directory.GetFiles(store, logo, SearchOption.AllDirectories).FirstOrDefault() : null;
            if (found is not null)
            {
                File.Copy(found, Path.Combine(destination, logo), overwrite: true);
            }
        }
    }
}
