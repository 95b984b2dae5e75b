using Backprop.Grading.Scoring;

namespace Backprop.Grading.Reports;

/// <summary>Writes a submission's results.json and feedback.md into a folder, and the page for hand grading.</summary>
public static class ReportWriter
{
    /// <summary>Writes both reports, creating the folder.</summary>
    /// <param name="result">The graded submission.</param>
    /// <param name="directory">The output folder.</param>
    /// <param name="notebooks">The submission's notebooks; when given, <see cref="WrittenAnswersPage"/> is written too.</param>
    /// <param name="rubrics">Rubrics for that page, by item id; empty when the instructor's notebooks are not at hand.</param>
    public static void Write(SubmissionResult result, string directory, IReadOnlyList<string>? notebooks = null, IReadOnlyDictionary<string, Release.Rubrics.Rubric>? rubrics = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "results.json"), ResultsJson.Render(result));
        File.WriteAllText(Path.Combine(directory, "feedback.md"), FeedbackReport.Render(result));
        if (notebooks is not null && result.Items.Any(i => i.Manual))
        {
            File.WriteAllText(Path.Combine(directory, WrittenAnswersPage.FileName), WrittenAnswersPage.Render(result, notebooks, rubrics ?? new Dictionary<string, Release.Rubrics.Rubric>()));
        }
    }
}
