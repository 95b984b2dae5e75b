namespace Backprop.Kernel;

/// <summary>
/// How h_t follows from h_{t−1} and g_t in a <c>RecurrentModel</c>: h_t = Carry·h_{t−1} + Gain·tanh(g_t).
/// </summary>
/// <param name="Name">How charts and tables name it.</param>
/// <param name="Carry">c, the weight of h_{t−1}: 0 for 3.1, 1 for 3.2, 1 − α for the leaky recurrence.</param>
/// <param name="Gain">a, the weight of tanh(g_t): 1 for 3.1 and 3.2, α for the leaky recurrence.</param>
public sealed record Recurrence(string Name, double Carry, double Gain)
{
    /// <summary>Problem 2 and 3.1, h_t = tanh(g_t).</summary>
    public static Recurrence Tanh { get; } = new("tanh (3.1)", 0.0, 1.0);

    /// <summary>3.2, h_t = tanh(g_t) + h_{t−1}.</summary>
    public static Recurrence Residual { get; } = new("residual (3.2)", 1.0, 1.0);

    /// <summary>The leaky recurrence h_t = (1 − α) h_{t−1} + α tanh(g_t), for 0 &lt; α ≤ 1; |h_t| ≤ 1 entrywise.</summary>
    /// <param name="alpha">The leak α in (0, 1].</param>
    public static Recurrence Leaky(double alpha)
    {
        if (!(alpha > 0 && alpha <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "The leak α must lie in (0, 1]; α = 1 is the tanh recurrence.");
        }

        return new Recurrence($"leaky α = {alpha:0.###}", 1.0 - alpha, alpha);
    }

    /// <summary>True for a leaky recurrence (Carry + Gain = 1 and Gain &lt; 1).</summary>
    public bool IsLeaky => Gain < 1.0 && Math.Abs(Carry + Gain - 1.0) < 1e-15;
}
