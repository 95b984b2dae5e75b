using Backprop.Grading.Notebooks;
using Backprop.Grading.Release;
using Backprop.Grading.Scoring;

namespace Backprop.Grading.Reports;

/// <summary>
/// The reports of one graded submission: results.json (Gradescope's format), feedback.md and, when the points have
/// written answers, the page for hand grading (<see cref="WrittenAnswersPage"/>) as Markdown and, given a renderer, as
/// an offline HTML page made from the same text.
/// </summary>
/// <param name="Rubrics">Rubrics of the written answers by item id; empty when the instructor's notebooks are not at hand.</param>
/// <param name="WrittenAnswersHtml">Turns (title, Markdown) into the HTML page, or null for the Markdown only.</param>
public sealed record SubmissionReports(IReadOnlyDictionary<string, Rubrics.Rubric> Rubrics, Func<string, string, string>? WrittenAnswersHtml = null)
{
    /// <summary>The HTML page's file name, beside <see cref="WrittenAnswersPage.FileName"/>.</summary>
    public const string WrittenAnswersHtmlName = "written-answers.html";

    /// <summary>Reports without rubrics or HTML page.</summary>
    public static SubmissionReports Plain { get; } = new(new Dictionary<string, Rubrics.Rubric>());

    /// <summary>Writes the reports into <paramref name="directory"/>, creating it.</summary>
    /// <param name="result">The graded submission.</param>
    /// <param name="directory">The output folder.</param>
    /// <param name="submission">The submission as read, for the written answers; null when it could not be read.</param>
    public void Write(SubmissionResult result, string directory, Submission? submission)
    {
        ArgumentNullException.ThrowIfNull(result);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "results.json"), ResultsJson.Render(result));
        File.WriteAllText(Path.Combine(directory, "feedback.md"), FeedbackReport.Render(result));
        if (submission is not null && result.Items.Any(i => i.Manual))
        {
            string markdown = WrittenAnswersPage.Render(result, submission, Rubrics);
            File.WriteAllText(Path.Combine(directory, WrittenAnswersPage.FileName), markdown);
            if (WrittenAnswersHtml is not null)
            {
                File.WriteAllText(Path.Combine(directory, WrittenAnswersHtmlName), WrittenAnswersHtml("Written answers: " + result.Name, markdown));
            }
        }
    }
}
