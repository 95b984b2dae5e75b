namespace Backprop.Kernel;

/// <summary>What one training run measured.</summary>
/// <param name="Model">The model's name.</param>
/// <param name="T">Sequence length.</param>
/// <param name="EvaluatedAt">The steps at which accuracy was measured (0 = before training).</param>
/// <param name="Accuracy">Test accuracy at each of <see cref="EvaluatedAt"/>, in [0, 1].</param>
/// <param name="MeanJ">Mean J = log p_y on the test set at each of <see cref="EvaluatedAt"/>.</param>
/// <param name="GradientNorms">‖∂J/∂θ‖ of every update, before clipping, shape (Steps).</param>
/// <param name="WrTermsBefore">‖∂J/∂g_t h_{t−1}ᵀ‖_F for t = 1..T (index t − 1), the terms of ∂J/∂Wr, averaged over (up to) the first 50 test sequences before training.</param>
/// <param name="WrTermsAfter">The same after training.</param>
public sealed record TrainingRun(
    string Model, int T, IReadOnlyList<int> EvaluatedAt, IReadOnlyList<double> Accuracy, IReadOnlyList<double> MeanJ,
    IReadOnlyList<double> GradientNorms, IReadOnlyList<double> WrTermsBefore, IReadOnlyList<double> WrTermsAfter)
{
    /// <summary>Accuracy after the last step.</summary>
    public double FinalAccuracy => Accuracy[^1];

    /// <summary>The fraction of updates whose gradient was longer than <paramref name="maxNorm"/>, i.e. was clipped.</summary>
    /// <param name="maxNorm">The clipping threshold c.</param>
    public double ClippedFraction(double maxNorm) => GradientNorms.Count(n => n > maxNorm) / (double)GradientNorms.Count;
}
