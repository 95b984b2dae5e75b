using System.Reflection;
using Backprop.Course.Setup;
using Backprop.Runner;

namespace Backprop.Course.Doctor;

/// <summary>The pinned dotnet-interactive tool is installed (once per user), starts, and carries an FSharp.Core that Plotly.NET can load.</summary>
internal sealed class KernelToolCheck : IDoctorCheck
{
    private const string Fix = "run: dotnet run --project src/Backprop.Course -- setup";

    /// <summary>Plotly.NET 6.0.0 is compiled against FSharp.Core 10.1; the tool ships 10.0.</summary>
    private static readonly Version MinimumFSharpCore = new(10, 1, 0, 0);

    public string Name => "notebook kernel";

    public Task<DoctorFinding> RunAsync(RepositoryLayout repository, CancellationToken cancellation) =>
        RunAsync(new PinnedKernelTool(), repository, cancellation);

    /// <summary>The verdict on the install <paramref name="tool"/>.</summary>
    public static async Task<DoctorFinding> RunAsync(PinnedKernelTool tool, RepositoryLayout repository, CancellationToken cancellation)
    {
        string store = Path.Combine(tool.ToolPath, ".store", "microsoft.dotnet-interactive");
        if (!File.Exists(tool.Executable) || !Directory.Exists(store))
        {
            return DoctorFinding.Problem($"dotnet-interactive {PinnedKernelTool.Version} is not installed in {tool.ToolPath}", Fix);
        }

        var installed = Directory.GetDirectories(store).Select(Path.GetFileName).ToArray();
        if (!installed.Contains(PinnedKernelTool.Version))
        {
            return DoctorFinding.Problem($"dotnet-interactive {string.Join(", ", installed)} is installed, but the course pins {PinnedKernelTool.Version}", Fix);
        }

        var oldFSharp = Directory.EnumerateFiles(Path.Combine(store, PinnedKernelTool.Version), "FSharp.Core.dll", SearchOption.AllDirectories)
            .Select(path => AssemblyName.GetAssemblyName(path).Version)
            .FirstOrDefault(version => version is null || version < MinimumFSharpCore);
        if (oldFSharp is not null)
        {
            return DoctorFinding.Problem($"the kernel carries FSharp.Core {oldFSharp}, so every chart fails with \"Could not load file or assembly 'FSharp.Core, Version=10.1.0.0'\"", Fix);
        }

        var started = await ExternalProcess.RunAsync(tool.Executable, ["--version"], repository.Root, TimeSpan.FromSeconds(60), cancellation);
        if (started is null || !started.Succeeded || !started.Output.Contains(PinnedKernelTool.Version, StringComparison.Ordinal))
        {
            string said = started is null ? "did not answer within 60 s" : $"exited {started.ExitCode}: {started.Printed}";
            return DoctorFinding.Problem($"the pinned kernel does not start ({said})", Fix);
        }

        return DoctorFinding.Ok($"dotnet-interactive {PinnedKernelTool.Version} in {tool.ToolPath} (shared by every checkout of the kit) with FSharp.Core {MinimumFSharpCore.ToString(2)}, so charts load");
    }
}
