using Backprop.Grading.Reports;
using Backprop.Grading.Scoring;

namespace Backprop.Grading.Tests;

public class FullMarksTests
{
    [Fact]
    public void The_fixture_solution_notebook_scores_full_marks_on_the_hidden_cases()
    {
        var result = Submissions.Grade(Submissions.SolutionText, "solution");
        Assert.Empty(result.Problems);
        Assert.All(result.Items.Where(i => !i.Manual), i => Assert.True(i.Passed, $"{i.Id}: {i.Output}"));
        Assert.Equal(90, result.MaxScore); // the auto items of notebooks/grading.json
        Assert.Equal(result.MaxScore, result.Score);
        var manual = result.Item("p3.why_residual");
        Assert.True(manual.Manual);
        Assert.Contains("Graded by hand", manual.Output);
        Assert.Contains("solution.ipynb, cell", manual.Output);
    }

    [Fact]
    public void The_course_notebooks_together_score_full_marks_when_present()
    {
        string folder = Path.Combine(TestPaths.Root, "notebooks");
        var notebooks = Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*.ipynb").Where(f => !f.EndsWith(".executed.ipynb", StringComparison.Ordinal)).Order().ToArray()
            : [];
        if (notebooks.Length == 0)
        {
            return; // the course notebooks land in notebooks/ with the notebooks issue; the fixture covers the contract meanwhile
        }

        var result = new Grader(Submissions.Options).Grade("course", notebooks);
        Assert.All(result.Items.Where(i => !i.Manual), i => Assert.True(i.Passed, $"{i.Id}: {i.Output}"));
        Assert.Equal(result.MaxScore, result.Score);
    }

    [Fact]
    public void Results_json_follows_gradescopes_format_and_the_feedback_lists_every_item()
    {
        var result = Submissions.Grade(Submissions.SolutionText);
        var json = System.Text.Json.Nodes.JsonNode.Parse(ResultsJson.Render(result))!;
        Assert.Equal(90, json["score"]!.GetValue<double>());
        Assert.Equal(90, json["max_score"]!.GetValue<double>());
        var tests = json["tests"]!.AsArray();
        Assert.Equal(20, tests.Count); // 11 code items and 9 written answers graded by hand
        foreach (var test in tests)
        {
            foreach (string key in new[] { "name", "score", "max_score", "output", "visibility" })
            {
                Assert.NotNull(test![key]);
            }
        }

        string feedback = FeedbackReport.Render(result);
        Assert.Contains("90 / 90 points", feedback);
        Assert.Contains("`p2.dJ_dWr`", feedback);
        Assert.Contains("graded by hand", feedback);
    }
}
