using System.Text;
using Backprop.Grading.Notebooks;
using Backprop.Grading.Release;
using Backprop.Grading.Scoring;

namespace Backprop.Grading.Reports;

/// <summary>
/// The page whoever grades by hand reads, one per submission: each written answer (a Markdown cell with metadata
/// <c>backprop.manual</c> or a first line <c>&lt;!-- answer: id --&gt;</c>) as the student wrote it, quoted so that its
/// Markdown and LaTeX render but cannot break the page, next to the question and the rubric from the instructor's
/// solution region. It holds the solutions, so it is for graders, not for students.
/// </summary>
public static class WrittenAnswersPage
{
    /// <summary>The page's file name in a submission's report folder.</summary>
    public const string FileName = "written-answers.md";

    /// <summary>How much of one written answer the page shows.</summary>
    public const int MaxAnswerCharacters = 20_000;

    /// <summary>The page's Markdown.</summary>
    /// <param name="result">The graded submission; its manual items are the written answers, in points-file order.</param>
    /// <param name="submission">The submission as read, with its written-answer cells.</param>
    /// <param name="rubrics">Rubrics by item id (see <see cref="Rubrics.FromFolder"/>); an item without one says so.</param>
    public static string Render(SubmissionResult result, Submission submission, IReadOnlyDictionary<string, Rubrics.Rubric> rubrics)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(submission);
        ArgumentNullException.ThrowIfNull(rubrics);
        var md = new StringBuilder();
        md.Append("# Written answers: ").AppendLine(result.Name).AppendLine();
        md.AppendLine("For whoever grades by hand: each written answer of this submission, quoted as the student wrote it, then the")
          .AppendLine("question and the rubric from the instructor's solution. **This page holds the solutions: do not hand it out.**").AppendLine();
        foreach (var file in submission.Files.Where(f => f.Problem is not null))
        {
            md.Append("> **Unreadable file:** ").AppendLine(file.Problem).AppendLine();
        }

        var manual = result.Items.Where(i => i.Manual).ToArray();
        if (manual.Length == 0)
        {
            md.AppendLine("The points file has no written answers.");
        }

        foreach (var item in manual)
        {
            md.Append("## `").Append(item.Id).Append("` (").Append($"{item.MaxScore:0.##}").AppendLine(" points)").AppendLine();
            rubrics.TryGetValue(item.Id, out var rubric);
            if (rubric?.Question is { } question)
            {
                md.Append("**Question.** ").AppendLine(question).AppendLine();
            }

            md.AppendLine("### Answer").AppendLine();
            var answers = submission.WrittenAnswers(item.Id);
            if (answers.Count == 0)
            {
                md.AppendLine($"*No written answer: no Markdown cell starts with `<!-- answer: {item.Id} -->`.*").AppendLine();
            }
            else
            {
                if (answers.Count > 1)
                {
                    md.AppendLine($"*{answers.Count} cells answer this item; all are shown.*").AppendLine();
                }

                foreach (var cell in answers)
                {
                    md.Append('*').Append(cell.Location).AppendLine("*").AppendLine();
                    md.AppendLine(Quote(StudentText(cell.Source, item.Id))).AppendLine();
                }
            }

            if (item.Written is { } verdict)
            {
                md.Append("**Boxed result, checked automatically: ").Append(verdict.Label).Append(".** ")
                  .AppendLine(verdict.Feedback.Replace("$", "\\$", StringComparison.Ordinal)).AppendLine();
            }

            md.AppendLine("### Rubric").AppendLine();
            md.AppendLine(rubric is null
                ? "*No rubric: the instructor's notebooks were not found, or they hold no solution region for this item.*"
                : $"*From {rubric.Location}.*\n\n{rubric.Solution}").AppendLine();
        }

        return md.ToString();
    }

    /// <summary>The student's text without its identifying first line and the release's placeholder, bounded in size.</summary>
    private static string StudentText(string source, string id)
    {
        var lines = source.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').ToList();
        if (lines.Count > 0 && CellIdentity.FirstLineMarker("markdown", lines[0]) == id)
        {
            lines.RemoveAt(0);
        }

        string text = string.Join("\n", lines).Trim();
        if (text.Length == 0 || text is SolutionRegions.MarkdownPlaceholder or SolutionRegions.DerivationPlaceholder)
        {
            return "*(left empty)*";
        }

        return text.Length > MaxAnswerCharacters ? text[..MaxAnswerCharacters] + $"\n\n*(cut after {MaxAnswerCharacters} characters)*" : text;
    }

    private static string Quote(string text) => string.Join("\n", text.Split('\n').Select(l => l.Length == 0 ? ">" : "> " + l));
}
