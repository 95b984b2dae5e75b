using Backprop.Course.Commands;
using Backprop.Course.Doctor;
using Backprop.Course.Setup;
using Backprop.Runner;

namespace Backprop.Course.Tests;

/// <summary>Each doctor check reports the broken state it exists for, with a fix, on a throwaway checkout.</summary>
public sealed class DoctorTests : IDisposable
{
    private readonly RepositoryLayout _repository;

    public DoctorTests()
    {
        string root = Directory.CreateTempSubdirectory("backprop-doctor-").FullName;
        File.WriteAllText(Path.Combine(root, RepositoryLayout.SolutionFileName), "");
        File.WriteAllText(Path.Combine(root, "Directory.Packages.props"), """
            <Project><ItemGroup>
              <PackageVersion Include="MathNet.Numerics" Version="5.0.0" />
              <PackageVersion Include="Plotly.NET.Interactive" Version="6.0.0" />
            </ItemGroup></Project>
            """);
        Directory.CreateDirectory(Path.Combine(root, "notebooks"));
        Directory.CreateDirectory(Path.Combine(root, "src", "Backprop.Kernel"));
        File.WriteAllText(Path.Combine(root, LibraryPackage.ProjectFile), "<Project><PropertyGroup><Version>1.0.0</Version></PropertyGroup></Project>");
        _repository = new RepositoryLayout(root);
    }

    private PinnedKernelTool Tool => new(Path.Combine(_repository.Root, "per-user-home"));

    public void Dispose() => Directory.Delete(_repository.Root, recursive: true);

    [Fact]
    public void The_repository_root_is_found_from_a_folder_below_it_and_not_outside_it()
    {
        string below = Directory.CreateDirectory(Path.Combine(_repository.Root, "notebooks", "deep")).FullName;
        Assert.Equal(_repository.Root, RepositoryLayout.Find(below)?.Root);
        Assert.Null(RepositoryLayout.Find(Path.GetTempPath()));
    }

    [Fact]
    public async Task Notebook_pins_that_match_Directory_Packages_props_pass()
    {
        WriteNotebook("01-a.ipynb", "#r \"nuget: MathNet.Numerics, 5.0.0\"\n#r \"nuget: Plotly.NET.Interactive, 6.0.0\"");
        var finding = await new NotebookPinsCheck().RunAsync(_repository, default);
        Assert.Equal(DoctorStatus.Ok, finding.Status);
        Assert.Contains("2 pins in 1 notebooks", finding.Detail);
    }

    [Fact]
    public async Task A_notebook_pinning_another_version_or_an_unlisted_package_is_named_with_both_versions()
    {
        WriteNotebook("01-a.ipynb", "#r \"nuget: MathNet.Numerics, 4.15.0\"");
        WriteNotebook("02-b.ipynb", "#r \"nuget: Newtonsoft.Json, 13.0.1\"");
        var finding = await new NotebookPinsCheck().RunAsync(_repository, default);
        Assert.Equal(DoctorStatus.Problem, finding.Status);
        Assert.Contains("01-a.ipynb: MathNet.Numerics 4.15.0 is pinned, Directory.Packages.props says 5.0.0", finding.Detail);
        Assert.Contains("02-b.ipynb: Newtonsoft.Json 13.0.1 is pinned but Directory.Packages.props has no Newtonsoft.Json", finding.Detail);
        Assert.Contains("Directory.Packages.props", finding.Fix);
    }

    [Fact]
    public async Task A_notebook_that_is_not_JSON_is_reported_not_thrown()
    {
        File.WriteAllText(Path.Combine(_repository.NotebooksFolder, "01-a.ipynb"), "{ \"cells\": [ {");
        var finding = await new NotebookPinsCheck().RunAsync(_repository, default);
        Assert.Equal(DoctorStatus.Problem, finding.Status);
        Assert.Contains("01-a.ipynb cannot be read: it is not valid JSON", finding.Detail);
    }

    [Fact]
    public async Task A_missing_stale_or_foreign_library_package_says_to_run_setup()
    {
        string cache = Path.Combine(_repository.Root, "nuget-cache");
        var check = new LibraryPackageCheck(cache);
        Assert.Contains(DoctorCommand.Checks, c => c is LibraryPackageCheck);
        string source = Path.Combine(_repository.Root, "src", "Backprop.Kernel", "TanhRnn.cs");
        File.WriteAllText(source, "// the library");
        var missing = await check.RunAsync(_repository, default);
        Assert.Equal(DoctorStatus.Problem, missing.Status);
        Assert.Contains(".feed/Backprop.Kernel.1.0.0.nupkg does not exist", missing.Detail);
        Assert.Contains("-- setup", missing.Fix);

        // As 'backprop setup' leaves it: the package, and the hash of the sources it was packed from.
        Directory.CreateDirectory(LibraryPackage.Feed(_repository.Root));
        File.WriteAllText(LibraryPackage.PackageFile(_repository.Root), "a package");
        File.WriteAllText(LibraryPackage.SourcesHashFile(_repository.Root), LibraryPackage.SourcesHash(_repository.Root));
        Assert.Equal(DoctorStatus.Ok, (await check.RunAsync(_repository, default)).Status);

        File.WriteAllText(source, "// the library, edited");
        var stale = await check.RunAsync(_repository, default);
        Assert.Equal(DoctorStatus.Problem, stale.Status);
        Assert.Contains("changed after .feed/Backprop.Kernel.1.0.0.nupkg was packed", stale.Detail);

        File.WriteAllText(source, "// the library");
        string cached = Directory.CreateDirectory(Path.Combine(cache, "backprop.kernel", "1.0.0")).FullName;
        string sha512 = Path.Combine(cached, "backprop.kernel.1.0.0.nupkg.sha512");
        File.WriteAllText(sha512, Convert.ToBase64String(System.Security.Cryptography.SHA512.HashData("another checkout's package"u8)));
        var foreign = await check.RunAsync(_repository, default);
        Assert.Equal(DoctorStatus.Problem, foreign.Status);
        Assert.Contains("NuGet's cached copy of Backprop.Kernel 1.0.0", foreign.Detail);

        File.WriteAllText(sha512, Convert.ToBase64String(System.Security.Cryptography.SHA512.HashData("a package"u8)));
        Assert.Equal(DoctorStatus.Ok, (await check.RunAsync(_repository, default)).Status);

        // Another version in the cache (a release's, set up beside this checkout) is not this checkout's concern.
        File.WriteAllText(sha512, Convert.ToBase64String(System.Security.Cryptography.SHA512.HashData("another checkout's package"u8)));
        Directory.Move(cached, Path.Combine(cache, "backprop.kernel", "1.0.0-release-0123456789ab"));
        Assert.Equal(DoctorStatus.Ok, (await check.RunAsync(_repository, default)).Status);
    }

    [Fact]
    public async Task A_release_checkout_wants_its_own_version_and_a_project_without_one_is_named()
    {
        string project = Path.Combine(_repository.Root, LibraryPackage.ProjectFile);
        File.WriteAllText(project, "<Project><PropertyGroup><Version>1.0.0-release-0123456789ab</Version></PropertyGroup></Project>");
        var missing = await new LibraryPackageCheck(Path.Combine(_repository.Root, "nuget-cache")).RunAsync(_repository, default);
        Assert.Contains(".feed/Backprop.Kernel.1.0.0-release-0123456789ab.nupkg does not exist", missing.Detail);
        WriteNotebook("01-a.ipynb", "#r \"nuget: Backprop.Kernel, 1.0.0\"");
        var course = await new NotebookReferencesCheck().RunAsync(_repository, default);
        Assert.Contains("asks for a version that .feed/ does not hold (1.0.0-release-0123456789ab)", course.Detail);

        File.WriteAllText(project, "<Project><PropertyGroup /></Project>");
        var none = await new LibraryPackageCheck().RunAsync(_repository, default);
        Assert.Equal(DoctorStatus.Problem, none.Status);
        Assert.Contains("src/Backprop.Kernel/Backprop.Kernel.csproj has no <Version>", none.Detail);
        Assert.Equal(DoctorStatus.Problem, (await new NotebookReferencesCheck().RunAsync(_repository, default)).Status);
    }

    [Fact]
    public async Task A_kernel_tool_that_is_missing_or_of_another_version_says_to_run_setup()
    {
        var missing = await KernelToolCheck.RunAsync(Tool, _repository, default);
        Assert.Equal(DoctorStatus.Problem, missing.Status);
        Assert.Contains("1.0.712001 is not installed", missing.Detail);
        Assert.Contains("-- setup", missing.Fix);

        File.WriteAllText(Directory.CreateDirectory(Tool.ToolPath).FullName + "/dotnet-interactive", "");
        Directory.CreateDirectory(Path.Combine(Tool.ToolPath, ".store", "microsoft.dotnet-interactive", "1.0.616301"));
        var other = await KernelToolCheck.RunAsync(Tool, _repository, default);
        Assert.Equal(DoctorStatus.Problem, other.Status);
        Assert.Contains("1.0.616301 is installed, but the course pins 1.0.712001", other.Detail);
    }

    [Fact]
    public async Task A_kernel_whose_FSharp_Core_is_older_than_10_1_is_named_as_the_reason_charts_fail()
    {
        string store = Path.Combine(Tool.ToolPath, ".store", "microsoft.dotnet-interactive", "1.0.712001", "tools");
        Directory.CreateDirectory(store);
        File.WriteAllText(Tool.Executable, "");
        // Any managed assembly older than 10.1 stands in for the tool's FSharp.Core 10.0: the check reads only the version.
        File.Copy(typeof(Xunit.FactAttribute).Assembly.Location, Path.Combine(store, "FSharp.Core.dll"));
        var finding = await KernelToolCheck.RunAsync(Tool, _repository, default);
        Assert.Equal(DoctorStatus.Problem, finding.Status);
        Assert.Contains("Could not load file or assembly 'FSharp.Core, Version=10.1.0.0'", finding.Detail);
    }

    [Fact]
    public async Task A_dead_NuGet_source_beside_a_good_one_is_a_problem_whose_fix_names_the_NuGet_Config_that_adds_it()
    {
        using var good = new LocalFeed();
        string dead = $"http://127.0.0.1:{LocalFeed.UnusedPort()}/v3/index.json";
        string config = Path.Combine(_repository.Root, "NuGet.Config");
        File.WriteAllText(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="good" value="{good.Url}" />
                <add key="dead-feed" value="{dead}" />
              </packageSources>
            </configuration>
            """);

        var finding = await new NuGetReachableCheck(TimeSpan.FromSeconds(5)).RunAsync(_repository, default);

        Assert.Equal(DoctorStatus.Problem, finding.Status);
        Assert.Contains("1 of 2 NuGet sources fail", finding.Detail);
        Assert.Contains(dead, finding.Detail);
        Assert.Contains("NU1301", finding.Detail);
        Assert.DoesNotContain(good.Url + " ", finding.Detail);
        Assert.Contains($"remove or correct the source 'dead-feed' in {config}", finding.Fix);
        Assert.DoesNotContain("proxy", finding.Fix);
        Assert.True(good.Requests > 0, "the good source was never asked");
    }

    [Fact]
    public async Task NuGet_sources_that_all_answer_pass_and_a_missing_folder_source_does_not()
    {
        using var good = new LocalFeed();
        string folder = Directory.CreateDirectory(Path.Combine(_repository.Root, "feed")).FullName;
        string config = Path.Combine(_repository.Root, "nuget.config");
        void Write(string folderSource) => File.WriteAllText(config, $"""
            <configuration><packageSources><clear /><add key="web" value="{good.Url}" /><add key="local" value="{folderSource}" /></packageSources></configuration>
            """);
        Write(folder);
        var ok = await new NuGetReachableCheck(TimeSpan.FromSeconds(5)).RunAsync(_repository, default);
        Assert.Equal(DoctorStatus.Ok, ok.Status);
        Assert.Contains("all 2 sources answer", ok.Detail);

        Write(Path.Combine(_repository.Root, "no-such-feed"));
        var missing = await new NuGetReachableCheck(TimeSpan.FromSeconds(5)).RunAsync(_repository, default);
        Assert.Equal(DoctorStatus.Problem, missing.Status);
        Assert.Contains("no-such-feed is a folder that does not exist", missing.Detail);
        Assert.Contains($"'local' in {config}", missing.Fix);
    }

    [Fact]
    public async Task A_nuget_directive_without_a_version_is_a_problem()
    {
        WriteNotebook("01-a.ipynb", "#r \"nuget: MathNet.Numerics\"\n#r \"nuget: Plotly.NET.Interactive, 6.0.0\"");
        var finding = await new NotebookPinsCheck().RunAsync(_repository, default);
        Assert.Equal(DoctorStatus.Problem, finding.Status);
        Assert.Contains("01-a.ipynb: #r \"nuget: MathNet.Numerics\" has no version", finding.Detail);
        Assert.Contains("pin 5.0.0", finding.Detail);
    }

    [Fact]
    public async Task A_library_loaded_from_a_build_folder_or_at_another_version_is_named_and_the_package_line_passes()
    {
        var check = new NotebookReferencesCheck();
        Assert.Contains(DoctorCommand.Checks, c => c is NotebookReferencesCheck);
        WriteNotebook("01-a.ipynb", "#r \"../src/Backprop.Kernel/bin/Release/net10.0/Backprop.Kernel.dll\"");
        var build = await check.RunAsync(_repository, default);
        Assert.Equal(DoctorStatus.Problem, build.Status);
        Assert.Contains("01-a.ipynb: #r \"../src/Backprop.Kernel/bin/Release/net10.0/Backprop.Kernel.dll\" loads the library from a build folder", build.Detail);
        Assert.Contains("CS0006", build.Detail);
        Assert.Contains("#r \"nuget: Backprop.Kernel, 1.0.0\"", build.Fix);

        WriteNotebook("01-a.ipynb", "#r \"nuget: Backprop.Kernel, 0.9.0\"");
        var version = await check.RunAsync(_repository, default);
        Assert.Equal(DoctorStatus.Problem, version.Status);
        Assert.Contains("asks for a version that .feed/ does not hold (1.0.0)", version.Detail);

        WriteNotebook("01-a.ipynb", "#r \"nuget: MathNet.Numerics, 5.0.0\"\n#r \"nuget: Backprop.Kernel, 1.0.0\"");
        var ok = await check.RunAsync(_repository, default);
        Assert.Equal(DoctorStatus.Ok, ok.Status);
        Assert.Contains("1 notebook(s) of 1 load the library as Backprop.Kernel 1.0.0", ok.Detail);
        // The library's own package is not one of Directory.Packages.props' pins.
        Assert.Equal(DoctorStatus.Ok, (await new NotebookPinsCheck().RunAsync(_repository, default)).Status);

        WriteNotebook("01-a.ipynb", "#r \"../lib/Other.dll\"");
        var other = await check.RunAsync(_repository, default);
        Assert.Equal(DoctorStatus.Problem, other.Status);
        Assert.Contains("names a file that does not exist", other.Detail);
    }

    [Fact]
    public void A_kernelspec_pointing_at_a_deleted_install_is_a_problem_and_passes_once_the_tool_exists()
    {
        WriteNotebook("01-a.ipynb", "1", JupyterKernelSpec.Name);
        string listing = KernelspecListing(Tool.Executable, KernelHook.Environment(InstallHook()));
        var deleted = JupyterKernelspecCheck.Judge(listing, _repository, Tool);
        Assert.Equal(DoctorStatus.Problem, deleted.Status);
        Assert.Contains("does not exist (was the per-user install deleted?)", deleted.Detail);
        Assert.Contains("-- setup", deleted.Fix);

        Directory.CreateDirectory(Tool.ToolPath);
        File.WriteAllText(Tool.Executable, "");
        var ok = JupyterKernelspecCheck.Judge(listing, _repository, Tool);
        Assert.Equal(DoctorStatus.Ok, ok.Status);
        Assert.Contains($"run kernelspec '{JupyterKernelSpec.Name}', which starts {Tool.Executable}", ok.Detail);
        Assert.Contains($"with the kit's kernel hook {InstallHook()} (no HTTP bootstrap script in the notebooks)", ok.Detail);
        Assert.Equal(DoctorStatus.Problem, JupyterKernelspecCheck.Judge("""{"kernelspecs": {}}""", _repository, Tool).Status);
        Assert.Equal(DoctorStatus.Problem, JupyterKernelspecCheck.Judge(KernelspecListing("/usr/bin/dotnet-interactive"), _repository, Tool).Status);
    }

    [Fact]
    public void A_kernelspec_that_starts_the_pinned_tool_without_an_installed_kernel_hook_is_a_problem_that_setup_fixes()
    {
        Directory.CreateDirectory(Tool.ToolPath);
        File.WriteAllText(Tool.Executable, "");
        WriteNotebook("01-a.ipynb", "1", JupyterKernelSpec.Name);
        string hook = InstallHook();

        // As setup wrote it before the hook: the first cell gets the tool's HTTP bootstrap.
        var none = JupyterKernelspecCheck.Judge(KernelspecListing(Tool.Executable), _repository, Tool);
        Assert.Equal(DoctorStatus.Problem, none.Status);
        Assert.Contains("does not load the kit's kernel hook", none.Detail);
        Assert.Contains("HTTP bootstrap (a script from a CDN and the kernel's address)", none.Detail);
        Assert.Contains("-- setup", none.Fix);

        var noHostingStartup = new Dictionary<string, string> { [KernelHook.StartupHooksVariable] = hook };
        Assert.Contains("does not load the kit's kernel hook", JupyterKernelspecCheck.Judge(KernelspecListing(Tool.Executable, noHostingStartup), _repository, Tool).Detail);

        string elsewhere = Path.Combine(_repository.Root, "elsewhere", "Backprop.KernelHook.dll");
        var moved = JupyterKernelspecCheck.Judge(KernelspecListing(Tool.Executable, KernelHook.Environment(elsewhere)), _repository, Tool);
        Assert.Equal(DoctorStatus.Problem, moved.Status);
        Assert.Contains($"is '{elsewhere}', not a kernel hook installed in {new KernelHook(Tool.Home).Folder}", moved.Detail);

        File.Delete(hook);
        var deleted = JupyterKernelspecCheck.Judge(KernelspecListing(Tool.Executable, KernelHook.Environment(hook)), _repository, Tool);
        Assert.Equal(DoctorStatus.Problem, deleted.Status);
        Assert.Contains($"its kernel hook {hook} does not exist", deleted.Detail);

        Assert.Equal(DoctorStatus.Ok, JupyterKernelspecCheck.Judge(KernelspecListing(Tool.Executable, KernelHook.Environment(InstallHook())), _repository, Tool).Status);
    }

    [Fact]
    public void A_notebook_that_asks_for_another_kernelspec_is_named_with_what_that_kernelspec_starts_and_how_to_switch()
    {
        Directory.CreateDirectory(Tool.ToolPath);
        File.WriteAllText(Tool.Executable, "");
        WriteNotebook("01-a.ipynb", "1", JupyterKernelSpec.Name);
        WriteNotebook("02-b.ipynb", "1", ".net-csharp");
        var listing = KernelspecListing(Tool.Executable, KernelHook.Environment(InstallHook())).Replace("\"kernelspecs\":{", "\"kernelspecs\":{\".net-csharp\":{\"spec\":{\"argv\":[\"/root/.dotnet/tools/dotnet-interactive\"]}},", StringComparison.Ordinal);

        var finding = JupyterKernelspecCheck.Judge(listing, _repository, Tool);

        Assert.Equal(DoctorStatus.Problem, finding.Status);
        Assert.Contains("02-b.ipynb asks Jupyter for the kernelspec '.net-csharp', which starts /root/.dotnet/tools/dotnet-interactive, not the pinned kernel", finding.Detail);
        Assert.Contains("Change Kernel", finding.Fix);
        Assert.DoesNotContain("git", finding.Fix);
    }

    [Fact]
    public async Task A_broken_notebook_gets_a_fresh_copy_beside_it_and_never_a_command_that_overwrites_answers()
    {
        Directory.CreateDirectory(Path.Combine(_repository.Root, ".git"));
        WriteNotebook("01-a.ipynb", "#r \"../src/Backprop.Kernel/bin/Release/net10.0/Backprop.Kernel.dll\"\n#r \"nuget: MathNet.Numerics, 4.0.0\"");

        var references = await new NotebookReferencesCheck().RunAsync(_repository, default);
        var pins = await new NotebookPinsCheck().RunAsync(_repository, default);
        foreach (var file in Directory.GetFiles(_repository.NotebooksFolder, "*.ipynb"))
        {
            File.Delete(file);
        }

        var none = await new NotebookPinsCheck().RunAsync(_repository, default);

        foreach (var finding in new[] { references, pins, none })
        {
            Assert.Equal(DoctorStatus.Problem, finding.Status);
            Assert.DoesNotMatch(@"git (checkout|restore|reset|clean|stash)|\brm\b", finding.Fix);
        }

        Assert.Contains("git show HEAD:notebooks/01-a.ipynb > notebooks/01-a.fresh.ipynb", references.Fix);
        Assert.Contains("git show HEAD:notebooks/01-a.ipynb > notebooks/01-a.fresh.ipynb", pins.Fix);
        Assert.Contains($"git clone \"{_repository.Root}\" \"{_repository.Root}-fresh\"", none.Fix);
        Directory.Delete(Path.Combine(_repository.Root, ".git"));
        Assert.Contains("download the release again", FreshCopy.Of(_repository, "01-a.ipynb"));
    }

    [Fact]
    public async Task VS_Code_settings_are_judged_by_the_program_Polyglot_Notebooks_starts()
    {
        Assert.Contains(DoctorCommand.Checks, c => c is VsCodeKernelCheck);
        Assert.Equal(DoctorStatus.Problem, VsCodeKernelCheck.Judge(_repository, Tool).Status);

        await VsCodeSettings.WriteAsync(_repository.Root, Tool.Executable, default);
        var missingTool = VsCodeKernelCheck.Judge(_repository, Tool);
        Assert.Equal(DoctorStatus.Problem, missingTool.Status);
        Assert.Contains("does not exist", missingTool.Detail);

        Directory.CreateDirectory(Tool.ToolPath);
        File.WriteAllText(Tool.Executable, "");
        var ok = VsCodeKernelCheck.Judge(_repository, Tool);
        Assert.Equal(DoctorStatus.Ok, ok.Status);
        Assert.Contains($"Polyglot Notebooks starts {Tool.Executable}", ok.Detail);

        await VsCodeSettings.WriteAsync(_repository.Root, "/usr/bin/dotnet-interactive", default);
        var other = VsCodeKernelCheck.Judge(_repository, Tool);
        Assert.Equal(DoctorStatus.Problem, other.Status);
        Assert.Contains("starts /usr/bin/dotnet-interactive, not the pinned kernel", other.Detail);
    }

    private static string KernelspecListing(string program, IReadOnlyDictionary<string, string>? env = null) =>
        System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["kernelspecs"] = new Dictionary<string, object>
            {
                [JupyterKernelSpec.Name] = new { resource_dir = "/nowhere", spec = new { argv = new[] { program, "jupyter", "--default-kernel", "csharp", "{connection_file}" }, env = env ?? new Dictionary<string, string>() } },
            },
        });

    // Installs a stand-in for the kernel hook into the throwaway per-user home, as setup does; returns its path.
    private string InstallHook()
    {
        string built = Path.Combine(_repository.Root, "build", "Backprop.KernelHook.dll");
        Directory.CreateDirectory(Path.GetDirectoryName(built)!);
        File.WriteAllText(built, "a stand-in for the hook");
        return new KernelHook(Tool.Home).Install(built).Path;
    }

    private void WriteNotebook(string name, string firstCell, string kernelspec = ".net-csharp-backprop-1.0.712001") =>
        File.WriteAllText(Path.Combine(_repository.NotebooksFolder, name), System.Text.Json.JsonSerializer.Serialize(new
        {
            cells = new object[]
            {
                new { cell_type = "markdown", source = new[] { "#r \"nuget: Ignored, 1.0.0\" in markdown is not a pin" } },
                new { cell_type = "code", source = firstCell.Split('\n').Select((l, i) => i == 0 ? l : "\n" + l).ToArray() },
            },
            metadata = new { kernelspec = new { name = kernelspec } },
            nbformat = 4,
            nbformat_minor = 5,
        }));
}
