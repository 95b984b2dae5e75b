using System.Reflection;

namespace Backprop.Course.Doctor;

/// <summary>The pinned dotnet-interactive tool is installed in .tools/, starts, and carries an FSharp.Core that Plotly.NET can load.</summary>
internal sealed class KernelToolCheck : IDoctorCheck
{
    private const string Fix = "run: dotnet run --project src/Backprop.Course -- setup";

    public string Name => "notebook kernel";

    public async Task<DoctorFinding> RunAsync(RepositoryLayout repository, CancellationToken cancellation)
    {
        string store = Path.Combine(repository.KernelToolFolder, ".store", KernelToolPin.PackageId.ToLowerInvariant());
        if (!File.Exists(repository.KernelToolExecutable) || !Directory.Exists(store))
        {
            return DoctorFinding.Problem($"dotnet-interactive {KernelToolPin.Version} is not installed in .tools/dotnet-interactive", Fix);
        }

        var installed = Directory.GetDirectories(store).Select(Path.GetFileName).ToArray();
        if (!installed.Contains(KernelToolPin.Version))
        {
            return DoctorFinding.Problem($"dotnet-interactive {string.Join(", ", installed)} is installed, but the course pins {KernelToolPin.Version}", Fix);
        }

        var oldFSharp = Directory.EnumerateFiles(Path.Combine(store, KernelToolPin.Version), "FSharp.Core.dll", SearchOption.AllDirectories)
            .Select(path => (path, version: AssemblyName.GetAssemblyName(path).Version))
            .Where(dll => dll.version is null || dll.version < KernelToolPin.MinimumFSharpCore)
            .ToArray();
        if (oldFSharp.Length > 0)
        {
            return DoctorFinding.Problem($"the kernel carries FSharp.Core {oldFSharp[0].version}, so every chart fails with \"Could not load file or assembly 'FSharp.Core, Version=10.1.0.0'\"", Fix);
        }

        var started = await ExternalCommand.RunAsync(repository.KernelToolExecutable, ["--version"], repository.Root, TimeSpan.FromSeconds(60), cancellation);
        if (started is null || started.ExitCode != 0 || !started.Output.Contains(KernelToolPin.Version, StringComparison.Ordinal))
        {
            string said = started is null ? "did not start within 60 s" : $"exited {started.ExitCode}: {(started.Output + started.Error).Trim()}";
            return DoctorFinding.Problem($"the pinned kernel does not start ({said})", Fix);
        }

        return DoctorFinding.Ok($"dotnet-interactive {KernelToolPin.Version} in .tools/dotnet-interactive, FSharp.Core ≥ {KernelToolPin.MinimumFSharpCore.ToString(2)} (charts load)");
    }
}
