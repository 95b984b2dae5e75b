using System.Text.Json;
using Backprop.Course.Setup;
using Backprop.Runner;

namespace Backprop.Course.Doctor;

/// <summary>
/// When Jupyter is installed: which kernel each notebook will run, i.e. the kernelspec its metadata names and the
/// program that kernelspec starts. OK when every notebook names the kit's kernelspec and that starts the per-user pinned
/// tool, which exists, with the kit's kernel hook (no HTTP bootstrap script in the notebooks), which exists.
/// </summary>
internal sealed class JupyterKernelspecCheck : IDoctorCheck
{
    private const string Fix = "run: dotnet run --project src/Backprop.Course -- setup";

    /// <summary>Notebook files larger than this are not read for their metadata (the course's are far smaller).</summary>
    private const long MaxNotebookBytes = 64L * 1024 * 1024;

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

        return Judge(listed.Output, repository, new PinnedKernelTool());
    }

    /// <summary>The verdict on the JSON of <c>jupyter kernelspec list --json</c> for this checkout's notebooks and the install <paramref name="tool"/>.</summary>
    public static DoctorFinding Judge(string kernelspecsJson, RepositoryLayout repository, PinnedKernelTool tool)
    {
        var argv = KernelSpecArgv.Of(kernelspecsJson);
        if (argv is null)
        {
            return DoctorFinding.Problem($"the kit's kernelspec '{JupyterKernelSpec.Name}' is not registered, so Jupyter cannot start the notebooks' kernel", Fix);
        }

        string program = argv.Length > 0 ? argv[0] : "";
        if (!tool.IsExecutable(program))
        {
            return DoctorFinding.Problem($"'{JupyterKernelSpec.Name}' runs '{string.Join(' ', argv)}', not the pinned kernel {tool.Executable}", Fix);
        }

        if (!File.Exists(program))
        {
            return DoctorFinding.Problem($"'{JupyterKernelSpec.Name}' starts {program}, which does not exist (was the per-user install deleted?), so Jupyter cannot start the kernel", Fix);
        }

        var hook = new KernelHook(tool.Home);
        var environment = KernelSpecArgv.EnvironmentOf(kernelspecsJson) ?? new Dictionary<string, string>();
        if (hook.ProblemWith(environment) is { } hookProblem)
        {
            return DoctorFinding.Problem(
                $"'{JupyterKernelSpec.Name}' starts the pinned kernel, but {hookProblem}, so the first cell of every notebook run in Jupyter gets the kernel's HTTP bootstrap (a script from a CDN and the kernel's address)",
                Fix);
        }

        var others = repository.Notebooks()
            .Select(path => (Name: Path.GetFileName(path), Kernel: KernelspecNameOf(path)))
            .Where(n => n.Kernel != JupyterKernelSpec.Name)
            .ToList();
        if (others.Count > 0)
        {
            var (name, kernel) = others[0];
            var starts = kernel is null ? null : KernelSpecArgv.Of(kernelspecsJson, kernel)?.FirstOrDefault();
            string what = kernel is null
                ? "names no kernelspec in its metadata"
                : $"asks Jupyter for the kernelspec '{kernel}', which {(starts is null ? "is not registered" : $"starts {starts}, not the pinned kernel")}";
            return DoctorFinding.Problem(
                $"{name}{(others.Count > 1 ? $" (and {others.Count - 1} more)" : "")} {what}",
                $"open it in Jupyter, choose Kernel → Change Kernel… → {JupyterKernelSpec.DisplayName}, and save (your answers stay as they are)");
        }

        return DoctorFinding.Ok($"the notebooks run kernelspec '{JupyterKernelSpec.Name}', which starts {program} (dotnet-interactive {PinnedKernelTool.Version}, one install shared by every checkout) with the kit's kernel hook {environment[KernelHook.StartupHooksVariable]} (no HTTP bootstrap script in the notebooks)");
    }

    // The kernelspec name in a notebook's metadata, or null when it has none or cannot be read.
    private static string? KernelspecNameOf(string notebook)
    {
        try
        {
            if (new FileInfo(notebook).Length > MaxNotebookBytes)
            {
                return null;
            }

            using var document = JsonDocument.Parse(File.ReadAllBytes(notebook), new JsonDocumentOptions { MaxDepth = 64 });
            return document.RootElement.TryGetProperty("metadata", out var metadata)
                && metadata.TryGetProperty("kernelspec", out var spec)
                && spec.TryGetProperty("name", out var name)
                && name.ValueKind == JsonValueKind.String
                    ? name.GetString()
                    : null;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
