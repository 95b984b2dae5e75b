namespace Backprop.Grading.Scoring;

/// <summary>The grade of one submission: per-item results and any submission-wide problem (e.g. unreadable notebook).</summary>
/// <param name="Name">The submission's name (file or folder), for the gradebook.</param>
/// <param name="Items">One result per item, auto and manual, in points-file order.</param>
/// <param name="Problems">Submission-wide messages, e.g. a notebook that is not valid JSON.</param>
public sealed record SubmissionResult(string Name, IReadOnlyList<ItemResult> Items, IReadOnlyList<string> Problems)
{
    /// <summary>Points earned on auto-graded items and on the automatic part of written ones.</summary>
    public double Score => Items.Sum(i => i.Score);

    /// <summary>Points possible on auto-graded items; manual items are added by hand in Gradescope.</summary>
    public double MaxScore => Items.Sum(i => i.Manual ? i.AutoPoints : i.MaxScore);

    /// <summary>True when the grader itself failed on this submission (not the student's doing).</summary>
    public bool InternalError { get; init; }

    /// <summary>The isolation layers that were in force around the student's code.</summary>
    public IReadOnlyList<string> Isolation { get; init; } = [];
}
