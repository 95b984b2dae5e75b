namespace Backprop.Kernel;

/// <summary>
/// The forward regime of one seeded run of <see cref="JacobianProbe"/>, measured at every step t with forward passes only:
/// ‖h_t‖ and the mean slope of tanh at g_t. It needs no box, so it runs before any box is written.
/// </summary>
/// <param name="Name">The recurrence's name.</param>
/// <param name="StateNorms">‖h_t‖₂ for t = 0..T.</param>
/// <param name="MeanTanhSlopes">The mean over units of the slope of tanh at g_t, d = tanh′(g_t), for t = 0..T (index 0 unused: NaN); 1 in the linear range, 0 saturated.</param>
/// <param name="MeanSquaredTanhSlopes">The mean over units of d² for t = 0..T (index 0 unused: NaN).</param>
public sealed record ForwardSeries(
    string Name,
    IReadOnlyList<double> StateNorms,
    IReadOnlyList<double> MeanTanhSlopes,
    IReadOnlyList<double> MeanSquaredTanhSlopes)
{
    /// <summary>T, the sequence length.</summary>
    public int T => StateNorms.Count - 1;
}
