using Backprop.Grading.Isolation;

namespace Backprop.Grading.Tests;

/// <summary>The grader starts the self-contained sandbox that eng/publish-grader.sh puts in sandbox/, and only that.</summary>
public sealed class SandboxExecutableTests : IDisposable
{
    private readonly string _grader = TestPaths.NewTempFolder("grader");

    public void Dispose() => Directory.Delete(_grader, recursive: true);

    [Fact]
    public void Without_a_sandbox_folder_the_sandbox_assembly_runs_on_the_dotnet_host()
    {
        var command = SandboxExecutable.Command(_grader);

        Assert.Equal(2, command.Count);
        Assert.Equal("dotnet", Path.GetFileNameWithoutExtension(command[0]));
        Assert.Equal(Path.Combine(_grader, "Backprop.Grading.Sandbox.dll"), command[1]);
    }

    [Fact]
    public void A_published_self_contained_sandbox_is_started_directly()
    {
        string folder = Directory.CreateDirectory(Path.Combine(_grader, "sandbox")).FullName;
        File.WriteAllText(Path.Combine(folder, "Backprop.Grading.Sandbox.dll"), "");
        string apphost = Path.Combine(folder, OperatingSystem.IsWindows() ? "Backprop.Grading.Sandbox.exe" : "Backprop.Grading.Sandbox");
        File.WriteAllText(apphost, "");

        Assert.Equal([apphost], SandboxExecutable.Command(_grader));
    }

    [Fact]
    public void An_apphost_without_its_assembly_is_not_used()
    {
        string folder = Directory.CreateDirectory(Path.Combine(_grader, "sandbox")).FullName;
        File.WriteAllText(Path.Combine(folder, OperatingSystem.IsWindows() ? "Backprop.Grading.Sandbox.exe" : "Backprop.Grading.Sandbox"), "");

        Assert.Equal(Path.Combine(_grader, "Backprop.Grading.Sandbox.dll"), SandboxExecutable.Command(_grader)[^1]);
    }
}
