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
    public void The_kernelspec_runs_the_pinned_tool_as_dotnet_interactive_jupyter_install_would_with_the_kernel_hook()
    {
        const string hook = "/home/u/.local/share/backprop/kernel-hook/0123456789abcdef/Backprop.KernelHook.dll";
        var spec = JsonNode.Parse(JupyterKernelSpec.KernelJson(Tool, hook))!;

        Assert.Equal([Tool, "jupyter", "--default-kernel", "csharp", "--http-local-only", "{connection_file}"], spec["argv"]!.AsArray().Select(a => a!.GetValue<string>()));
        // A .NET startup hook loads the hook by path; ASP.NET Core then runs it as a hosting startup, by name.
        Assert.Equal(hook, spec["env"]!["DOTNET_STARTUP_HOOKS"]!.GetValue<string>());
        Assert.Equal("Backprop.KernelHook", spec["env"]!["ASPNETCORE_HOSTINGSTARTUPASSEMBLIES"]!.GetValue<string>());
        Assert.Equal("1", spec["env"]!["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"]!.GetValue<string>());
        Assert.Equal(".NET (C#) · backprop kit (dotnet-interactive 1.0.712001)", spec["display_name"]!.GetValue<string>());
        Assert.Equal("C#", spec["language"]!.GetValue<string>());
        // The kit's own name (never the stock .net-csharp); ".net-" is how Polyglot Notebooks knows a .NET notebook.
        Assert.Equal(".net-csharp-backprop-1.0.712001", JupyterKernelSpec.Name);
    }

    [Fact]
    public void The_kernel_hook_is_installed_once_per_build_and_the_second_setup_says_already()
    {
        var hook = new KernelHook(Path.Combine(_root, "home"));
        string built = Path.Combine(_root, "bin", "Backprop.KernelHook.dll");
        Directory.CreateDirectory(Path.GetDirectoryName(built)!);
        File.WriteAllText(built, "build 1");

        var (path, first) = hook.Install(built);
        var (again, second) = hook.Install(built);
        File.WriteAllText(built, "build 2");
        var (next, third) = hook.Install(built);

        Assert.StartsWith("installed the kernel hook into ", first);
        Assert.StartsWith("the kernel hook is already installed", second);
        Assert.Equal(path, again);
        Assert.Equal("build 1", File.ReadAllText(path));
        // Another build goes to a folder of its own; the one a running kernel may hold stays as it was.
        Assert.NotEqual(path, next);
        Assert.StartsWith("installed", third);
        Assert.Equal("build 2", File.ReadAllText(next));
        Assert.Equal("build 1", File.ReadAllText(path));
        Assert.All(new[] { path, next }, p => Assert.Equal(hook.Folder, Path.GetDirectoryName(Path.GetDirectoryName(p))));

        var missing = Assert.Throws<SetupException>(() => hook.Install(Path.Combine(_root, "bin", "nothing.dll")));
        Assert.Contains("is missing: build the command again", missing.Message);
    }

    [Fact]
    public void The_kernel_hook_is_built_beside_the_command()
    {
        Assert.True(File.Exists(KernelHook.Built), $"{KernelHook.Built} is missing: Backprop.Course copies src/Backprop.KernelHook's build beside itself");
        Assert.Equal(KernelHook.AssemblyName, System.Reflection.AssemblyName.GetAssemblyName(KernelHook.Built).Name);

        // What the runtime and ASP.NET Core look for: a type StartupHook in no namespace with a static Initialize(), and
        // an assembly-level HostingStartup attribute (read from the metadata: the test process has no ASP.NET Core).
        using var pe = new System.Reflection.PortableExecutable.PEReader(File.OpenRead(KernelHook.Built));
        var metadata = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
        var hook = metadata.TypeDefinitions.Select(metadata.GetTypeDefinition)
            .Single(t => metadata.GetString(t.Name) == "StartupHook" && metadata.GetString(t.Namespace).Length == 0);
        var initialize = hook.GetMethods().Select(metadata.GetMethodDefinition).Single(m => metadata.GetString(m.Name) == "Initialize");
        Assert.True(initialize.Attributes.HasFlag(System.Reflection.MethodAttributes.Static));
        Assert.True(initialize.Attributes.HasFlag(System.Reflection.MethodAttributes.Public));
        var attributes = metadata.GetAssemblyDefinition().GetCustomAttributes().Select(metadata.GetCustomAttribute).Select(a =>
            a.Constructor.Kind == System.Reflection.Metadata.HandleKind.MemberReference
            && metadata.GetMemberReference((System.Reflection.Metadata.MemberReferenceHandle)a.Constructor).Parent is { Kind: System.Reflection.Metadata.HandleKind.TypeReference } parent
                ? metadata.GetString(metadata.GetTypeReference((System.Reflection.Metadata.TypeReferenceHandle)parent).Name)
                : "");
        Assert.Contains("HostingStartupAttribute", attributes);
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
