using Backprop.Course.Setup;
using Backprop.Runner;

namespace Backprop.Course.Doctor;

/// <summary>When Jupyter is installed, the <c>.net-csharp</c> kernelspec exists and starts this checkout's pinned tool, which exists.</summary>
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

        return Judge(listed.Output, repository);
    }

    /// <summary>The verdict on the JSON of <c>jupyter kernelspec list --json</c> for this checkout.</summary>
    public static DoctorFinding Judge(string kernelspecsJson, RepositoryLayout repository)
    {
        var argv = KernelSpecArgv.Of(kernelspecsJson);
        if (argv is null)
        {
            return DoctorFinding.Problem($"no '{JupyterKernelSpec.Name}' kernelspec is registered", Fix);
        }

        var tool = new PinnedKernelTool(repository.Root);
        string program = argv.Length > 0 ? argv[0] : "";
        if (Path.IsPathFullyQualified(program) && Path.GetFullPath(program) == Path.GetFullPath(tool.Executable))
        {
            return File.Exists(program)
                ? DoctorFinding.Ok($"'{JupyterKernelSpec.Name}' starts the pinned kernel")
                : DoctorFinding.Problem($"'{JupyterKernelSpec.Name}' starts {Path.GetRelativePath(repository.Root, program)}, which does not exist (was .tools/ deleted?), so Jupyter cannot start the kernel", Fix);
        }

        if (KernelSpecArgv.CheckoutOf(program) is { } other)
        {
            return DoctorFinding.Problem(
                $"'{JupyterKernelSpec.Name}' starts the kernel of another checkout ({other}): Jupyter keeps one '{JupyterKernelSpec.Name}' per user, shared by every checkout",
                $"{Fix} (this points the kernelspec here; the checkout in {other} then runs this checkout's kernel until setup is run there again)");
        }

        return DoctorFinding.Problem($"'{JupyterKernelSpec.Name}' runs '{string.Join(' ', argv)}', not the pinned kernel in .tools/dotnet-interactive", Fix);
    }
}
