using Backprop.Grading.Notebooks;
using Backprop.Grading.Scoring;
using Backprop.Runner.Export;

namespace Backprop.Grading.Tests;

/// <summary>
/// grade accepts the file-based apps that backprop export writes: the answers are found by the same first lines, so
/// the apps score what the notebooks they came from score, right and wrong alike.
/// </summary>
public class ExportedAppGradingTests
{
    private static string[] CourseNotebooks() =>
        Directory.EnumerateFiles(Path.Combine(TestPaths.Root, "notebooks"), "*.ipynb")
            .Where(f => Path.GetFileName(f) is [>= '0' and <= '9', >= '0' and <= '9', '-', ..])
            .Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public void The_exported_apps_score_what_their_notebooks_score()
    {
        var notebooks = CourseNotebooks();
        var apps = Export(notebooks, TestPaths.NewTempFolder("apps"));

        var fromNotebooks = new Grader(Submissions.Options).Grade(SubmissionReader.Read("notebooks", notebooks));
        var fromApps = new Grader(Submissions.Options).Grade(SubmissionReader.Read("apps", apps));

        Assert.Empty(fromApps.Problems);
        Assert.True(fromNotebooks.MaxScore > 0);
        Assert.Equal(fromNotebooks.MaxScore, fromNotebooks.Score); // the kit's notebooks hold the solutions
        Assert.Equal(Summary(fromNotebooks), Summary(fromApps));
        // Written answers are found in the apps' markdown regions and point at the app's cell.
        var manual = fromApps.Items.Where(i => i.Manual).ToList();
        Assert.NotEmpty(manual);
        Assert.All(manual, i => Assert.Contains(".cs, cell", i.Output));
    }

    [Fact]
    public void A_wrong_answer_scores_the_same_in_the_app_as_in_the_notebook()
    {
        var folder = TestPaths.NewTempFolder("wrong");
        var notebook = CourseNotebooks().Single(n => n.EndsWith("01-word-mlp.ipynb", StringComparison.Ordinal));
        // The same edit in both: the first answer's sign flipped (y − p → p − y).
        var wrongNotebook = Path.Combine(folder, "01-word-mlp.ipynb");
        File.WriteAllText(wrongNotebook, Submissions.Replace(File.ReadAllText(notebook), "    return error;\n", "    return p - y;\n"));
        var app = Export([notebook], Path.Combine(folder, "app")).Single();
        var text = File.ReadAllText(app);
        Assert.Contains("    return error;\n", text);
        File.WriteAllText(app, text.Replace("    return error;\n", "    return p - y;\n", StringComparison.Ordinal));

        var fromNotebook = new Grader(Submissions.Options).Grade(SubmissionReader.Read("notebook", [wrongNotebook]));
        var fromApp = new Grader(Submissions.Options).Grade(SubmissionReader.Read("app", [app]));

        Assert.False(fromApp.Item("p1.dJ_ds").Passed);
        Assert.True(fromApp.Score < fromApp.MaxScore);
        Assert.Equal(Summary(fromNotebook), Summary(fromApp));
    }

    [Fact]
    public void A_cs_file_that_is_not_an_exported_app_gets_a_message_not_a_crash()
    {
        var folder = TestPaths.NewTempFolder("not-an-app");
        var plain = Path.Combine(folder, "Program.cs");
        File.WriteAllText(plain, "// answer: p1.dJ_ds\nConsole.WriteLine(1);\n");
        var unclosed = Path.Combine(folder, "unclosed.cs");
        File.WriteAllText(unclosed, "using System;\n#region cell 3 · code\n// answer: p1.dJ_ds\nint x = 1;\n");

        var noRegions = SubmissionReader.Read(plain).Files.Single();
        Assert.Empty(noRegions.Cells);
        Assert.Contains("no '#region cell N' blocks", noRegions.Problem);
        var noEnd = SubmissionReader.Read(unclosed).Files.Single();
        Assert.Empty(noEnd.Cells);
        Assert.Contains("'#region cell 3' block has no '#endregion'", noEnd.Problem);
        var result = new Grader(Submissions.Options).Grade(SubmissionReader.Read("plain", [plain]));
        Assert.Contains(result.Problems, p => p.Contains("Program.cs has no '#region cell N' blocks", StringComparison.Ordinal));
        Assert.Equal(0, result.Score);
    }

    [Fact]
    public void Markdown_regions_lose_their_comment_prefix_so_written_answers_are_found()
    {
        var notebook = ExportedAppReader.Parse("x.cs",
            "using Backprop.Kernel;\n#region cell 1 · markdown\n// <!-- answer: p3.why_residual -->\n// Because the identity path\n//\n// keeps it.\n#endregion\n" +
            "#region cell 2 · code\n// answer: p1.dJ_ds\nVector<double> dJ_ds(Vector<double> y, Vector<double> p)\n{\n    #region mine\n    return y - p;\n    #endregion\n}\n#endregion\n");

        Assert.Null(notebook.Problem);
        Assert.Equal("p3.why_residual", notebook.Cells[0].Identity.Manual);
        Assert.Equal("<!-- answer: p3.why_residual -->\nBecause the identity path\n\nkeeps it.", notebook.Cells[0].Source);
        Assert.Equal("p1.dJ_ds", notebook.Cells[1].Identity.Answer);
        Assert.Contains("    #endregion\n}", notebook.Cells[1].Source); // a region inside a cell stays in the cell
        Assert.Equal("using Backprop.Kernel;", notebook.Cells[2].Source);
        Assert.Equal([1, 2, 3], notebook.Cells.Select(c => c.Number)); // cell N of the app is the notebook's cell N; the usings come last
    }

    private static IReadOnlyList<string> Export(IEnumerable<string> notebooks, string folder) =>
        notebooks.Select(n => FileBasedAppExporter.Write(n, folder)).ToArray();

    private static string[] Summary(SubmissionResult result) =>
        [$"{result.Score}/{result.MaxScore}", .. result.Items.Select(i => $"{i.Id} {i.Score} {i.Passed}")];
}
