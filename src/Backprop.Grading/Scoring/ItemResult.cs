namespace Backprop.Grading.Scoring;

/// <summary>The grade of one item with the text the student sees.</summary>
/// <param name="Id">The item id.</param>
/// <param name="Title">The derivative in the problem set's notation, or the manual question.</param>
/// <param name="Score">Points earned (0 for manual items until graded by hand).</param>
/// <param name="MaxScore">Points possible.</param>
/// <param name="Manual">True for written answers graded by hand.</param>
/// <param name="Output">What was checked and what went wrong, with a hint.</param>
/// <param name="Mistake">The name of the diagnosed common mistake, if any.</param>
/// <param name="Written">A written derivation's automatic check of its boxed result, or null.</param>
/// <param name="AutoPoints">Of a written item's points, the part its automatic check can give (<see cref="ItemPoints.Auto"/>).</param>
public sealed record ItemResult(string Id, string Title, double Score, double MaxScore, bool Manual, string Output, string? Mistake = null,
    Written.WrittenVerdict? Written = null, double AutoPoints = 0)
{
    /// <summary>True for an auto item with full marks.</summary>
    public bool Passed => !Manual && Score >= MaxScore;
}
