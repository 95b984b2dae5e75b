using Backprop.Grading.Release;

namespace Backprop.Grading.Tests;

/// <summary>
/// A throwaway course repository: this repository's build files and Backprop.Kernel, the points file, and the fixture
/// as notebooks/fixture.ipynb (plus the course notebooks when present). The release is written from it once.
/// </summary>
public sealed class ReleaseFixture
{
    public ReleaseFixture()
    {
        Root = TestPaths.NewTempFolder("repo");
        var files = StudentRelease.BuildFiles.Append("Backprop.Notebooks.sln").Append("notebooks/grading.json").Append(AutograderBundle.PublishScript)
            .Where(f => File.Exists(Path.Combine(TestPaths.Root, f)))
            .Concat(RepositoryFiles.Under(TestPaths.Root, "src"))
            .Concat(RepositoryFiles.Under(TestPaths.Root, "notebooks").Where(f => f.EndsWith(".ipynb", StringComparison.Ordinal) && !f.EndsWith(".executed.ipynb", StringComparison.Ordinal)));
        foreach (string relative in files)
        {
            string target = Path.Combine(Root, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(TestPaths.Root, relative), target);
        }

        File.Copy(TestPaths.SolutionNotebook, Path.Combine(Root, "notebooks", "fixture.ipynb"), overwrite: true);
        Output = TestPaths.NewTempFolder("assign");
        int code = Course.CommandLine.RunAsync(["assign", "--root", Root, "--out", Output], new StringWriter(), new StringWriter()).GetAwaiter().GetResult();
        Assert.Equal(0, code);
    }

    /// <summary>The throwaway repository.</summary>
    public string Root { get; }

    /// <summary>Where assign wrote: student/ and autograder.zip.</summary>
    public string Output { get; }

    public string Student => Path.Combine(Output, "student");
}
