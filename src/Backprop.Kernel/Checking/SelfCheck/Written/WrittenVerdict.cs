namespace Backprop.Kernel.Written;

/// <summary>What the automatic check made of a written item's boxed result.</summary>
public enum WrittenStatus
{
    /// <summary>The boxed result agrees with the reference on every case.</summary>
    Agrees,

    /// <summary>The boxed result was read and is wrong: a wrong value, a named mistake or shapes that do not fit.</summary>
    Wrong,

    /// <summary>The boxed result could not be read or evaluated without guessing: a person decides.</summary>
    HandGrading,

    /// <summary>The cell has no boxed result or displayed equation.</summary>
    NoResult,

    /// <summary>The item is prose (p3.why_residual, p4.conclusions): graded by hand only.</summary>
    NotChecked,
}

/// <summary>The verdict on one written item's boxed result. Its message never states the reference.</summary>
/// <param name="WrittenId">The written item, e.g. "p2.dJ_dWr.derivation".</param>
/// <param name="Status">The outcome.</param>
/// <param name="Message">What was found, in one or two sentences, for the student and the person grading.</param>
/// <param name="Mistake">The named mistake (the grader names them; a student's own check names only shapes that do not fit), or null.</param>
/// <param name="Result">The boxed result as read (LaTeX), or null.</param>
/// <param name="Readings">How ambiguous notation was read, e.g. "h_t^2 is read element-wise".</param>
/// <param name="Cases">The number of cases the result was evaluated on.</param>
public sealed record WrittenVerdict(string WrittenId, WrittenStatus Status, string Message, string? Mistake, string? Result, IReadOnlyList<string> Readings, int Cases)
{
    /// <summary>The message followed by the readings, as one paragraph.</summary>
    public string Feedback => Readings.Count == 0 ? Message : Message + " Read as: " + string.Join(" ", Readings);

    /// <summary>A short label for tables: "agrees", "wrong" (with the mistake's name where the grader gives one), "hand grading", "no boxed result", "not checked".</summary>
    public string Label => Status switch
    {
        WrittenStatus.Agrees => "agrees",
        WrittenStatus.Wrong => Mistake is null ? "wrong" : "wrong: " + Mistake,
        WrittenStatus.HandGrading => "hand grading",
        WrittenStatus.NoResult => "no boxed result",
        _ => "not checked",
    };
}

/// <summary>The one mistake a student's own check names: shapes that do not fit. Every other name is the grader's.</summary>
internal static class WrittenShapes
{
    /// <summary>Shapes that do not fit, so the result has no value.</summary>
    public const string Mistake = "shapes that do not fit";
}
