namespace Backprop.Kernel;

/// <summary>
/// One seeded run of one recurrence, measured at every step t: the forward regime (‖h_t‖, the mean slope of tanh at g_t),
/// the target-free gain log₁₀ ‖∂h_T/∂h_t‖₂ (largest singular value), and ‖∂J/∂h_t‖, ‖∂J/∂g_t‖ for a random target.
/// </summary>
/// <param name="Name">The recurrence's name.</param>
/// <param name="StateNorms">‖h_t‖₂ for t = 0..T.</param>
/// <param name="MeanTanhSlopes">The mean over units of the slope of tanh at g_t, d = tanh′(g_t), for t = 0..T (index 0 unused: NaN); 1 in the linear range, 0 saturated.</param>
/// <param name="MeanSquaredTanhSlopes">The mean over units of d² for t = 0..T (index 0 unused: NaN).</param>
/// <param name="Log10Gains">log₁₀ ‖∂h_T/∂h_t‖₂ for t = 0..T (index 0 unused: NaN; index T is log₁₀ ‖I‖ = 0).</param>
/// <param name="Log10SingularValues">log₁₀ of every singular value of ∂h_T/∂h_1, largest first.</param>
/// <param name="GradientNorms">‖∂J/∂h_t‖ for t = 0..T.</param>
/// <param name="PreactivationGradientNorms">‖∂J/∂g_t‖ for t = 0..T (index 0 unused: NaN); all NaN when the run was given no dJ_dg box.</param>
/// <param name="WrStepChangeNorms">how much the ∂J/∂Wr box changes when step t is added (Frobenius norm), for t = 0..T (index 0 unused: NaN); all NaN when the run was given no dJ_dWr box.</param>
public sealed record JacobianSeries(
    string Name,
    IReadOnlyList<double> StateNorms,
    IReadOnlyList<double> MeanTanhSlopes,
    IReadOnlyList<double> MeanSquaredTanhSlopes,
    IReadOnlyList<double> Log10Gains,
    IReadOnlyList<double> Log10SingularValues,
    IReadOnlyList<double> GradientNorms,
    IReadOnlyList<double> PreactivationGradientNorms,
    IReadOnlyList<double> WrStepChangeNorms)
{
    /// <summary>T, the sequence length.</summary>
    public int T => StateNorms.Count - 1;

    /// <summary>The per-step rate (1/(T − 1))·log₁₀ ‖∂h_T/∂h_1‖₂: the mean number of decades gained (or lost, if negative) per step; NaN unless the Jacobian was built.</summary>
    public double RatePerStep => Log10Gains[1] / (T - 1);

    /// <summary>The per-step rate of the gradient itself, (1/(T − 1))·log₁₀(‖∂J/∂h_1‖ / ‖∂J/∂h_T‖).</summary>
    public double GradientRatePerStep => Math.Log10(GradientNorms[1] / GradientNorms[T]) / (T - 1);

    /// <summary>The per-step rate over the segment from step <paramref name="late"/> back to step <paramref name="early"/>:
    /// (1/(late − early))·log₁₀(‖∂J/∂h_early‖ / ‖∂J/∂h_late‖).</summary>
    /// <param name="early">The earlier step, 0 ≤ early &lt; late.</param>
    /// <param name="late">The later step, ≤ T.</param>
    public double SegmentRate(int early, int late)
    {
        if (early < 0 || late > T || early >= late)
        {
            throw new ArgumentOutOfRangeException(nameof(early), $"Need 0 ≤ early < late ≤ T = {T}, got {early} and {late}.");
        }

        return Math.Log10(GradientNorms[early] / GradientNorms[late]) / (late - early);
    }
}
