using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Random;

namespace Backprop.Kernel;

/// <summary>Seeded weight initialisation: the same seed gives bit-identical matrices on every machine.</summary>
public static class Weights
{
    /// <summary>A rows×columns matrix with entries drawn from N(0, scale²), seeded.</summary>
    /// <param name="rows">Row count.</param>
    /// <param name="columns">Column count.</param>
    /// <param name="scale">Standard deviation of each entry.</param>
    /// <param name="seed">Seed of the Mersenne Twister source.</param>
    /// <returns>A dense matrix, shape (rows×columns).</returns>
    public static Matrix<double> Gaussian(int rows, int columns, double scale, int seed)
    {
        if (rows < 1 || columns < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(rows), $"A weight matrix needs at least one row and column but {rows}×{columns} was asked for.");
        }

        if (!double.IsFinite(scale) || scale < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "scale must be a finite standard deviation ≥ 0.");
        }

        var normal = new Normal(0.0, 1.0, new MersenneTwister(seed, threadSafe: false));
        var values = new double[rows * columns];
        normal.Samples(values);
        for (int i = 0; i < values.Length; i++)
        {
            values[i] *= scale;
        }

        return Matrix<double>.Build.Dense(rows, columns, values);
    }

    /// <summary>
    /// An M×M recurrent matrix with spectral radius exactly <paramref name="spectralRadius"/>:
    /// ρ·Q for a seeded random orthogonal Q, so every eigenvalue and singular value has modulus ρ.
    /// </summary>
    /// <param name="M">Hidden size.</param>
    /// <param name="spectralRadius">ρ ≥ 0.</param>
    /// <param name="seed">Seed of the Mersenne Twister source.</param>
    /// <returns>Wr, shape (M×M).</returns>
    public static Matrix<double> ScaledOrthogonal(int M, double spectralRadius, int seed)
    {
        if (!double.IsFinite(spectralRadius) || spectralRadius < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(spectralRadius), spectralRadius, "The spectral radius must be finite and ≥ 0.");
        }

        var qr = Gaussian(M, M, 1.0, seed).QR();
        var q = qr.Q;
        // Fix the signs so Q is unique given the Gaussian draw: Q·diag(sign(R_ii)).
        for (int j = 0; j < M; j++)
        {
            if (qr.R[j, j] < 0)
            {
                q.SetColumn(j, -q.Column(j));
            }
        }

        return q * spectralRadius;
    }
}
