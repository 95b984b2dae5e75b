using System.Text.Json.Nodes;
using Backprop.Grading.Notebooks;
using Backprop.Grading.Release;
using Backprop.Grading.Reports;

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
    public async Task An_output_folder_with_files_the_grader_did_not_write_is_refused_and_left_alone()
    {
        string outDir = TestPaths.NewTempFolder("foreign-out");
        File.WriteAllText(Path.Combine(outDir, "thesis.tex"), "mine");
        string junk = Path.Combine(TestPaths.NewTempFolder("foreign"), "junk.ipynb");
        File.WriteAllText(junk, "{\"cells\": []}");
        var error = new StringWriter();

        Assert.Equal(2, await Course.CommandLine.RunAsync(["grade", junk, "--out", outDir], new StringWriter(), error));

        Assert.Contains($"--out '{outDir}' already holds files that 'backprop grade' did not write (thesis.tex); name a new or empty folder", error.ToString());
        Assert.Equal(["thesis.tex"], Directory.GetFileSystemEntries(outDir).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_grader_folder_that_now_holds_the_submission_is_refused_and_the_submission_kept()
    {
        string outDir = TestPaths.NewTempFolder("holds-out");
        string junk = Path.Combine(outDir, "junk.ipynb");
        File.WriteAllText(junk, "{\"cells\": []}");
        File.WriteAllText(Path.Combine(outDir, OutputFolder.MarkerName), "");
        var error = new StringWriter();

        Assert.Equal(2, await Course.CommandLine.RunAsync(["grade", junk, "--out", outDir], new StringWriter(), error));

        Assert.Contains($"--out '{outDir}' holds the submissions to grade", error.ToString());
        Assert.True(File.Exists(junk));
    }

    [Fact]
    public async Task A_batch_into_the_folder_of_an_earlier_single_run_leaves_none_of_its_files()
    {
        string outDir = Path.Combine(TestPaths.NewTempFolder("reused"), "out");
        string folder = TestPaths.NewTempFolder("reused-class");
        foreach (string name in new[] { "alice", "bob" })
        {
            File.WriteAllText(Path.Combine(folder, name + ".ipynb"), "{\"cells\": []}");
        }

        Assert.Equal(0, await Course.CommandLine.RunAsync(["grade", Path.Combine(folder, "alice.ipynb"), "--out", outDir], new StringWriter(), new StringWriter()));
        Assert.True(File.Exists(Path.Combine(outDir, "feedback.md")));
        var output = new StringWriter();
        var error = new StringWriter();

        Assert.Equal(0, await Course.CommandLine.RunAsync(["grade", folder, "--out", outDir, "--jobs", "2"], output, error));

        Assert.Matches($@"grade: deleted [2-9] entries an earlier run left in {System.Text.RegularExpressions.Regex.Escape(outDir)}", output.ToString()); // results.json, feedback.md, …
        Assert.False(File.Exists(Path.Combine(outDir, "feedback.md")));
        Assert.False(File.Exists(Path.Combine(outDir, "results.json")));
        Assert.True(File.Exists(Path.Combine(outDir, "gradebook.csv")));
        Assert.True(File.Exists(Path.Combine(outDir, "alice", "results.json")));
        Assert.DoesNotContain("warning", error.ToString()); // alice and bob are a class, not one student's set
    }

    [Fact]
    public async Task A_folder_of_one_students_numbered_apps_is_graded_as_a_batch_with_a_warning_that_names_single()
    {
        string folder = TestPaths.NewTempFolder("one-set");
        foreach (string name in new[] { "01-word-mlp.cs", "02-rnn-bptt.cs", "03-vanishing-gradients.cs" })
        {
            File.WriteAllText(Path.Combine(folder, name), "// not an exported app\n");
        }

        var error = new StringWriter();
        Assert.Equal(0, await Course.CommandLine.RunAsync(["grade", folder, "--out", TestPaths.NewTempFolder("one-set-out"), "--jobs", "2"], new StringWriter(), error));

        var warning = Assert.Single(error.ToString().Split('\n'), l => l.StartsWith("grade: warning:", StringComparison.Ordinal));
        Assert.Contains("(01-word-mlp.cs, 02-rnn-bptt.cs, 03-vanishing-gradients.cs), like one student's set", warning);
        Assert.EndsWith("to grade them as one student's submission, add --single.", warning.TrimEnd());
    }

    [Fact]
    public void A_class_folder_or_one_numbered_file_is_not_taken_for_one_students_set()
    {
        string folder = TestPaths.NewTempFolder("not-a-set");
        File.WriteAllText(Path.Combine(folder, "01-word-mlp.cs"), "");
        File.WriteAllText(Path.Combine(folder, "alice.ipynb"), "");
        Assert.Empty(Scoring.BatchGrader.OneStudentsSet(folder, Scoring.BatchGrader.Sources(folder)));
        File.Delete(Path.Combine(folder, "alice.ipynb"));
        Assert.Empty(Scoring.BatchGrader.OneStudentsSet(folder, Scoring.BatchGrader.Sources(folder)));
        File.WriteAllText(Path.Combine(folder, "02-rnn-bptt.ipynb"), "");
        Assert.Equal(["01-word-mlp.cs", "02-rnn-bptt.ipynb"], Scoring.BatchGrader.OneStudentsSet(folder, Scoring.BatchGrader.Sources(folder)));
    }

    [Fact]
    public void A_points_file_that_misses_an_item_is_rejected_with_the_missing_ids()
    {
        var e = Assert.Throws<InvalidDataException>(() => Scoring.PointsFile.Parse("""{"items": [{"id": "p1.dJ_ds", "points": 5}]}""", "points.json"));
        Assert.Contains("missing: p1.dJ_dh, p1.dJ_dWu", e.Message);
        Assert.Equal(Scoring.PointsFile.BuiltIn, Scoring.PointsFile.Load(Path.Combine(TestPaths.Root, Scoring.PointsFile.RelativePath)));
    }
}
