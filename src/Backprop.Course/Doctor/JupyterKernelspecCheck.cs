using System.Text.Json;
using Backprop.Course.Setup;
using Backprop.Runner;

namespace Backprop.Course.Doctor;

/// <summary>When Jupyter is installed, the <c>.net-csharp</c> kernelspec exists and starts the pinned tool.</summary>
internal sealed class JupyterKernelspecCheck : IDoctorCheck
{
    private const string Fix = "run: dotnet run --project src/Backprop.Course -- setup";

    public string Name => "Jupyter kernelspec";

    public async Task<DoctorFinding> RunAsync(RepositoryLayout repository, CancellationToken cancellation)
    {
        if (ExternalProcess.FindOnPath("jupyter") is not { } jupyter)
        {
            return DoctorFinding.Skipped("Jupyter is not installed (only the Jupyter-extension route needs it; Polyglot Notebooks does not)");
        }

        var listed = await ExternalProcess.RunAsync(jupyter, ["kernelspec", "list", "--json"], repository.Root, TimeSpan.FromSeconds(60), cancellation);
        if (listed is null || listed.ExitCode != 0)
        {
            return DoctorFinding.Problem($"'jupyter kernelspec list' failed: {listed?.Error.Trim() ?? "no answer within 60 s"}", "reinstall Jupyter: sudo apt-get install --reinstall jupyter-client");
        }

        var argv = CommandLineOf(listed.Output);
        if (argv is null)
        {
            return DoctorFinding.Problem($"no '{JupyterKernelSpec.Name}' kernelspec is registered", Fix);
        }

        string pinned = Path.GetFullPath(new PinnedKernelTool(repository.Root).ToolPath) + Path.DirectorySeparatorChar;
        return argv.Any(a => Path.IsPathFullyQualified(a) && Path.GetFullPath(a).StartsWith(pinned, StringComparison.Ordinal))
            ? DoctorFinding.Ok($"'{JupyterKernelSpec.Name}' starts the pinned kernel")
            : DoctorFinding.Problem($"'{JupyterKernelSpec.Name}' runs '{string.Join(' ', argv)}', not the pinned kernel in .tools/dotnet-interactive", Fix);
    }

    /// <summary>The argv of the course kernelspec in the JSON of <c>jupyter kernelspec list --json</c>, or null.</summary>
    private static string[]? CommandLineOf(string kernelspecsJson)
    {
        using var document = JsonDocument.Parse(kernelspecsJson);
        return document.RootElement.TryGetProperty("kernelspecs", out var specs)
            && specs.TryGetProperty(JupyterKernelSpec.Name, out var course)
            && course.TryGetProperty("spec", out var spec)
            && spec.TryGetProperty("argv", out var argv)
                ? argv.EnumerateArray().Select(a => a.GetString() ?? "").ToArray()
                : null;
    }
}
