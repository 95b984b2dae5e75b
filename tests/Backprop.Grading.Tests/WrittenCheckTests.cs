using Backprop.Grading.Notebooks;
using Backprop.Grading.Reports;
using Backprop.Grading.Reports.Class;
using Backprop.Grading.Scoring;
using Backprop.Grading.Written;
using Backprop.Kernel;
using Backprop.Kernel.Checking;
using Backprop.Kernel.Written;

namespace Backprop.Grading.Tests;

/// <summary>The grader's automatic part of a written derivation: points, output, the written-answers page and the class report.</summary>
public class WrittenCheckTests
{
    private const string Right = "<!-- answer: p1.dJ_ds.derivation -->\nBecause J is a log-likelihood,\n$$\\boxed{\\frac{\\partial J}{\\partial s} = y - p}$$";
    private const string Flipped = "<!-- answer: p1.dJ_ds.derivation -->\n$$\\boxed{\\frac{\\partial J}{\\partial s} = p - y}$$";

    private static ItemResult Manual(string id, double points) => new(id, "written answer", ItemVerdict.GradedByHand, 0, points, "Graded by hand");

    [Fact]
    public void Auto_points_are_zero_by_default_and_validated()
    {
        var items = PointsFile.Parse("""{"items": [{"id": "p1.dJ_ds", "points": 5}, {"id": "p1.dJ_ds.derivation", "points": 5, "manual": true, "auto": 2}, {"id": "p1.dJ_dh", "points": 5}, {"id": "p1.dJ_dh.derivation", "points": 5, "manual": true}]}"""
            .Replace("]}", string.Concat(CheckItems.All.Skip(2).Select(i => $", {{\"id\": \"{i.Id}\", \"points\": 1}}")) + "]}", StringComparison.Ordinal), "points.json");
        Assert.Equal(2, items.Single(i => i.Id == "p1.dJ_ds.derivation").Auto);
        Assert.Equal(0, items.Single(i => i.Id == "p1.dJ_dh.derivation").Auto);
        Assert.All(PointsFile.BuiltIn, p => Assert.True(p.Auto == 0, p.Id));

        string Bad(string item) => Assert.Throws<InvalidDataException>(() => PointsFile.Parse("{\"items\": [" + item + string.Concat(CheckItems.All.Select(i => $", {{\"id\": \"{i.Id}\", \"points\": 1}}")) + "]}", "points.json")).Message;
        Assert.Contains("only a derivation whose boxed result is checked", Bad("""{"id": "p3.why_residual", "points": 10, "manual": true, "auto": 1}"""));
        Assert.Contains("from 0 to its points (5)", Bad("""{"id": "p1.dJ_ds.derivation", "points": 5, "manual": true, "auto": 6}"""));
        Assert.Contains("from 0 to its points", Bad("""{"id": "p1.dJ_ds.derivation", "points": 5, "manual": true, "auto": "all"}"""));
    }

    [Fact]
    public void A_right_boxed_result_earns_the_auto_points_and_a_wrong_one_is_named()
    {
        var points = new ItemPoints("p1.dJ_ds.derivation", 5, true, Auto: 2);
        var right = WrittenCheck.Apply(Manual(points.Id, 5), points, Right);
        var wrong = WrittenCheck.Apply(Manual(points.Id, 5), points, Flipped);
        var missing = WrittenCheck.Apply(Manual(points.Id, 5), points, null);
        var prose = WrittenCheck.Apply(Manual("p3.why_residual", 10), new ItemPoints("p3.why_residual", 10, true), "Because the identity path...");

        Assert.Equal((2.0, WrittenStatus.Agrees), (right.Score, right.Written!.Status));
        Assert.Contains("agrees with the reference on every case (1 public and 4 hidden)", right.Output, StringComparison.Ordinal);
        Assert.Equal((0.0, WrittenStatus.Wrong, MistakeNames.SignFlip), (wrong.Score, wrong.Written!.Status, wrong.Mistake));
        Assert.Equal(WrittenStatus.NoResult, missing.Written!.Status);
        Assert.Null(prose.Written);

        var submission = new SubmissionResult("ada", [new ItemResult("p1.dJ_ds", "∂J/∂s", ItemVerdict.Passed, 5, 5, "ok"), right], []);
        Assert.Equal((7.0, 7.0), (submission.Score, submission.MaxScore));
        var optedOut = new SubmissionResult("bo", [new ItemResult("p1.dJ_ds", "∂J/∂s", ItemVerdict.Passed, 5, 5, "ok"), WrittenCheck.Apply(Manual(points.Id, 5), points with { Auto = 0 }, Right)], []);
        Assert.Equal((5.0, 5.0), (optedOut.Score, optedOut.MaxScore)); // auto 0: the written item adds nothing, as before
    }

    [Fact]
    public void The_written_answers_page_shows_the_verdict_beside_the_students_text()
    {
        var points = new ItemPoints("p1.dJ_ds.derivation", 5, true);
        var result = new SubmissionResult("ada", [WrittenCheck.Apply(Manual(points.Id, 5), points, Flipped)], []);
        string folder = TestPaths.NewTempFolder("written-verdict");
        string path = Path.Combine(folder, "01.ipynb");
        File.WriteAllText(path, "{\"cells\": [{\"cell_type\": \"markdown\", \"metadata\": {}, \"source\": " + System.Text.Json.JsonSerializer.Serialize(Flipped) + "}], \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 5}");

        string page = WrittenAnswersPage.Render(result, SubmissionReader.Read(path), new Dictionary<string, Release.Rubrics.Rubric>()).Replace("\r\n", "\n");

        int answer = page.IndexOf("p - y}$$", StringComparison.Ordinal), verdict = page.IndexOf("**Boxed result, checked automatically: wrong: flipped sign.**", StringComparison.Ordinal);
        Assert.True(answer >= 0 && verdict > answer && verdict < page.IndexOf("### Rubric", StringComparison.Ordinal), page);
        Assert.Contains("| graded by hand; boxed result: wrong: flipped sign |", FeedbackReport.Render(result), StringComparison.Ordinal);
    }

    [Fact]
    public void The_class_report_lists_wrong_written_results_by_named_mistake()
    {
        var points = new ItemPoints("p1.dJ_ds.derivation", 5, true);
        SubmissionResult Student(string name, string cell) => new(name, [WrittenCheck.Apply(Manual(points.Id, 5), points, cell)], []);
        var results = new[] { Student("a", Right), Student("b", Flipped), Student("c", Flipped), Student("d", "no maths here") };

        string html = WrittenResultsSection.Render(results);

        Assert.Contains("<tr class=\"written\" data-item=\"p1.dJ_ds.derivation\"><td><code>p1.dJ_ds.derivation</code></td><td>1</td><td>flipped sign: 2</td><td>0</td><td>0</td><td>1</td></tr>", html, StringComparison.Ordinal);
        Assert.Equal("", WrittenResultsSection.Render([new SubmissionResult("e", [Manual("p3.why_residual", 10)], [])]));
    }
}
