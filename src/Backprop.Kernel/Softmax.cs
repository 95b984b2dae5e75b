using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Kernel;

/// <summary>
/// Numerically stable softmax, log-softmax and log-sum-exp over a score vector s of length N. Every exponent is
/// s_c − max(s) ≤ 0, so scores of ±1e3 stay finite and each p_c keeps its relative accuracy.
/// </summary>
public static class Softmax
{
    /// <summary>log z = log Σ_c e^{s_c}, computed as max(s) + log Σ_c e^{s_c − max(s)}.</summary>
    /// <param name="s">Scores, shape (N).</param>
    public static double LogSumExp(Vector<double> s)
    {
        ArgumentNullException.ThrowIfNull(s);
        double max = s.Maximum();
        return max + Math.Log((s - max).PointwiseExp().Sum());
    }

    /// <summary>p = softmax(s), p_c = e^{s_c} / z = e^{s_c − max(s)} / Σ_c e^{s_c − max(s)}.</summary>
    /// <param name="s">Scores, shape (N).</param>
    /// <returns>Probabilities, shape (N).</returns>
    public static Vector<double> Probabilities(Vector<double> s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var e = (s - s.Maximum()).PointwiseExp();
        return e / e.Sum();
    }

    /// <summary>log p = s − log z.</summary>
    /// <param name="s">Scores, shape (N).</param>
    /// <returns>Log-probabilities, shape (N).</returns>
    public static Vector<double> LogProbabilities(Vector<double> s) => s - LogSumExp(s);

    /// <summary>J = log p_y = s_y − log z, in the form −log1p(Σ_{c≠y} e^{s_c − s_y}) when s_y is the largest score.</summary>
    /// <param name="s">Scores, shape (N).</param>
    /// <param name="y">The target's index.</param>
    public static double LogProbability(Vector<double> s, int y)
    {
        ArgumentNullException.ThrowIfNull(s);
        Guard.WordIndex(y, s.Count, nameof(y));
        if (s[y] < s.Maximum())
        {
            return s[y] - LogSumExp(s); // p_y ≤ 1/2, so nothing cancels
        }

        // p_y = 1 / (1 + Σ_{c≠y} e^{s_c − s_y}); s_y − log z would round to 0 once p_y is within 1e-16 of 1.
        return -LogOnePlus(s.Select((s_c, c) => c == y ? 0.0 : Math.Exp(s_c - s[y])).Sum());
    }

    /// <summary>log(1 + x), accurate for tiny x (Goldberg's trick: the rounding in u = 1 + x cancels in x / (u − 1)).</summary>
    internal static double LogOnePlus(double x)
    {
        double u = 1.0 + x;
        return u == 1.0 ? x : Math.Log(u) * x / (u - 1.0);
    }
}
