namespace Backprop.Grading.Scoring;

/// <summary>The grade of one item with the text the student sees.</summary>
/// <param name="Id">The item id.</param>
/// <param name="Title">The derivative in the problem set's notation, or "written answer".</param>
/// <param name="Verdict">Whether the pass rule passed: the one meaning of "passed", whatever the points.</param>
/// <param name="Score">Points earned (0 for written answers until graded by hand).</param>
/// <param name="MaxScore">Points possible (a points file may give an item 0).</param>
/// <param name="Output">What was checked and what went wrong, with a hint.</param>
/// <param name="Mistake">The name of the diagnosed common mistake, if any.</param>
/// <param name="Written">A written derivation's automatic check of its boxed result, or null.</param>
/// <param name="AutoPoints">Of a written item's points, the part its automatic check can give (<see cref="ItemPoints.Auto"/>).</param>
public sealed record ItemResult(string Id, string Title, ItemVerdict Verdict, double Score, double MaxScore, string Output, string? Mistake = null,
    Kernel.Written.WrittenVerdict? Written = null, double AutoPoints = 0)
{
    /// <summary>True when the answer met the pass rule (never for written answers).</summary>
    public bool Passed => Verdict == ItemVerdict.Passed;

    /// <summary>True for written answers graded by hand.</summary>
    public bool Manual => Verdict == ItemVerdict.GradedByHand;
}
