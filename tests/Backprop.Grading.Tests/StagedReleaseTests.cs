using System.IO.Compression;
using Backprop.Grading.Release;
using Backprop.Grading.Scoring;
using Backprop.Kernel;
using Backprop.Kernel.Checking;

namespace Backprop.Grading.Tests;

/// <summary>
/// Staged assignments: <c>assign --notebooks 01,02</c>, then <c>assign --notebooks 03,04 --reveal p1,p2</c>. Each release
/// grades what its notebooks ask and does not reveal; what it reveals it does not grade; the default grades everything and
/// reveals nothing; the student's folder and the instructor's are apart.
/// </summary>
public class StagedReleaseTests
{
    private static readonly string Root = TestPaths.CopyRepository("staged-repo", [], ["src", ".devcontainer"]);

    private static string Assign(params string[] options)
    {
        string output = TestPaths.NewTempFolder("staged");
        var error = new StringWriter();
        int code = Course.CommandLine.RunAsync(["assign", "--root", Root, "--out", output, .. options], new StringWriter(), error).GetAwaiter().GetResult();
        Assert.True(code == 0, error.ToString());
        return output;
    }

    private static IReadOnlyList<ItemPoints> Points(string output) => PointsFile.Load(Path.Combine(output, "instructor", "grading.json"));

    [Fact]
    public void The_default_release_grades_every_item_reveals_none_and_keeps_the_instructors_files_apart()
    {
        string output = Assign();
        Assert.Equal(File.ReadAllText(Path.Combine(Root, "notebooks", "grading.json")), File.ReadAllText(Path.Combine(output, "instructor", "grading.json")));
        Assert.All(CheckItems.All, item => Assert.Contains(Points(output), p => p.Id == item.Id));
        Assert.Equal(new[] { "README.md", "instructor", "student" }, Directory.EnumerateFileSystemEntries(output).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToArray());
        Assert.Single(File.ReadAllText(Path.Combine(output, "README.md")).TrimEnd('\n').Split('\n'));
        string student = Path.Combine(output, "student");
        Assert.Empty(Directory.EnumerateFiles(student, "*.zip", SearchOption.AllDirectories));
        // The student's copy of the points (for submit, which looks for every graded item) is the instructor's, no more.
        Assert.Equal([Path.Combine(student, "notebooks", "grading.json")], Directory.EnumerateFiles(student, "grading.json", SearchOption.AllDirectories));
        Assert.Equal(File.ReadAllText(Path.Combine(output, "instructor", "grading.json")), File.ReadAllText(Path.Combine(student, "notebooks", "grading.json")));
        Assert.False(Directory.Exists(Path.Combine(student, "src", "Backprop.Kernel.Instructor")), "the instructor-only project is in the student's folder");
        Assert.DoesNotContain(Directory.EnumerateFiles(student, "*.cs", SearchOption.AllDirectories), f => f.Contains("/Fast/", StringComparison.Ordinal));
        foreach (string boxes in Directory.EnumerateFiles(Path.Combine(student, "src", "Backprop.Kernel", "Boxes"), "Boxes.P*.cs"))
        {
            Assert.Contains("NotImplementedException", File.ReadAllText(boxes));
        }
    }

    [Fact]
    public void The_first_stage_grades_problems_1_and_2_only_and_ships_their_notebooks()
    {
        string output = Assign("--notebooks", "01,02");
        var points = Points(output);
        Assert.Equal(CheckItems.All.Where(i => i.Problem <= 2).Select(i => i.Id), points.Where(p => !p.Manual).Select(p => p.Id));
        Assert.Contains(points, p => p.Id == "p2.dJ_dWr.derivation" && p.Manual);
        Assert.DoesNotContain(points, p => p.Id.StartsWith("p3.", StringComparison.Ordinal) || p.Id.StartsWith("p4.", StringComparison.Ordinal));
        Assert.Equal(new[] { "01-word-mlp.ipynb", "02-rnn-bptt.ipynb" }, Directory.EnumerateFiles(Path.Combine(output, "student", "notebooks"), "*.ipynb").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToArray());

        // The autograder carries the same subset, built into the grader.
        using var zip = ZipFile.OpenRead(Path.Combine(output, "instructor", "autograder.zip"));
        using var reader = new StreamReader(zip.GetEntry("source/notebooks/grading.json")!.Open());
        Assert.Equal(File.ReadAllText(Path.Combine(output, "instructor", "grading.json")), reader.ReadToEnd());
    }

    [Fact]
    public void The_second_stage_reveals_problems_1_and_2_and_grades_only_what_it_does_not_reveal()
    {
        string output = Assign("--notebooks", "03,04", "--reveal", "p1,p2");
        var points = Points(output);
        Assert.NotEmpty(points);
        Assert.DoesNotContain(points, p => p.Id.StartsWith("p1.", StringComparison.Ordinal) || p.Id.StartsWith("p2.", StringComparison.Ordinal));
        Assert.Contains(points, p => p.Id == "p3.dJ_dhPrev_residual");
        string boxes = Path.Combine(Root, "src", "Backprop.Kernel", "Boxes");
        string released = Path.Combine(output, "student", "src", "Backprop.Kernel", "Boxes");
        foreach (string file in new[] { "Boxes.P1.cs", "Boxes.P2.cs" })
        {
            string text = File.ReadAllText(Path.Combine(released, file));
            Assert.DoesNotContain("NotImplementedException", text);
            Assert.DoesNotContain("SOLUTION", text);
            Assert.Contains("OuterProduct", File.ReadAllText(Path.Combine(released, "Boxes.P1.cs"))); // the reference code is there
        }

        Assert.Contains("NotImplementedException", File.ReadAllText(Path.Combine(released, "Boxes.P3.cs")));
        Assert.True(File.Exists(Path.Combine(boxes, "Boxes.P1.cs")));

        // Graded or revealed, never both.
        var plan = ReleasePlan.For(Root, ["03", "04"], ["p1", "p2"]);
        Assert.DoesNotContain(plan.Graded, id => plan.Reveals(ReleasePlan.ProblemOf(id)));
    }

    [Theory]
    [InlineData(new[] { "--notebooks", "07" }, "--notebooks: \"07\" names no notebook")]
    [InlineData(new[] { "--reveal", "p9" }, "--reveal: \"p9\" is not a problem")]
    public async Task A_wrong_stage_option_is_an_error_that_names_the_choices(string[] options, string message)
    {
        var error = new StringWriter();
        int code = await Course.CommandLine.RunAsync(["assign", "--root", Root, "--out", TestPaths.NewTempFolder("staged-bad"), .. options], new StringWriter(), error);
        Assert.Equal(1, code);
        Assert.Contains(message, error.ToString());
    }

    [Fact]
    public void The_grader_reads_a_subset_points_file_and_the_repository_file_must_still_list_every_item()
    {
        var subset = PointsFile.Parse("""{"subset": true, "items": [{"id": "p3.dJ_dhPrev_residual", "points": 10}]}""", "subset");
        Assert.Equal("p3.dJ_dhPrev_residual", Assert.Single(subset).Id);
        var error = Assert.Throws<InvalidDataException>(() => PointsFile.Parse("""{"items": [{"id": "p3.dJ_dhPrev_residual", "points": 10}]}""", "whole"));
        Assert.Contains("missing", error.Message);
    }
}
