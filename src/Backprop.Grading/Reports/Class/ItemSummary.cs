using Backprop.Grading.Scoring;

namespace Backprop.Grading.Reports.Class;

/// <summary>What the class did on one auto item: the numbers behind one section of the report.</summary>
/// <param name="Id">The item id.</param>
/// <param name="Title">The derivative in the problem set's notation.</param>
/// <param name="Submissions">How many submissions were graded.</param>
/// <param name="Passed">How many met the pass rule.</param>
/// <param name="Mistakes">Each named mistake: how many made it, and one example cell (comments removed, no name).</param>
/// <param name="UnnamedWrong">Wrong answers the grader could not name.</param>
/// <param name="Missing">Submissions with no (or conflicting) answer cell.</param>
/// <param name="CompileErrors">Compile errors by cause, with counts.</param>
/// <param name="RunFailures">Timeouts and crashes by cause, with counts.</param>
/// <param name="HardestCase">The hidden case that wrong answers failed most, and how many failed it; null when none failed.</param>
public sealed record ItemSummary(
    string Id,
    string Title,
    int Submissions,
    int Passed,
    IReadOnlyList<(string Name, int Count, string Example)> Mistakes,
    int UnnamedWrong,
    int Missing,
    IReadOnlyList<(string Cause, int Count)> CompileErrors,
    IReadOnlyList<(string Cause, int Count)> RunFailures,
    (string Case, int Count)? HardestCase)
{
    /// <summary>Passed / submissions, 0..1.</summary>
    public double PassRate => Submissions == 0 ? 0 : (double)Passed / Submissions;

    /// <summary>One summary per auto item, in points-file order.</summary>
    /// <param name="results">The graded submissions.</param>
    /// <param name="points">The items.</param>
    /// <param name="answers">The answer cells, for the examples.</param>
    public static IReadOnlyList<ItemSummary> Of(IReadOnlyList<SubmissionResult> results, IReadOnlyList<ItemPoints> points, IReadOnlyList<SubmittedAnswer> answers)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(answers);
        var code = answers.ToDictionary(a => (a.Submission, a.Item), a => a.Code);
        var summaries = new List<ItemSummary>();
        foreach (var point in points.Where(p => !p.Manual))
        {
            var graded = results.Select(r => (r.Name, Item: r.Items.FirstOrDefault(i => i.Id == point.Id))).Where(x => x.Item is not null).ToArray();
            var kinds = graded.Select(x => (x.Name, x.Item!, Outcome: FailureCause.Of(x.Item!))).ToArray();
            var wrong = kinds.Where(k => k.Outcome.Kind == FailureCause.Kind.Wrong).ToArray();
            var mistakes = wrong.Where(w => w.Item2.Mistake is not null)
                .GroupBy(w => w.Item2.Mistake!)
                .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => (g.Key, g.Count(), Example(g.OrderBy(w => w.Name, StringComparer.Ordinal).Select(w => code.GetValueOrDefault((w.Name, point.Id))).FirstOrDefault(c => c is not null))))
                .ToArray();
            var hardest = wrong.SelectMany(w => FailureCause.FailedCases(w.Item2)).GroupBy(c => c)
                .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => ((string Case, int Count)?)(g.Key, g.Count())).FirstOrDefault();
            summaries.Add(new ItemSummary(
                point.Id,
                graded.FirstOrDefault().Item?.Title ?? point.Id,
                graded.Length,
                kinds.Count(k => k.Outcome.Kind == FailureCause.Kind.Passed),
                mistakes,
                wrong.Count(w => w.Item2.Mistake is null),
                kinds.Count(k => k.Outcome.Kind == FailureCause.Kind.Missing),
                Causes(kinds.Where(k => k.Outcome.Kind == FailureCause.Kind.CompileError).Select(k => k.Outcome.Cause!)),
                Causes(kinds.Where(k => k.Outcome.Kind is FailureCause.Kind.Timeout or FailureCause.Kind.Crash).Select(k => k.Outcome.Cause!)),
                hardest));
        }

        return summaries;
    }

    private static (string, int)[] Causes(IEnumerable<string> causes) =>
        causes.GroupBy(c => c).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, g.Count())).ToArray();

    // The example shows code only: comments (where names and notes live) are removed.
    private static string Example(string? code) => code is null ? "(no answer cell found)" : AnswerTokens.WithoutComments(code);
}
