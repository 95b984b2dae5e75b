using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Backprop.Grading.Scoring;

namespace Backprop.Grading.Reports;

/// <summary>
/// Gradescope's results.json: <c>score</c>, <c>max_score</c>, <c>output</c> and one test per item with <c>name</c>,
/// <c>score</c>, <c>max_score</c>, <c>output</c> and <c>visibility</c>. Manual items appear with max_score 0 and a note,
/// since their points are given by hand in Gradescope.
/// </summary>
public static class ResultsJson
{
    /// <summary>The results.json text of a submission.</summary>
    /// <param name="result">The graded submission.</param>
    public static string Render(SubmissionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var tests = new JsonArray();
        foreach (var problem in result.Problems)
        {
            tests.Add(new JsonObject { ["name"] = "Submission", ["score"] = 0, ["max_score"] = 0, ["output"] = problem, ["visibility"] = "visible" });
        }

        foreach (var item in result.Items)
        {
            tests.Add(new JsonObject
            {
                ["name"] = item.Manual ? $"{item.Id} (graded by hand)" : $"{item.Id}: {item.Title}",
                ["score"] = item.Score,
                ["max_score"] = item.Manual ? item.AutoPoints : item.MaxScore,
                ["output"] = item.Output,
                ["visibility"] = "visible",
            });
        }

        var root = new JsonObject
        {
            ["score"] = result.Score,
            ["max_score"] = result.MaxScore,
            ["output"] = Summary(result),
            ["visibility"] = "visible",
            ["stdout_visibility"] = "hidden",
            ["tests"] = tests,
            ["extra_data"] = new JsonObject
            {
                ["isolation"] = new JsonArray(result.Isolation.Select(l => (JsonNode?)JsonValue.Create(l)).ToArray()),
                ["internal_error"] = result.InternalError,
            },
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }

    /// <summary>One line: the score, how many items passed, and what is left for hand grading.</summary>
    /// <param name="result">The graded submission.</param>
    public static string Summary(SubmissionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        int auto = result.Items.Count(i => !i.Manual);
        int manual = result.Items.Count(i => i.Manual);
        string text = $"{result.Score:0.##} / {result.MaxScore:0.##} points: {result.Items.Count(i => i.Passed)} of {auto} derivatives correct.";
        if (manual > 0)
        {
            text += $" {manual} written answer(s) worth {result.Items.Where(i => i.Manual).Sum(i => i.MaxScore):0.##} points are graded by hand.";
        }

        return result.Problems.Count > 0 ? string.Join(" ", result.Problems) + " " + text : text;
    }
}
