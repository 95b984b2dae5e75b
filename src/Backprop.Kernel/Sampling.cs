using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Kernel;

/// <summary>Seeded sampling from a probability vector.</summary>
public static class Sampling
{
    /// <summary>Draws an index c with probability p_c, using a Mersenne Twister seeded with <paramref name="seed"/>.</summary>
    /// <param name="p">Probabilities, shape (N), non-negative and summing to 1 (within 1e-9).</param>
    /// <param name="seed">Seed; the same seed gives the same index.</param>
    public static int Categorical(Vector<double> p, int seed)
    {
        ArgumentNullException.ThrowIfNull(p);
        Guard.Finite(p, nameof(p));
        double total = p.Sum();
        if (p.Minimum() < 0 || Math.Abs(total - 1.0) > 1e-9)
        {
            throw new ArgumentException($"p must be a probability vector (entries ≥ 0 summing to 1) but sums to {total:R} with minimum {p.Minimum():R}.", nameof(p));
        }

        double u = new MathNet.Numerics.Random.MersenneTwister(seed, threadSafe: false).NextDouble() * total;
        double cumulative = 0;
        for (int c = 0; c < p.Count; c++)
        {
            cumulative += p[c];
            if (u < cumulative)
            {
                return c;
            }
        }

        return p.Count - 1;
    }
}
