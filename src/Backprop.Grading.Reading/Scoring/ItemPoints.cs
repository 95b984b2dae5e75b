namespace Backprop.Grading.Scoring;

/// <summary>The points of one item and whether it is graded by hand.</summary>
/// <param name="Id">The item id, e.g. "p2.dJ_dWr" or "p3.why_residual".</param>
/// <param name="Points">What the item is worth.</param>
/// <param name="Manual">True for written answers graded by hand.</param>
/// <param name="Auto">
/// Of a written derivation's <paramref name="Points"/>, the part given when its boxed result agrees with the reference on
/// every case ("auto" in the points file; 0 unless the instructor opts in). The rest is graded by hand.
/// </param>
public sealed record ItemPoints(string Id, double Points, bool Manual, double Auto = 0);
