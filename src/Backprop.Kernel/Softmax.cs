using System.Runtime.CompilerServices;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Kernel;

/// <summary>Numerically stable softmax, log-softmax and log-sum-exp over a score vector s of length N.</summary>
public static class Softmax
{
    /// <summary>log z = log Σ_c e^{s_c}, computed as max(s) + log Σ_c e^{s_c − max(s)} so that ±1e3 stays finite.</summary>
    /// <param name="s">Scores, shape (N).</param>
    public static double LogSumExp(Vector<double> s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return LogSumExp(Values(s));
    }

    /// <summary>p = softmax(s), p_c = e^{s_c} / z.</summary>
    /// <param name="s">Scores, shape (N).</param>
    /// <returns>Probabilities, shape (N).</returns>
    public static Vector<double> Probabilities(Vector<double> s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var p = new double[s.Count];
        Probabilities(Values(s), p);
        return Vector<double>.Build.Dense(p);
    }

    /// <summary>log p = s − log z.</summary>
    /// <param name="s">Scores, shape (N).</param>
    /// <returns>Log-probabilities, shape (N).</returns>
    public static Vector<double> LogProbabilities(Vector<double> s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return s - LogSumExp(s);
    }

    /// <summary>J = log p_y = s_y − log z, in the form −log1p(Σ_{c≠y} e^{s_c − s_y}) when s_y is the largest score.</summary>
    /// <param name="s">Scores, shape (N).</param>
    /// <param name="y">The target's index.</param>
    public static double LogProbability(Vector<double> s, int y)
    {
        ArgumentNullException.ThrowIfNull(s);
        Guard.WordIndex(y, s.Count, nameof(y));
        return LogProbabilityOf(Values(s), y);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double LogSumExp(ReadOnlySpan<double> s)
    {
        double max = double.NegativeInfinity;
        foreach (double v in s)
        {
            max = Math.Max(max, v);
        }

        double sum = 0;
        foreach (double v in s)
        {
            sum += Math.Exp(v - max);
        }

        return max + Math.Log(sum);
    }

    /// <summary>
    /// log p_y = s_y − log Σ_c e^{s_c}, without cancelling to 0 when p_y is within 1e-16 of 1: when s_y is the largest
    /// score, log p_y = −log1p(Σ_{c≠y} e^{s_c − s_y}), which keeps the tiny difference (and so its gradient).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double LogProbabilityOf(ReadOnlySpan<double> s, int y)
    {
        double max = double.NegativeInfinity;
        foreach (double v in s)
        {
            max = Math.Max(max, v);
        }

        if (s[y] < max)
        {
            return s[y] - LogSumExp(s);
        }

        double others = 0;
        for (int c = 0; c < s.Length; c++)
        {
            others += c == y ? 0.0 : Math.Exp(s[c] - s[y]);
        }

        return -LogOnePlus(others);
    }

    /// <summary>log(1 + x), accurate for tiny x (Goldberg's trick: the rounding in u = 1 + x cancels in x / (u − 1)).</summary>
    internal static double LogOnePlus(double x)
    {
        double u = 1.0 + x;
        return u == 1.0 ? x : Math.Log(u) * x / (u - 1.0);
    }

    /// <summary>Writes p = softmax(s) into <paramref name="p"/> and returns log z.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double Probabilities(ReadOnlySpan<double> s, Span<double> p)
    {
        double max = double.NegativeInfinity;
        foreach (double v in s)
        {
            max = Math.Max(max, v);
        }

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

        return max + Math.Log(sum);
    }

    private static double[] Values(Vector<double> v) => v.AsArray() ?? v.ToArray();
}
