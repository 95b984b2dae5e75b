namespace Backprop.Kernel;

/// <summary>‖∂J/∂h_t‖ for t = 0..T from one seeded run of one recurrence.</summary>
/// <param name="Recurrence">Tanh (3.1) or residual (3.2).</param>
/// <param name="SpectralRadius">ρ of Wr.</param>
/// <param name="Seed">Seed of the weights and the input words.</param>
/// <param name="Norms">Norms[t] = ‖∂J/∂h_t‖₂, shape (T+1).</param>
internal sealed record GradientNormSeries(Recurrence Recurrence, double SpectralRadius, int Seed, IReadOnlyList<double> Norms)
{
    /// <summary>T, the sequence length.</summary>
    public int T => Norms.Count - 1;

    /// <summary>‖∂J/∂h_1‖ / ‖∂J/∂h_T‖: how much of the gradient survives the trip back to the first step.</summary>
    public double SurvivingFraction => Norms[1] / Norms[T];
}
