namespace Backprop.Kernel;

/// <summary>log₁₀ ‖∂J/∂h_1‖ over a grid of spectral radius × sequence length, for one recurrence.</summary>
/// <param name="Recurrence">Tanh (3.1) or residual (3.2).</param>
/// <param name="SpectralRadii">The ρ of each row.</param>
/// <param name="Lengths">The T of each column.</param>
/// <param name="Log10Norms">Log10Norms[row][column] = log₁₀ ‖∂J/∂h_1‖ (mean over seeds), shape (radii)×(lengths).</param>
internal sealed record GradientNormHeatmap(
    Recurrence Recurrence, IReadOnlyList<double> SpectralRadii, IReadOnlyList<int> Lengths, double[][] Log10Norms);
