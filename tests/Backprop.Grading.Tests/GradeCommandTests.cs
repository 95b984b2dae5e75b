using System.Text.Json.Nodes;
using Backprop.Grading.Notebooks;
using Backprop.Grading.Release;

namespace Backprop.Grading.Tests;

public class GradeCommandTests
{
    [Fact]
    public async Task Batch_grading_writes_a_report_per_submission_a_gradebook_and_a_progress_bar()
    {
        string folder = TestPaths.NewTempFolder("batch");
        File.Copy(TestPaths.SolutionNotebook, Path.Combine(folder, "alice.ipynb"));
        var solution = NotebookReader.Read(TestPaths.SolutionNotebook, out _)!;
        File.WriteAllText(Path.Combine(folder, "bob.ipynb"), NotebookRelease.Serialize(NotebookRelease.Make(solution)));
        Directory.CreateDirectory(Path.Combine(folder, "carol"));
        File.WriteAllText(Path.Combine(folder, "carol", "01.ipynb"), "not a notebook");
        string outDir = TestPaths.NewTempFolder("batch-out");
        var output = new StringWriter();
        var error = new StringWriter();

        int code = await Course.CommandLine.RunAsync(["grade", folder, "--out", outDir, "--jobs", "2", "--timeout", "5"], output, error);

        Assert.Equal(0, code);
        Assert.Contains("3/3 graded", error.ToString());
        var rows = File.ReadAllLines(Path.Combine(outDir, "gradebook.csv"));
        Assert.Equal(4, rows.Length);
        Assert.StartsWith("submission,score,max_score,p1.dJ_ds,", rows[0]);
        // One column per auto item of notebooks/grading.json, in its order, after the total and the maximum.
        var auto = Scoring.PointsFile.BuiltIn.Where(p => !p.Manual).Select(p => p.Points).ToArray();
        Assert.StartsWith($"alice,{auto.Sum()},{auto.Sum()},{string.Join(",", auto)},", rows[1]);
        Assert.StartsWith($"bob,0,{auto.Sum()},{string.Join(",", auto.Select(_ => 0))},", rows[2]);
        Assert.StartsWith($"carol,0,{auto.Sum()},", rows[3]);
        Assert.Contains("not valid JSON", rows[3]);
        var bob = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "bob", "results.json")))!;
        Assert.Contains("not implemented yet", bob["tests"]!.AsArray().First(t => t!["name"]!.GetValue<string>().StartsWith("p1.dJ_ds"))!["output"]!.GetValue<string>());
        Assert.True(File.Exists(Path.Combine(outDir, "carol", "feedback.md")));
    }

    [Fact]
    public async Task Grading_a_single_notebook_exits_zero_whatever_the_score_and_bad_arguments_name_the_fix()
    {
        string outDir = TestPaths.NewTempFolder("single-out");
        string junk = Path.Combine(TestPaths.NewTempFolder("single"), "junk.ipynb");
        File.WriteAllText(junk, "{\"cells\": []}");
        var output = new StringWriter();
        Assert.Equal(0, await Course.CommandLine.RunAsync(["grade", junk, "--out", outDir], output, new StringWriter()));
        Assert.Contains($"0 / {Submissions.AutoPoints} points", output.ToString());
        Assert.True(File.Exists(Path.Combine(outDir, "results.json")));

        var error = new StringWriter();
        Assert.Equal(2, await Course.CommandLine.RunAsync(["grade", "/no/such/file.ipynb"], new StringWriter(), error));
        Assert.Contains("does not exist", error.ToString());
        error = new StringWriter();
        Assert.Equal(2, await Course.CommandLine.RunAsync(["grade", junk, "--jobs", "many"], new StringWriter(), error));
        Assert.Contains("--jobs needs a positive whole number", error.ToString());
    }

    [Fact]
    public void A_points_file_that_misses_an_item_is_rejected_with_the_missing_ids()
    {
        var e = Assert.Throws<InvalidDataException>(() => Scoring.PointsFile.Parse("""{"items": [{"id": "p1.dJ_ds", "points": 5}]}""", "points.json"));
        Assert.Contains("missing: p1.dJ_dh, p1.dJ_dWu", e.Message);
        Assert.Equal(Scoring.PointsFile.BuiltIn, Scoring.PointsFile.Load(Path.Combine(TestPaths.Root, Scoring.PointsFile.RelativePath)));
    }
}
