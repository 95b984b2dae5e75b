using Backprop.Grading.Notebooks;
using Backprop.Grading.Reports;
using Backprop.Grading.Scoring;
using Backprop.Kernel;

namespace Backprop.Grading.Tests;

public class FullMarksTests
{
    /// <summary>The points of the auto-graded items in notebooks/grading.json, every one a row of the table.</summary>
    private static double AutoPoints => PointsFile.BuiltIn.Where(p => !p.Manual).Sum(p => p.Points);

    [Fact]
    public void The_fixture_solution_notebook_scores_full_marks_on_the_hidden_cases()
    {
        var result = Submissions.Grade(Submissions.SolutionText, "solution");
        Assert.Empty(result.Problems);
        Assert.All(result.Items.Where(i => !i.Manual), i => Assert.True(i.Passed, $"{i.Id}: {i.Output}"));
        Assert.Equal(AutoPoints, result.MaxScore); // the auto items of notebooks/grading.json
        Assert.Equal(result.MaxScore, result.Score);
        var manual = result.Item("p3.why_residual");
        Assert.True(manual.Manual);
        Assert.Contains("Graded by hand", manual.Output);
        Assert.Contains("solution.ipynb, cell", manual.Output);
    }

    [Fact]
    public void The_course_notebooks_together_score_full_marks()
    {
        string folder = Path.Combine(TestPaths.Root, "notebooks");
        Assert.True(Directory.Exists(folder), $"the course notebooks are missing: no folder {folder}");
        var notebooks = Directory.EnumerateFiles(folder, "*.ipynb").Where(f => !f.EndsWith(".executed.ipynb", StringComparison.Ordinal)).Order().ToArray();
        Assert.NotEmpty(notebooks);

        var result = new Grader(Submissions.Options).Grade(SubmissionReader.Read("course", notebooks));
        Assert.All(result.Items.Where(i => !i.Manual), i => Assert.True(i.Passed, $"{i.Id}: {i.Output}"));
        Assert.Equal(result.MaxScore, result.Score);
    }

    [Fact]
    public void Results_json_follows_gradescopes_format_and_the_feedback_lists_every_item()
    {
        var result = Submissions.Grade(Submissions.SolutionText);
        var json = System.Text.Json.Nodes.JsonNode.Parse(ResultsJson.Render(result))!;
        Assert.Equal(AutoPoints, json["score"]!.GetValue<double>());
        Assert.Equal(AutoPoints, json["max_score"]!.GetValue<double>());
        var tests = json["tests"]!.AsArray();
        Assert.Equal(PointsFile.BuiltIn.Count, tests.Count);
        foreach (var test in tests)
        {
            foreach (string key in new[] { "name", "score", "max_score", "output", "visibility" })
            {
                Assert.NotNull(test![key]);
            }
        }

        string feedback = FeedbackReport.Render(result);
        Assert.Contains($"{AutoPoints} / {AutoPoints} points", feedback);
        Assert.Contains("`p2.dJ_dWr`", feedback);
        Assert.Contains("graded by hand", feedback);
    }
}
