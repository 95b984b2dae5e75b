using System.Runtime.CompilerServices;

namespace Backprop.Kernel.Fast;

/// <summary>
/// The fast path's softmax over spans: the same maths as <see cref="Softmax"/>, without allocating. Used by the
/// workspaces and by <see cref="SpanRecurrence.ObjectiveFrom(RecurrentModel, int, ReadOnlySpan{double}, ReadOnlySpan{int}, int)"/>, which the gradient checks call thousands of times.
/// </summary>
internal static class SpanSoftmax
{
    /// <summary>
    /// log p_y = s_y − log Σ_c e^{s_c}, without cancelling to 0 when p_y is within 1e-16 of 1: when s_y is the largest
    /// score, log p_y = −log1p(Σ_{c≠y} e^{s_c − s_y}), which keeps the tiny difference (and so its gradient).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double LogProbabilityOf(ReadOnlySpan<double> s, int y)
    {
        double max = Max(s);
        if (s[y] < max)
        {
            double sum = 0;
            foreach (double v in s)
            {
                sum += Math.Exp(v - max);
            }

            return s[y] - (max + Math.Log(sum));
        }

        double others = 0;
        for (int c = 0; c < s.Length; c++)
        {
            others += c == y ? 0.0 : Math.Exp(s[c] - s[y]);
        }

        return -Softmax.LogOnePlus(others);
    }

    /// <summary>Writes p = softmax(s) into <paramref name="p"/>, p_c = e^{s_c − max(s)} / Σ_c e^{s_c − max(s)}.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Probabilities(ReadOnlySpan<double> s, Span<double> p)
    {
        double max = Max(s);
        double sum = 0;
        for (int c = 0; c < s.Length; c++)
        {
            p[c] = Math.Exp(s[c] - max);
            sum += p[c];
        }

        double inverse = 1.0 / sum;
        for (int c = 0; c < p.Length; c++)
        {
            p[c] *= inverse;
        }
    }

    private static double Max(ReadOnlySpan<double> s)
    {
        double max = double.NegativeInfinity;
        foreach (double v in s)
        {
            max = Math.Max(max, v);
        }

        return max;
    }
}
