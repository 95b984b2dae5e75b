using Backprop.Grading.Notebooks;
using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using Backprop.Grading.Release;
using Backprop.Grading.Reports;
using Backprop.Grading.Scoring;

namespace Backprop.Grading.Tests.Hostile;

/// <summary>
/// Any input gets a result: adversarial JSON, any file name, empty folders and zero-byte files. results.json is always
/// written and bounded; a batch always writes one gradebook row per student and says by its exit code whether the grader
/// failed on any of them.
/// </summary>
public class AnyInputTests
{
    /// <summary>Full marks in the gradebook: the auto items of notebooks/grading.json.</summary>
    private static string Full => Submissions.AutoPoints.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The bytes of each adversarial notebook, built in the test (huge data in theory rows would bloat test discovery).</summary>
    private static byte[] Bytes(string what) => what switch
    {
        "duplicate key" => Encoding.UTF8.GetBytes("""{"cells": [], "metadata": {}, "cells": []}"""),
        "duplicate key deep" => Encoding.UTF8.GetBytes("""{"cells": [{"cell_type": "code", "source": "x", "source": "y"}]}"""),
        "deep nesting" => Encoding.UTF8.GetBytes("{\"cells\": " + new string('[', 100_000) + new string(']', 100_000) + "}"),
        "invalid UTF-8" => [.. Encoding.UTF8.GetBytes("{\"cells\": [{\"cell_type\": \"code\", \"source\": \""), 0xff, 0xfe, 0xc3, 0x28, .. Encoding.UTF8.GetBytes("\"}]}")],
        "UTF-16" => Encoding.Unicode.GetBytes("{\"cells\": []}"),
        "zero bytes" => [],
        "wrong types" => Encoding.UTF8.GetBytes("""{"cells": {"cell_type": 7}}"""),
        "wrong cell types" => Encoding.UTF8.GetBytes("""{"cells": [7, null, "x", {"cell_type": 5, "source": {"a": 1}, "metadata": [1]}]}"""),
        "huge string" => Encoding.UTF8.GetBytes("{\"cells\": [], \"x\": \"" + new string('a', 21 * 1024 * 1024) + "\"}"),
        _ => throw new ArgumentException(what),
    };

    [Theory]
    [InlineData("duplicate key", "appears twice")]
    [InlineData("duplicate key deep", "appears twice")]
    [InlineData("deep nesting", "nested more than")]
    [InlineData("invalid UTF-8", "not valid JSON")]
    [InlineData("UTF-16", "not valid JSON")]
    [InlineData("zero bytes", "is empty")]
    [InlineData("wrong types", "no \"cells\" list")]
    [InlineData("wrong cell types", "No answer cells were found")]
    [InlineData("huge string", "MB")]
    public void An_adversarial_notebook_gets_a_result_with_a_message(string what, string message)
    {
        byte[] bytes = Bytes(what);
        string path = Path.Combine(TestPaths.NewTempFolder("adversarial"), "homework.ipynb");
        File.WriteAllBytes(path, bytes);
        var result = new Grader(Submissions.Options).Grade(SubmissionReader.Read(what, [path]));
        Assert.False(result.InternalError, string.Join("\n", result.Problems));
        Assert.Equal(0, result.Score);
        string json = ResultsJson.Render(result);
        Assert.True(json.Contains(message, StringComparison.Ordinal) || json.Contains(message.Replace("\"", "\\\"", StringComparison.Ordinal), StringComparison.Ordinal), json[..Math.Min(json.Length, 2000)]);
        Assert.InRange(json.Length, 100, 64 * 1024);
    }

    [Fact]
    public void A_two_million_character_message_leaves_results_json_small_with_a_note()
    {
        string text = Submissions.Replace(Submissions.SolutionText, "    return error;", "    throw new InvalidOperationException(new string('x', 2_000_000));");
        var result = Submissions.Grade(text);
        string json = ResultsJson.Render(result);
        Assert.InRange(json.Length, 1000, 200 * 1024);
        Assert.Contains("cut", result.Item("p1.dJ_ds").Output);
        Assert.Equal(Submissions.AutoPoints - Submissions.PointsOf("p1.dJ_ds"), result.Score);
    }

    [Fact]
    public async Task A_batch_with_colliding_unicode_spaced_empty_and_zero_byte_names_writes_one_row_each()
    {
        string folder = TestPaths.NewTempFolder("names");
        File.Copy(TestPaths.SolutionNotebook, Path.Combine(folder, "gradebook.csv.ipynb"));
        File.Copy(TestPaths.SolutionNotebook, Path.Combine(folder, "Zoë Ünïcode 名前.ipynb"));
        File.Copy(TestPaths.SolutionNotebook, Path.Combine(folder, "with  spaces .ipynb"));
        File.WriteAllBytes(Path.Combine(folder, "zero.ipynb"), []);
        Directory.CreateDirectory(Path.Combine(folder, "empty-folder"));
        Directory.CreateDirectory(Path.Combine(folder, "GRADEBOOK.CSV"));
        string outDir = TestPaths.NewTempFolder("names-out");
        var error = new StringWriter();

        int code = await Course.CommandLine.RunAsync(["grade", folder, "--out", outDir, "--jobs", "2"], new StringWriter(), error);

        Assert.Equal(0, code);
        var rows = File.ReadAllLines(Path.Combine(outDir, BatchGrader.GradebookName));
        Assert.Equal(7, rows.Length);
        // Each row is named by the submission's unique report folder: never the gradebook's name, never one taken twice.
        Assert.Contains(rows, r => r.StartsWith($"gradebook.csv (3),{Full},{Full},", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.StartsWith("GRADEBOOK.CSV (2),0,", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.StartsWith($"Zoë Ünïcode 名前,{Full},{Full},", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.StartsWith($"zero,0,{Full},", StringComparison.Ordinal) && r.Contains("is empty", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.StartsWith($"empty-folder,0,{Full},", StringComparison.Ordinal) && r.Contains("No notebook (.ipynb) or exported app (.cs) was submitted", StringComparison.Ordinal));
        Assert.Equal(6, Directory.EnumerateDirectories(outDir).Count(d => File.Exists(Path.Combine(d, "results.json"))));
    }

    [Fact]
    public void Folder_names_are_safe_unique_and_never_the_gradebook()
    {
        var names = BatchGrader.FolderNames(["gradebook.csv", "a/b", "A", "a", "..", "", "x\u0001y"]);
        Assert.Equal(["gradebook.csv (2)", "a_b", "A", "a (2)", "_..", "_", "x_y"], names);
    }

    [Fact]
    public void A_report_failure_on_one_student_gives_an_internal_error_row_and_the_batch_goes_on()
    {
        string folder = TestPaths.NewTempFolder("internal");
        File.Copy(TestPaths.SolutionNotebook, Path.Combine(folder, "alice.ipynb"));
        File.Copy(TestPaths.SolutionNotebook, Path.Combine(folder, "bob.ipynb"));
        string outDir = TestPaths.NewTempFolder("internal-out");
        // Writing alice's reports fails. (A file planted where her folder goes no longer can: `grade --out` empties
        // its folder first, or refuses a folder of files it did not write.)
        var reports = new SubmissionReports(new Dictionary<string, Rubrics.Rubric>(),
            (title, markdown) => title.EndsWith("alice", StringComparison.Ordinal) ? throw new IOException("the disk is full") : markdown);

        var batch = BatchGrader.Grade(folder, outDir, Submissions.Options, reports, 2);

        Assert.Equal(["alice"], batch.Results.Where(r => r.InternalError).Select(r => r.Name));
        var rows = File.ReadAllLines(Path.Combine(outDir, BatchGrader.GradebookName));
        Assert.Equal(3, rows.Length);
        Assert.Contains("Internal error", rows[1]);
        Assert.StartsWith($"bob,{Full},{Full},", rows[2]);
    }

    [Fact]
    public void An_internal_error_result_says_it_is_not_the_students_fault()
    {
        var result = new Grader(Submissions.Options).InternalError("x", new InvalidOperationException("bug"));
        Assert.True(result.InternalError);
        var json = JsonNode.Parse(ResultsJson.Render(result))!;
        Assert.Contains("not your fault", json["output"]!.GetValue<string>());
        Assert.True(json["extra_data"]!["internal_error"]!.GetValue<bool>());
    }

    [Fact]
    public void Results_json_records_the_isolation_layers_that_were_in_force()
    {
        var result = Submissions.Grade(Submissions.SolutionText);
        var json = JsonNode.Parse(ResultsJson.Render(result))!;
        var layers = json["extra_data"]!["isolation"]!.AsArray().Select(l => l!.GetValue<string>()).ToArray();
        Assert.Contains(layers, l => l.Contains("api-allowlist", StringComparison.Ordinal));
        if (OperatingSystem.IsLinux())
        {
            Assert.Contains("run child: seccomp", layers);
            Assert.Contains("compile child: seccomp", layers);
        }
    }

    [Fact]
    public void Answers_remembered_from_an_earlier_submission_still_record_the_compile_childs_layers()
    {
        // The first grading compiles (or finds remembered) every answer; the second uses options of its own, so it rents a
        // fresh compile child that never starts: every answer comes from the cache. Its results must still say which
        // layers were around the compile that made them (they went missing at random, by test order, before).
        Submissions.Grade(Submissions.SolutionText);
        var fresh = Submissions.Options with { Sandbox = Submissions.Options.Sandbox with { ItemTimeout = Submissions.Options.Sandbox.ItemTimeout + TimeSpan.FromMilliseconds(7) } };
        string folder = TestPaths.NewTempFolder("remembered");
        string path = Path.Combine(folder, "again.ipynb");
        File.WriteAllText(path, Submissions.SolutionText);
        var result = new Grader(fresh).Grade(SubmissionReader.Read("again", [path]));

        Assert.Equal(Submissions.AutoPoints, result.Score);
        var layers = JsonNode.Parse(ResultsJson.Render(result))!["extra_data"]!["isolation"]!.AsArray().Select(l => l!.GetValue<string>()).ToArray();
        if (OperatingSystem.IsLinux())
        {
            Assert.Contains("compile child: seccomp", layers);
            Assert.Contains("run child: seccomp", layers);
        }
    }

    [Fact]
    public void Autograder_zip_entries_are_regular_files_with_modes_0755_and_0644()
    {
        string zipPath = Path.Combine(TestPaths.NewTempFolder("zip"), "autograder.zip");
        AutograderBundle.Write(TestPaths.Root, zipPath);
        using var zip = ZipFile.OpenRead(zipPath);
        foreach (var entry in zip.Entries)
        {
            int mode = (entry.ExternalAttributes >> 16) & 0xFFFF; // the high half of a signed int: mask off the sign extension
            bool executable = entry.FullName is "setup.sh" or "run_autograder" || entry.FullName.EndsWith(".sh", StringComparison.Ordinal);
            Assert.True(mode == (executable ? Convert.ToInt32("100755", 8) : Convert.ToInt32("100644", 8)), $"{entry.FullName}: mode {Convert.ToString(mode, 8)}");
        }

        Assert.DoesNotContain("useradd", AutograderBundle.SetupScript); // children run as uids with no account
    }
}
