using Backprop.Grading.Answers;

namespace Backprop.Grading.Notebooks;

/// <summary>
/// One student's submission, read once by <see cref="SubmissionReader"/> from its notebooks (.ipynb) and exported apps
/// (.cs): every cell with its identity and number as the student sees them, and what was wrong with the files. The
/// grader, the reports and the class report all take this; none of them reads a path again.
/// </summary>
/// <param name="Name">The submission's name, for reports (unique within a batch).</param>
/// <param name="Files">The files read, in order, each with its cells or its problem.</param>
/// <param name="Problems">What is wrong with the submission as a whole or with one of its files, in words for the student.</param>
public sealed record Submission(string Name, IReadOnlyList<SubmittedFile> Files, IReadOnlyList<string> Problems)
{
    /// <summary>Every cell of every readable file, in order.</summary>
    public IEnumerable<SubmittedCell> Cells => Files.SelectMany(f => f.Cells);

    /// <summary>True when some file has an answer or written-answer cell.</summary>
    public bool HasAnswerCells => Cells.Any(c => c.Identity.Answer is not null || c.Identity.Manual is not null);

    /// <summary>The answer to each item, found by identity (see <see cref="AnswerExtractor"/>).</summary>
    /// <param name="itemIds">The items to look for.</param>
    /// <param name="manualIds">Which of them are written answers in markdown cells.</param>
    public IReadOnlyDictionary<string, ExtractedAnswer> Answers(IEnumerable<string> itemIds, ISet<string> manualIds) => AnswerExtractor.Extract(this, itemIds, manualIds);

    /// <summary>Every written-answer cell for <paramref name="item"/>, in order (a page for hand grading shows them all).</summary>
    /// <param name="item">A manual item id.</param>
    public IReadOnlyList<SubmittedCell> WrittenAnswers(string item) => Cells.Where(c => c.Identity.Manual == item).ToArray();

    /// <summary>The namespaces the code cells open (plain <c>using X.Y;</c> lines only, at most 50), for compiling answers.</summary>
    public IReadOnlyList<string> Usings => Cells.Where(c => c.IsCode).SelectMany(c => UsingLines(c.Source)).Distinct().Take(50).ToArray();

    private static IEnumerable<string> UsingLines(string source) =>
        source.Split('\n').Select(l => l.Trim())
            .Where(l => l.Length < 200 && l.StartsWith("using ", StringComparison.Ordinal) && l.EndsWith(';') && !l.Contains('=') && !l.Contains('(') && !l.StartsWith("using static", StringComparison.Ordinal))
            .Select(l => l["using ".Length..^1].Trim());
}
