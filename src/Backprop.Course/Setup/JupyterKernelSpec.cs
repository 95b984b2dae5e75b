using System.Text.Json;
using System.Text.Json.Nodes;
using Backprop.Runner;

namespace Backprop.Course.Setup;

/// <summary>
/// The Jupyter kernelspec ".net-csharp", as <c>dotnet interactive jupyter install</c> writes it, except that its argv
/// runs the pinned tool in the repository instead of whatever <c>dotnet interactive</c> finds.
/// </summary>
internal static class JupyterKernelSpec
{
    /// <summary>The kernel name the notebooks' metadata ask for.</summary>
    public const string Name = ".net-csharp";

    /// <summary>The kernel.json text for a tool at <paramref name="toolExecutable"/>.</summary>
    public static string KernelJson(string toolExecutable)
    {
        var spec = new JsonObject
        {
            ["argv"] = new JsonArray(toolExecutable, "jupyter", "--default-kernel", "csharp", "{connection_file}"),
            ["display_name"] = ".NET (C#)",
            ["language"] = "C#",
            ["env"] = new JsonObject { ["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" },
            ["metadata"] = new JsonObject
            {
                ["vscode"] = new JsonObject { ["extension_id"] = "ms-dotnettools.dotnet-interactive-vscode", ["kernel_id"] = "dotnet-interactive" },
            },
        };
        return spec.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    /// <summary>Registers the kernelspec with Jupyter for this user when Jupyter is installed; returns what it did.</summary>
    public static async Task<string> RegisterAsync(string toolExecutable, string workingDirectory, CancellationToken cancellation)
    {
        if (ExternalProcess.FindOnPath("jupyter") is null)
        {
            return "Jupyter is not on PATH: skipped the kernelspec (install Jupyter, e.g. apt-get install jupyter-nbconvert python3-nbclient, then run 'backprop setup' again)";
        }

        var wanted = KernelJson(toolExecutable);
        var (installed, installedProgram) = await InstalledAsync(workingDirectory, cancellation);
        if (installed == wanted)
        {
            return $"Jupyter kernelspec {Name} already runs the pinned tool";
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

        return $"registered the Jupyter kernelspec {Name} to run {toolExecutable}" + (ClashNote(installedProgram, toolExecutable) is { } clash ? ". " + clash : "");
    }

    /// <summary>
    /// What to tell the user when registering repoints a kernelspec that another checkout's pinned tool still uses
    /// (Jupyter keeps one kernelspec of a name per user), or null when nothing else is affected.
    /// </summary>
    public static string? ClashNote(string? installedProgram, string toolExecutable)
    {
        if (installedProgram is null || KernelSpecArgv.CheckoutOf(installedProgram) is not { } other
            || Path.GetFullPath(installedProgram) == Path.GetFullPath(toolExecutable) || !File.Exists(installedProgram))
        {
            return null;
        }

        return $"NOTE: it ran the kernel of another checkout, {other}. Jupyter keeps one {Name} kernelspec per user, so notebooks in {other} now run this checkout's kernel too; run 'backprop setup' there to point it back";
    }

    // The installed kernel.json text and the program its argv starts, each null when there is none.
    private static async Task<(string? Json, string? Program)> InstalledAsync(string workingDirectory, CancellationToken cancellation)
    {
        var list = await ExternalProcess.RunAsync("jupyter", ["kernelspec", "list", "--json"], workingDirectory, cancellation);
        if (!list.Succeeded)
        {
            return (null, null);
        }

        try
        {
            var program = KernelSpecArgv.Of(list.Output)?.FirstOrDefault();
            var folder = JsonNode.Parse(list.Output)?["kernelspecs"]?[Name]?["resource_dir"]?.GetValue<string>();
            var file = folder is null ? null : Path.Combine(folder, "kernel.json");
            return (file is not null && File.Exists(file) ? await File.ReadAllTextAsync(file, cancellation) : null, program);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return (null, null);
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
