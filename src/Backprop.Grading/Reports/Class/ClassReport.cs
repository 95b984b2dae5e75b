using Backprop.Grading.Notebooks;
using Backprop.Grading.Scoring;

namespace Backprop.Grading.Reports.Class;

/// <summary>
/// After a batch: report.html (what the class got wrong), items.csv (for the LMS gradebook) and similarity.csv, next to
/// gradebook.csv. Works from the submissions as the batch read them (nothing is read again, compiled or run).
/// </summary>
public static class ClassReport
{
    /// <summary>The files it writes, relative to the output folder.</summary>
    public static IReadOnlyList<string> Files { get; } = ["report.html", "items.csv", "similarity.csv"];

    /// <summary>Writes the three files into <paramref name="outputDirectory"/>.</summary>
    /// <param name="outputDirectory">Where gradebook.csv and the feedback folders are.</param>
    /// <param name="results">The graded submissions (names unique).</param>
    /// <param name="answers">Their auto items' answer cells (<see cref="Answers"/>).</param>
    /// <param name="points">The items.</param>
    /// <returns>The similar pairs found.</returns>
    public static IReadOnlyList<SimilarPair> Write(string outputDirectory, IReadOnlyList<SubmissionResult> results, IReadOnlyList<SubmittedAnswer> answers, IReadOnlyList<ItemPoints> points)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(answers);
        ArgumentNullException.ThrowIfNull(points);
        var items = ItemSummary.Of(results, points, answers);
        var pairs = SimilarityFinder.Find(answers);
        Directory.CreateDirectory(outputDirectory);
        File.WriteAllText(Path.Combine(outputDirectory, "report.html"), ClassReportPage.Render(results, items, pairs, BatchGrader.FolderName, PlotlyJs.Text));
        File.WriteAllText(Path.Combine(outputDirectory, "items.csv"), ItemsCsv.Render(results, points));
        File.WriteAllText(Path.Combine(outputDirectory, "similarity.csv"), SimilarityCsv.Render(pairs));
        return pairs;
    }

    /// <summary>The auto items' answer cells of one graded submission, with how each was graded.</summary>
    /// <param name="submission">The submission as read.</param>
    /// <param name="result">How it was graded.</param>
    /// <param name="points">The items.</param>
    public static IReadOnlyList<SubmittedAnswer> Answers(Submission submission, SubmissionResult result, IReadOnlyList<ItemPoints> points)
    {
        ArgumentNullException.ThrowIfNull(submission);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(points);
        var auto = points.Where(p => !p.Manual).Select(p => p.Id).ToArray();
        var extracted = submission.Answers(auto, new HashSet<string>());
        return auto.Select(id => (Answer: extracted[id], Graded: result.Items.FirstOrDefault(i => i.Id == id)))
            .Where(x => x.Answer is { Found: true, Code: not null } && x.Graded is not null)
            .Select(x => new SubmittedAnswer(result.Name, x.Answer.Item, x.Answer.Code!, x.Graded!.Passed, x.Graded.Mistake)).ToArray();
    }
}
