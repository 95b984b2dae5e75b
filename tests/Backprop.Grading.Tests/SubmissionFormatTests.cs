using System.Text.RegularExpressions;
using Backprop.Runner.Export;

namespace Backprop.Grading.Tests;

/// <summary>
/// One submission, two formats: the same student's answers as notebooks and as the apps 'backprop export' writes from
/// them get the same results.json on Gradescope (the bundle's run_autograder, i.e. grade --single) and in a batch, the
/// same written-answers page and the same rows in the gradebook, items.csv and the class report, for right, wrong and
/// broken answers. Only the file extension in "found in NAME.ipynb, cell N" differs: the cell number is the same.
/// </summary>
public class SubmissionFormatTests
{
    private static string[] CourseNotebooks() =>
        Directory.EnumerateFiles(Path.Combine(TestPaths.Root, "notebooks"), "0*.ipynb").Where(f => !f.EndsWith(".executed.ipynb", StringComparison.Ordinal)).ToArray();

    /// <summary>The same two edits in either format: a wrong answer (p1.dJ_ds, sign flipped) and a broken one (p1.dJ_dh does not compile).</summary>
    private static string Edit(string name, string text, Func<string, string, string, string> replace) =>
        !name.StartsWith("01-", StringComparison.Ordinal) ? text
            : replace(replace(text, "    return error;\n", "    return p - y;\n"), "    return Wu.TransposeThisAndMultiply(dJ_ds);", "    return Wu.TransposeThisAndMultiply(dJ_dz);");

    /// <summary>The course notebooks, edited.</summary>
    private static string Notebooks()
    {
        string folder = TestPaths.NewTempFolder("as-notebooks");
        foreach (string path in CourseNotebooks())
        {
            File.WriteAllText(Path.Combine(folder, Path.GetFileName(path)), Edit(Path.GetFileName(path), File.ReadAllText(path), Submissions.Replace));
        }

        return folder;
    }

    /// <summary>The apps exported from the course notebooks (where their references resolve), with the same edits.</summary>
    private static string Apps()
    {
        string folder = TestPaths.NewTempFolder("as-apps");
        foreach (string notebook in CourseNotebooks())
        {
            string app = FileBasedAppExporter.Write(notebook, folder);
            File.WriteAllText(app, Edit(Path.GetFileName(app), File.ReadAllText(app), (text, line, replacement) =>
            {
                Assert.Contains(line, text);
                return text.Replace(line, replacement, StringComparison.Ordinal);
            }));
        }

        return folder;
    }

    private static string SameCells(string text) => text.Replace(".cs, cell ", ".ipynb, cell ", StringComparison.Ordinal);

    /// <summary>results.json without the isolation layers, which record limits measured per child (its address space).</summary>
    private static string Graded(System.Text.Json.Nodes.JsonNode results)
    {
        var copy = results.DeepClone();
        Assert.NotEmpty(copy["extra_data"]!["isolation"]!.AsArray());
        copy["extra_data"]!.AsObject().Remove("isolation");
        return copy.ToJsonString();
    }

    [Fact]
    public void Run_autograder_gives_the_same_results_json_for_notebooks_and_their_apps()
    {
        string notebooks = Notebooks(), apps = Apps();

        var fromNotebooks = AutograderLayoutTests.RunAutograder(s => CopyAll(notebooks, s));
        var fromApps = AutograderLayoutTests.RunAutograder(s => CopyAll(apps, s));

        Assert.Equal(0, fromApps.Code);
        string expected = Graded(fromNotebooks.Results);
        Assert.Contains("flipped sign", expected);
        Assert.Contains("CS0103", expected);
        Assert.Matches(new Regex(@"found in 0\d-[a-z-]+\.ipynb, cell \d+"), expected);
        Assert.True(fromNotebooks.Results["score"]!.GetValue<double>() > 0);
        Assert.Equal(expected, SameCells(Graded(fromApps.Results)));
    }

    [Fact]
    public async Task A_batch_grades_and_reports_notebooks_and_their_apps_alike()
    {
        string notebooks = Notebooks(), apps = Apps();
        string batch = TestPaths.NewTempFolder("formats");
        CopyAll(notebooks, Path.Combine(batch, "nb"));
        CopyAll(apps, Path.Combine(batch, "app"));
        string outDir = TestPaths.NewTempFolder("formats-out");

        int code = await Course.CommandLine.RunAsync(["grade", batch, "--out", outDir, "--jobs", "2", "--rubrics", Path.Combine(TestPaths.Root, "notebooks")], new StringWriter(), new StringWriter());

        Assert.Equal(0, code);
        string Report(string name, string file) => File.ReadAllText(Path.Combine(outDir, name, file));
        Assert.Equal(Graded(System.Text.Json.Nodes.JsonNode.Parse(Report("nb", "results.json"))!), SameCells(Graded(System.Text.Json.Nodes.JsonNode.Parse(Report("app", "results.json"))!)));
        Assert.Equal(Report("nb", "feedback.md"), SameCells(Report("app", "feedback.md")).Replace("# Feedback: app", "# Feedback: nb", StringComparison.Ordinal));
        string page = Report("nb", "written-answers.md");
        Assert.Contains("> ", page); // the written derivations are quoted, not missing
        Assert.DoesNotContain("Unreadable", page);
        Assert.Equal(page, SameCells(Report("app", "written-answers.md")).Replace("# Written answers: app", "# Written answers: nb", StringComparison.Ordinal));
        foreach (string csv in new[] { "gradebook.csv", "items.csv" })
        {
            var rows = File.ReadAllLines(Path.Combine(outDir, csv));
            Assert.Equal(Row(rows, "nb"), Row(rows, "app"));
        }

        string html = File.ReadAllText(Path.Combine(outDir, "report.html"));
        Assert.Equal(Student(html, "nb"), Student(html, "app").Replace("app", "nb", StringComparison.Ordinal));
        Assert.Matches("<section class=\"item\" data-item=\"p1.dJ_ds\" data-passed=\"0\" data-submissions=\"2\"", html);
    }

    private static string Row(string[] rows, string name) => rows.Single(r => r.StartsWith(name + ",", StringComparison.Ordinal))[name.Length..];

    private static string Student(string html, string name) => Regex.Match(html, $"<tr[^>]*data-student=\"{name}\".*?</tr>", RegexOptions.Singleline).Value is { Length: > 0 } row
        ? row
        : throw new Xunit.Sdk.XunitException($"no class-report row for {name}");

    private static void CopyAll(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }
}
