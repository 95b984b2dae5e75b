using System.Diagnostics;
using Backprop.Grading.Notebooks;
using Backprop.Grading.Reports;
using Backprop.Grading.Scoring;

namespace Backprop.Grading.Tests.Hostile;

/// <summary>
/// A batch opens only regular files that each submission owns: a link to another student's folder or notebook, a
/// device, a pipe, two submissions of the same name and a name that looks like a formula each get one correct row,
/// and every report is written.
/// </summary>
public class BatchFileTests
{
    private static string Full => Submissions.AutoPoints.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string[][] Rows(string outDir) =>
        File.ReadAllLines(Path.Combine(outDir, BatchGrader.GradebookName)).Skip(1).Select(l => l.Split(',')).ToArray();

    private static BatchResult Grade(string folder, string outDir) =>
        BatchGrader.Grade(folder, outDir, Submissions.Options, SubmissionReports.Plain, parallelism: 2);

    private static string[] Row(string outDir, string name) => Assert.Single(Rows(outDir), r => r[0] == name);

    private static void AssertEveryReport(string outDir)
    {
        foreach (string file in BatchGrader.ReservedNames)
        {
            Assert.True(File.Exists(Path.Combine(outDir, file)), $"{file} was not written");
        }
    }

    [Fact]
    public void A_link_to_another_students_folder_or_notebook_scores_nothing_of_theirs()
    {
        string folder = TestPaths.NewTempFolder("links");
        Directory.CreateDirectory(Path.Combine(folder, "alice"));
        File.Copy(TestPaths.SolutionNotebook, Path.Combine(folder, "alice", "homework.ipynb"));
        File.CreateSymbolicLink(Path.Combine(folder, "mallory"), Path.Combine(folder, "alice"));
        Directory.CreateDirectory(Path.Combine(folder, "eve"));
        File.CreateSymbolicLink(Path.Combine(folder, "eve", "homework.ipynb"), Path.Combine(folder, "alice", "homework.ipynb"));
        File.CreateSymbolicLink(Path.Combine(folder, "trudy.ipynb"), Path.Combine(folder, "alice", "homework.ipynb"));
        string outDir = TestPaths.NewTempFolder("links-out");

        var batch = Grade(folder, outDir);

        Assert.Equal(4, batch.Results.Count);
        Assert.All(batch.Results, r => Assert.False(r.InternalError, string.Join("\n", r.Problems)));
        Assert.Equal(Full, Row(outDir, "alice")[1]);
        Assert.Equal("0", Row(outDir, "mallory")[1]);
        Assert.Contains("symbolic link to a folder", batch.Results.Single(r => r.Name == "mallory").Problems[0]);
        Assert.Equal("0", Row(outDir, "eve")[1]);
        Assert.Contains(OwnedFile.SymbolicLink("homework.ipynb"), batch.Results.Single(r => r.Name == "eve").Problems);
        Assert.Equal("0", Row(outDir, "trudy")[1]);
        Assert.Contains(OwnedFile.SymbolicLink("trudy.ipynb"), batch.Results.Single(r => r.Name == "trudy").Problems);
        AssertEveryReport(outDir);
    }

    [Fact]
    public void A_device_and_a_pipe_are_refused_without_reading_them()
    {
        string folder = TestPaths.NewTempFolder("special");
        File.Copy(TestPaths.SolutionNotebook, Path.Combine(folder, "alice.ipynb"));
        File.CreateSymbolicLink(Path.Combine(folder, "zero.ipynb"), "/dev/zero");
        Assert.Equal(0, Run("mkfifo", Path.Combine(folder, "pipe.ipynb")));
        Directory.CreateDirectory(Path.Combine(folder, "bob"));
        Assert.Equal(0, Run("mknod", Path.Combine(folder, "bob", "homework.ipynb"), "c", "1", "5")); // a second /dev/zero, not a link
        string outDir = TestPaths.NewTempFolder("special-out");
        var clock = Stopwatch.StartNew();

        var batch = Grade(folder, outDir);

        Assert.InRange(clock.Elapsed.TotalSeconds, 0, 120); // a pipe read blocks forever; /dev/zero never ends
        Assert.Equal(4, batch.Results.Count);
        Assert.All(batch.Results, r => Assert.False(r.InternalError, string.Join("\n", r.Problems)));
        Assert.Equal(Full, Row(outDir, "alice")[1]);
        Assert.Contains(OwnedFile.SymbolicLink("zero.ipynb"), batch.Results.Single(r => r.Name == "zero").Problems);
        Assert.Contains(OwnedFile.NotRegular("pipe.ipynb"), batch.Results.Single(r => r.Name == "pipe").Problems);
        Assert.Contains(OwnedFile.NotRegular("homework.ipynb"), batch.Results.Single(r => r.Name == "bob").Problems);
        AssertEveryReport(outDir);
    }

    [Fact]
    public void A_file_and_a_folder_of_the_same_name_get_a_row_and_reports_each()
    {
        string folder = TestPaths.NewTempFolder("dup");
        File.WriteAllText(Path.Combine(folder, "dup.ipynb"), Submissions.Replace(Submissions.SolutionText, "    return error;", "    return p - y;"));
        Directory.CreateDirectory(Path.Combine(folder, "dup"));
        File.Copy(TestPaths.SolutionNotebook, Path.Combine(folder, "dup", "homework.ipynb"));
        File.WriteAllText(Path.Combine(folder, "=HYPERLINK(\"x\",\"click\").ipynb"), Submissions.SolutionText);
        string outDir = TestPaths.NewTempFolder("dup-out");

        var batch = Grade(folder, outDir);

        Assert.Equal(["=HYPERLINK(\"x\",\"click\")", "dup", "dup (2)"], batch.Results.Select(r => r.Name).Order(StringComparer.Ordinal));
        var flipped = batch.Results.Single(r => r.Name == "dup");
        Assert.False(flipped.Item("p1.dJ_ds").Passed); // the file comes first, the folder is "dup (2)"
        Assert.Equal(Submissions.AutoPoints, batch.Results.Single(r => r.Name == "dup (2)").Score);
        Assert.Contains("flipped sign", File.ReadAllText(Path.Combine(outDir, "dup", "feedback.md")));
        Assert.DoesNotContain("flipped sign", File.ReadAllText(Path.Combine(outDir, "dup (2)", "feedback.md")));
        string gradebook = File.ReadAllText(Path.Combine(outDir, BatchGrader.GradebookName));
        Assert.Contains("\"'=HYPERLINK(\"\"x\"\",\"\"click\"\")\"," + Full, gradebook);
        Assert.Contains("data-student=\"dup (2)\"", File.ReadAllText(Path.Combine(outDir, "report.html")));
        AssertEveryReport(outDir);
    }

    [Fact]
    public void A_report_that_cannot_be_written_is_that_submissions_internal_error_and_the_class_report_is_still_written()
    {
        string folder = TestPaths.NewTempFolder("report-fails");
        File.Copy(TestPaths.SolutionNotebook, Path.Combine(folder, "alice.ipynb"));
        File.Copy(TestPaths.SolutionNotebook, Path.Combine(folder, "bob.ipynb"));
        string outDir = TestPaths.NewTempFolder("report-fails-out");
        File.WriteAllText(Path.Combine(outDir, "alice"), "a file where alice's report folder should go");

        var batch = Grade(folder, outDir);

        Assert.True(batch.Results.Single(r => r.Name == "alice").InternalError);
        Assert.False(batch.Results.Single(r => r.Name == "bob").InternalError);
        AssertEveryReport(outDir);
    }

    private static int Run(string program, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardError = true })!;
        process.WaitForExit();
        return process.ExitCode;
    }
}
