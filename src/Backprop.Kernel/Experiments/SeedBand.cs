namespace Backprop.Kernel;

/// <summary>The median and the interquartile range over seeds of a quantity measured at each point of a curve.</summary>
/// <param name="Median">The median at each point.</param>
/// <param name="Lower">The 25th percentile at each point.</param>
/// <param name="Upper">The 75th percentile at each point.</param>
public sealed record SeedBand(double[] Median, double[] Lower, double[] Upper)
{
    /// <summary>The band of <paramref name="curves"/>, all of one length, one curve per seed; NaN entries are skipped.</summary>
    /// <param name="curves">One curve per seed.</param>
    public static SeedBand Of(IEnumerable<IReadOnlyList<double>> curves)
    {
        ArgumentNullException.ThrowIfNull(curves);
        var all = curves.ToArray();
        if (all.Length == 0 || all.Any(c => c.Count != all[0].Count))
        {
            throw new ArgumentException("Give at least one curve, all of the same length.", nameof(curves));
        }

        int n = all[0].Count;
        var median = new double[n];
        var lower = new double[n];
        var upper = new double[n];
        for (int i = 0; i < n; i++)
        {
            var values = all.Select(c => c[i]).Where(v => !double.IsNaN(v)).Order().ToArray();
            median[i] = Quantile(values, 0.5);
            lower[i] = Quantile(values, 0.25);
            upper[i] = Quantile(values, 0.75);
        }

        return new SeedBand(median, lower, upper);
    }

    /// <summary>The q-quantile of sorted values by linear interpolation (the usual "type 7"); NaN for none.</summary>
    /// <param name="sorted">Values in increasing order.</param>
    /// <param name="q">0 ≤ q ≤ 1.</param>
    public static double Quantile(IReadOnlyList<double> sorted, double q)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        double position = q * (sorted.Count - 1);
        int below = (int)Math.Floor(position);
        int above = Math.Min(below + 1, sorted.Count - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
