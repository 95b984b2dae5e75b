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
        Root = TestPaths.CopyRepository("repo", [AutograderBundle.PublishScript], ["src"]);
        File.Copy(TestPaths.SolutionNotebook, Path.Combine(Root, "notebooks", "fixture.ipynb"), overwrite: true);
        Output = TestPaths.NewTempFolder("assign");
        int code = Course.CommandLine.RunAsync(["assign", "--root", Root, "--out", Output], new StringWriter(), new StringWriter()).GetAwaiter().GetResult();
        Assert.Equal(0, code);
    }

    /// <summary>The throwaway repository.</summary>
    public string Root { get; }

    /// <summary>Where assign wrote: student/, instructor/ (autograder.zip, grading.json, rubric.md) and README.md.</summary>
    public string Output { get; }

    public string Student => Path.Combine(Output, "student");
}
