using Backprop.Grading.Answers;
using Backprop.Grading.Isolation;
using Backprop.Grading.Notebooks;
using Backprop.Kernel;
using Backprop.Kernel.Checking;

namespace Backprop.Grading.Scoring;

/// <summary>
/// Grades one <see cref="Submission"/>: read (done before, by <see cref="SubmissionReader"/>) → compile (a confined
/// compile child) → run (confined run children) → judge (<see cref="ItemJudge"/>, here in the grader, where the
/// expected values are) → the fault rule for used items (<see cref="FaultRule"/>). The grader never parses, compiles or
/// runs student code itself. Never throws: a grader bug gives an "internal error" result for this submission only.
/// </summary>
public sealed class Grader(GraderOptions options)
{
    /// <summary>Longest text an item's output may carry into results.json.</summary>
    public const int MaxOutputLength = 4000;

    /// <summary>Starts a compile child for <paramref name="sandbox"/> now, so it is warm when the first answer comes.</summary>
    /// <param name="sandbox">The limits and layers the grading will use (a child serves only the same options).</param>
    public static void StartWarming(SandboxOptions sandbox) => CompileChild.Return(CompileChild.Rent(sandbox));

    /// <summary>Grades a submission.</summary>
    /// <param name="submission">The submission, read once by <see cref="SubmissionReader"/>.</param>
    public SubmissionResult Grade(Submission submission)
    {
        ArgumentNullException.ThrowIfNull(submission);
        try
        {
            return GradeUnguarded(submission);
        }
        catch (Exception e)
        {
            return InternalError(submission.Name, e);
        }
    }

    /// <summary>The result of a submission the grader failed on: zero everywhere, saying it is not the student's fault.</summary>
    /// <param name="name">The submission's name.</param>
    /// <param name="error">What went wrong inside the grader.</param>
    public SubmissionResult InternalError(string name, Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        string why = Bound($"{error.GetType().Name}: {error.Message}", 300);
        var items = options.Points.Select(p => new ItemResult(p.Id, p.Id, p.Manual ? ItemVerdict.GradedByHand : ItemVerdict.Failed, 0, p.Points,
            "Not graded: the grader hit an internal error on this submission.")).ToArray();
        return new SubmissionResult(name, items,
            [$"Internal error: the autograder could not grade this submission ({why}). This is not your fault; please tell your instructor."])
        { InternalError = true, Isolation = IsolationPlan.For(options.Sandbox).Layers };
    }

    private SubmissionResult GradeUnguarded(Submission submission)
    {
        var answers = Answers(submission);
        var rows = options.Points.Where(p => !p.Manual && answers[p.Id].Found).Select(p => Row(p.Id)).OfType<CheckItem>().ToArray();
        var pointsById = options.Points.ToDictionary(p => p.Id);
        var run = AnswerRun.Run(options.Sandbox, rows, answers, submission.Usings,
            (row, outcome) => ItemJudge.Judge(pointsById[row.Id], row, HiddenCases.For(row.Id), answers[row.Id].Location!, outcome));
        var items = options.Points.Select(p => Bounded(p.Manual ? GradeWritten(p, answers[p.Id]) : GradeAuto(p, answers[p.Id], run))).ToArray();
        items = items.Select(i => FaultRule.WithUsedFaults(i, items, answers)).ToArray();
        return new SubmissionResult(submission.Name, items, submission.Problems.Take(20).Select(t => Bound(t, 2000)).ToArray()) { Isolation = run.Layers };
    }

    /// <summary>Each item's answer, and the cells of the items they use (p2.dJ_dg for p2.dJ_dWr), whether or not those carry points.</summary>
    private IReadOnlyDictionary<string, ExtractedAnswer> Answers(Submission submission)
    {
        var used = options.Points.Where(p => !p.Manual).SelectMany(p => Row(p.Id)?.UsedItems ?? []).Select(u => u.Id);
        return submission.Answers(options.Points.Select(p => p.Id).Concat(used).Distinct(), options.Points.Where(p => p.Manual).Select(p => p.Id).ToHashSet());
    }

    private static CheckItem? Row(string id) => CheckItems.TryFind(id);

    private static ItemResult GradeWritten(ItemPoints points, ExtractedAnswer answer) => WrittenCheck.Apply(
        new(points.Id, "written answer", ItemVerdict.GradedByHand, 0, points.Points,
            answer.Found ? $"Graded by hand ({points.Points:0.##} points). Your answer was found in {answer.Location}." : $"Graded by hand ({points.Points:0.##} points). {answer.Problem}"),
        points, answer.Found ? answer.Code : null);

    private static ItemResult GradeAuto(ItemPoints points, ExtractedAnswer answer, AnswerRun run)
    {
        string title = Row(points.Id)?.Title ?? points.Id;
        if (!answer.Found)
        {
            return ItemJudge.Failed(points, title, answer.Problem ?? "No answer was found.");
        }

        if (run.Compiled.TryGetValue(points.Id, out var compiled) && !compiled.Succeeded)
        {
            return ItemJudge.Failed(points, title, $"Your answer ({answer.Location}) {compiled.Problem}");
        }

        return run.Results.TryGetValue(points.Id, out var judged)
            ? judged
            : ItemJudge.Failed(points, title, $"Your answer ({answer.Location}) could not be graded: the grader does not know this item.");
    }

    private static ItemResult Bounded(ItemResult result) => result with { Output = Bound(result.Output, MaxOutputLength) };

    /// <summary>Cuts long text and says so, so results.json stays small whatever a student makes the grader say.</summary>
    /// <param name="text">The text.</param>
    /// <param name="limit">Most characters kept.</param>
    public static string Bound(string text, int limit)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length <= limit ? text : text[..limit] + $"\n… (cut: {text.Length - limit:N0} more characters not shown)";
    }
}
