using System.Text;
using Backprop.Grading.Scoring;

namespace Backprop.Grading.Reports;

/// <summary>The Markdown feedback a student reads: the score, a table of items, then what went wrong and why.</summary>
public static class FeedbackReport
{
    /// <summary>The feedback.md text of a submission.</summary>
    /// <param name="result">The graded submission.</param>
    public static string Render(SubmissionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var md = new StringBuilder();
        md.Append("# Feedback: ").AppendLine(result.Name).AppendLine();
        md.AppendLine(ResultsJson.Summary(result)).AppendLine();
        foreach (var problem in result.Problems)
        {
            md.Append("> **Problem with the submission:** ").AppendLine(problem).AppendLine();
        }

        md.AppendLine("| item | derivative | points | verdict |").AppendLine("|---|---|---|---|");
        foreach (var item in result.Items)
        {
            string verdict = item.Manual ? "graded by hand" + (item.Written is { } w ? $"; boxed result: {w.Label}" : "") : item.Passed ? "correct" : item.Mistake is { } m ? $"wrong: {m}" : "wrong";
            md.AppendLine($"| `{item.Id}` | {item.Title} | {(item.Manual ? "–" : $"{item.Score:0.##}")} / {item.MaxScore:0.##} | {verdict} |");
        }

        foreach (var item in result.Items.Where(i => !i.Passed))
        {
            md.AppendLine().Append("## `").Append(item.Id).AppendLine("`").AppendLine();
            md.AppendLine("```text").AppendLine(item.Output.TrimEnd()).AppendLine("```");
        }

        return md.ToString();
    }
}
