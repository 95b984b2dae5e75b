using System.Text.Json.Nodes;
using Backprop.Course.Setup;

namespace Backprop.Runner.Tests;

/// <summary>The pieces of <c>backprop setup</c> that need no network: VS Code settings and the Jupyter kernelspec.</summary>
public sealed class SetupTests : IDisposable
{
    private const string Tool = "/home/u/.local/share/backprop/dotnet-interactive/1.0.712001/dotnet-interactive";

    private readonly string _root = Directory.CreateTempSubdirectory("backprop-setup-tests-").FullName;

    private string SettingsPath => Path.Combine(_root, ".vscode", "settings.json");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task VS_Code_settings_are_merged_into_existing_ones_and_the_second_run_says_already()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(SettingsPath)!);
        await File.WriteAllTextAsync(SettingsPath, """
            {
              // a comment, as VS Code allows
              "editor.tabSize": 4,
              "dotnet-interactive.kernelTransportArgs": ["dotnet", "interactive"],
            }
            """);

        var first = await VsCodeSettings.WriteAsync(_root, Tool, CancellationToken.None);
        var second = await VsCodeSettings.WriteAsync(_root, Tool, CancellationToken.None);

        var settings = JsonNode.Parse(await File.ReadAllTextAsync(SettingsPath))!;
        Assert.Equal(4, settings["editor.tabSize"]!.GetValue<int>());
        Assert.Equal([Tool, "[vscode]", "stdio", "--working-dir", "{working_dir}"], settings["dotnet-interactive.kernelTransportArgs"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal([Tool, "notebook-parser"], settings["dotnet-interactive.notebookParserArgs"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.StartsWith("wrote ", first);
        Assert.Contains("already", second);
    }

    [Fact]
    public async Task Unreadable_VS_Code_settings_are_reported_and_left_alone()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(SettingsPath)!);
        await File.WriteAllTextAsync(SettingsPath, "{ \"editor.tabSize\": ");

        var problem = await Assert.ThrowsAsync<SetupException>(() => VsCodeSettings.WriteAsync(_root, Tool, CancellationToken.None));

        Assert.Contains("is not valid JSON", problem.Message);
        Assert.Equal("{ \"editor.tabSize\": ", await File.ReadAllTextAsync(SettingsPath));
    }

    [Fact]
    public void The_kernelspec_runs_the_pinned_tool_as_dotnet_interactive_jupyter_install_would()
    {
        var spec = JsonNode.Parse(JupyterKernelSpec.KernelJson(Tool))!;

        Assert.Equal([Tool, "jupyter", "--default-kernel", "csharp", "--http-local-only", "{connection_file}"], spec["argv"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal(".NET (C#) · backprop kit (dotnet-interactive 1.0.712001)", spec["display_name"]!.GetValue<string>());
        Assert.Equal("C#", spec["language"]!.GetValue<string>());
        // The kit's own name (never the stock .net-csharp); ".net-" is how Polyglot Notebooks knows a .NET notebook.
        Assert.Equal(".net-csharp-backprop-1.0.712001", JupyterKernelSpec.Name);
    }

    public static TheoryData<string> Notebooks() => new(CourseNotebookRuns.NotebookNames);

    /// <summary>Jupyter starts the kernelspec a notebook names; nbconvert --to script names the file by file_extension.</summary>
    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Each_course_notebook_asks_for_the_kits_kernelspec_and_says_its_scripts_are_cs(string notebook)
    {
        var metadata = JsonNode.Parse(File.ReadAllText(Path.Combine(CourseNotebookRuns.NotebookFolder, notebook)))!["metadata"]!;

        Assert.Equal(JupyterKernelSpec.Name, metadata["kernelspec"]!["name"]!.GetValue<string>());
        Assert.Equal(JupyterKernelSpec.DisplayName, metadata["kernelspec"]!["display_name"]!.GetValue<string>());
        Assert.Equal(".cs", metadata["language_info"]!["file_extension"]!.GetValue<string>());
        Assert.Equal("C#", metadata["language_info"]!["name"]!.GetValue<string>());
    }
}
