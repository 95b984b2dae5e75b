using Backprop.Grading.Scoring;

namespace Backprop.Grading.Reports;

/// <summary>Writes a submission's results.json and feedback.md into a folder.</summary>
public static class ReportWriter
{
    /// <summary>Writes both reports, creating the folder.</summary>
    /// <param name="result">The graded submission.</param>
    /// <param name="directory">The output folder.</param>
    public static void Write(SubmissionResult result, string directory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "results.json"), ResultsJson.Render(result));
        File.WriteAllText(Path.Combine(directory, "feedback.md"), FeedbackReport.Render(result));
    }
}
