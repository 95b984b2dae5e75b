namespace Backprop.Kernel.Checking;

/// <summary>
/// The one error measure and pass rule of every check (GradCheck reports, self-checks, the grader, diagnoses):
/// per entry, e_i = |a_i − n_i| / max(|a_i| + |n_i|, 1e-3·S, 1e-8), where S = max_j (|a_j| + |n_j|) is the scale of the
/// whole derivative; an answer passes when max_i e_i ≤ 1e-7. The floor 1e-3·S keeps entries a thousand times smaller
/// than the largest from being judged by round-off alone; the course repository's docs/answer-cells.md gives the measurements behind the numbers.
/// </summary>
public static class PassRule
{
    /// <summary>The largest error that passes.</summary>
    public const double Tolerance = 1e-7;

    /// <summary>The floor as a fraction of the derivative's scale S.</summary>
    public const double ScaleFloor = 1e-3;

    /// <summary>The absolute floor, for a derivative that is zero everywhere.</summary>
    public const double AbsoluteFloor = 1e-8;

    /// <summary>max(1e-3·S, 1e-8) with S = max_j (|a_j| + |n_j|).</summary>
    /// <param name="analytic">a, every entry compared.</param>
    /// <param name="numeric">n, the same length.</param>
    public static double Floor(IReadOnlyList<double> analytic, IReadOnlyList<double> numeric)
    {
        ArgumentNullException.ThrowIfNull(analytic);
        ArgumentNullException.ThrowIfNull(numeric);
        double scale = 0;
        for (int i = 0; i < analytic.Count; i++)
        {
            scale = Math.Max(scale, Math.Abs(analytic[i]) + Math.Abs(numeric[i]));
        }

        return Math.Max(ScaleFloor * scale, AbsoluteFloor);
    }

    /// <summary>e = |a − n| / max(|a| + |n|, floor); NaN or ∞ gives +∞, which never passes.</summary>
    /// <param name="analytic">a.</param>
    /// <param name="numeric">n.</param>
    /// <param name="floor">From <see cref="Floor"/>.</param>
    public static double EntryError(double analytic, double numeric, double floor)
    {
        double error = Math.Abs(analytic - numeric) / Math.Max(Math.Abs(analytic) + Math.Abs(numeric), floor);
        return double.IsFinite(error) ? error : double.PositiveInfinity;
    }

    /// <summary>The largest entry error and where it is (−1 for no entries).</summary>
    /// <param name="analytic">a.</param>
    /// <param name="numeric">n, the same length.</param>
    public static (double Error, int Worst) MaxError(IReadOnlyList<double> analytic, IReadOnlyList<double> numeric)
    {
        double floor = Floor(analytic, numeric);
        (double error, int worst) = (0, -1);
        for (int i = 0; i < analytic.Count; i++)
        {
            double e = EntryError(analytic[i], numeric[i], floor);
            if (worst < 0 || e > error)
            {
                (error, worst) = (e, i);
            }
        }

        return (error, worst);
    }

    /// <summary>True when <paramref name="error"/> is at most <paramref name="tolerance"/>.</summary>
    /// <param name="error">From <see cref="MaxError"/>.</param>
    /// <param name="tolerance">Normally <see cref="Tolerance"/>.</param>
    public static bool Passes(double error, double tolerance = Tolerance) => error <= tolerance;
}
