using System.Text.Json;
using System.Text.Json.Nodes;
using Backprop.Course.Setup;
using Backprop.Runner;

namespace Backprop.Course.Doctor;

/// <summary>
/// Which kernel Polyglot Notebooks starts for this checkout: the program in <c>.vscode/settings.json</c>'s
/// <c>dotnet-interactive.kernelTransportArgs</c>, which must be the per-user pinned tool (the dev container's own
/// settings name the same path).
/// </summary>
internal sealed class VsCodeKernelCheck : IDoctorCheck
{
    private const string Fix = "run: dotnet run --project src/Backprop.Course -- setup";

    /// <summary>Settings files larger than this are not read.</summary>
    private const long MaxBytes = 1024 * 1024;

    public string Name => "VS Code kernel";

    public Task<DoctorFinding> RunAsync(RepositoryLayout repository, CancellationToken cancellation) =>
        Task.FromResult(Judge(repository, new PinnedKernelTool()));

    /// <summary>The verdict on this checkout's VS Code settings for the install <paramref name="tool"/>.</summary>
    public static DoctorFinding Judge(RepositoryLayout repository, PinnedKernelTool tool)
    {
        string path = Path.Combine(repository.Root, ".vscode", "settings.json");
        if (!File.Exists(path))
        {
            return DoctorFinding.Problem("no .vscode/settings.json, so Polyglot Notebooks starts a kernel of its own choosing, not the pinned one (charts fail on its FSharp.Core)", Fix);
        }

        string? program;
        try
        {
            if (new FileInfo(path).Length > MaxBytes)
            {
                return DoctorFinding.Problem(".vscode/settings.json is larger than 1 MiB, so it was not read", Fix);
            }

            var settings = JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 64 });
            program = settings?["dotnet-interactive.kernelTransportArgs"] is JsonArray args && args.Count > 0 && args[0]?.GetValueKind() == JsonValueKind.String
                ? args[0]!.GetValue<string>()
                : null;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return DoctorFinding.Problem($".vscode/settings.json cannot be read ({e.Message})", "fix the file's JSON, then " + Fix);
        }

        if (program is null)
        {
            return DoctorFinding.Problem(".vscode/settings.json has no dotnet-interactive.kernelTransportArgs, so Polyglot Notebooks starts a kernel of its own choosing", Fix);
        }

        if (!tool.IsExecutable(program))
        {
            return DoctorFinding.Problem($"Polyglot Notebooks starts {program}, not the pinned kernel {tool.Executable}", Fix);
        }

        return File.Exists(program)
            ? DoctorFinding.Ok($"Polyglot Notebooks starts {program} (dotnet-interactive {PinnedKernelTool.Version})")
            : DoctorFinding.Problem($"Polyglot Notebooks starts {program}, which does not exist (was the per-user install deleted?)", Fix);
    }
}
