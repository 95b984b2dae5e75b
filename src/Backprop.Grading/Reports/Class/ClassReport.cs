using Backprop.Grading.Answers;
using Backprop.Grading.Notebooks;
using Backprop.Grading.Scoring;

namespace Backprop.Grading.Reports.Class;

/// <summary>
/// After a batch: report.html (what the class got wrong), items.csv (for the LMS gradebook) and similarity.csv, next to
/// gradebook.csv. Reads the answer cells again from the submissions (JSON only: nothing is compiled or run).
/// </summary>
public static class ClassReport
{
    /// <summary>The files it writes, relative to the output folder.</summary>
    public static IReadOnlyList<string> Files { get; } = ["report.html", "items.csv", "similarity.csv"];

    /// <summary>Writes the three files into <paramref name="outputDirectory"/>.</summary>
    /// <param name="folder">The folder of submissions that was graded.</param>
    /// <param name="outputDirectory">Where gradebook.csv and the feedback folders are.</param>
    /// <param name="results">The graded submissions.</param>
    /// <param name="points">The items.</param>
    /// <returns>The similar pairs found.</returns>
    public static IReadOnlyList<SimilarPair> Write(string folder, string outputDirectory, IReadOnlyList<SubmissionResult> results, IReadOnlyList<ItemPoints> points)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(points);
        var answers = Answers(folder, results, points);
        var items = ItemSummary.Of(results, points, answers);
        var pairs = SimilarityFinder.Find(answers);
        Directory.CreateDirectory(outputDirectory);
        File.WriteAllText(Path.Combine(outputDirectory, "report.html"), ClassReportPage.Render(results, items, pairs, BatchGrader.FolderName, PlotlyJs.Text));
        File.WriteAllText(Path.Combine(outputDirectory, "items.csv"), ItemsCsv.Render(results, points));
        File.WriteAllText(Path.Combine(outputDirectory, "similarity.csv"), SimilarityCsv.Render(pairs));
        return pairs;
    }

    /// <summary>The auto items' answer cells of every graded submission, with how each was graded.</summary>
    /// <param name="folder">The folder of submissions.</param>
    /// <param name="results">The graded submissions.</param>
    /// <param name="points">The items.</param>
    public static IReadOnlyList<SubmittedAnswer> Answers(string folder, IReadOnlyList<SubmissionResult> results, IReadOnlyList<ItemPoints> points)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(points);
        var byName = results.ToDictionary(r => r.Name);
        var auto = points.Where(p => !p.Manual).Select(p => p.Id).ToArray();
        var answers = new List<SubmittedAnswer>();
        foreach (var (name, paths) in BatchGrader.Submissions(folder))
        {
            if (!byName.TryGetValue(name, out var result))
            {
                continue;
            }

            var notebooks = paths.Select(p => NotebookReader.Read(p, out _)).OfType<Notebook>().ToArray();
            var extracted = AnswerExtractor.Extract(notebooks, auto, new HashSet<string>());
            foreach (var id in auto)
            {
                var graded = result.Items.FirstOrDefault(i => i.Id == id);
                if (extracted[id] is { Found: true, Code: { } code } && graded is not null)
                {
                    answers.Add(new SubmittedAnswer(name, id, code, graded.Passed, graded.Mistake));
                }
            }
        }

        return answers;
    }
}
