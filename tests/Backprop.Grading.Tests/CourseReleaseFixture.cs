using Backprop.Grading.Release;

namespace Backprop.Grading.Tests;

/// <summary>
/// A throwaway copy of the course repository (build files, sources, the course notebooks and the points file, no test
/// fixture) and both of its releases, written once by <c>backprop assign --mode homework</c> and <c>--mode tutorial</c>.
/// </summary>
public sealed class CourseReleaseFixture
{
    public CourseReleaseFixture()
    {
        Root = TestPaths.CopyRepository("course-repo", [], ["src", ".devcontainer"]);

        Homework = Assign("homework", out string homeworkOutput);
        Tutorial = Assign("tutorial", out _);
        HomeworkOutput = homeworkOutput;
    }

    /// <summary>The throwaway repository: the instructor's side.</summary>
    public string Root { get; }

    /// <summary>The homework release's folder.</summary>
    public string Homework { get; }

    /// <summary>What assign printed for the homework release.</summary>
    public string HomeworkOutput { get; }

    /// <summary>The tutorial release's folder.</summary>
    public string Tutorial { get; }

    public string InstructorNotebooks => Path.Combine(Root, "notebooks");

    private string Assign(string mode, out string printed)
    {
        string output = TestPaths.NewTempFolder("assign-" + mode);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = Course.CommandLine.RunAsync(["assign", "--mode", mode, "--root", Root, "--out", output], stdout, stderr).GetAwaiter().GetResult();
        Assert.True(code == 0, stderr.ToString());
        printed = stdout.ToString();
        return Path.Combine(output, "student");
    }

    /// <summary>Every file of a release as searchable text: notebooks as their cells' sources, other files as they are.</summary>
    public static IEnumerable<(string File, string Text)> Texts(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal) && !f.EndsWith(".png", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(f => (Path.GetRelativePath(folder, f), f.EndsWith(".ipynb", StringComparison.Ordinal)
                ? string.Join("\n", Backprop.Grading.Notebooks.NotebookReader.Read(f, out _)!.Cells.Select(c => c.Source))
                : File.ReadAllText(f)));
}
