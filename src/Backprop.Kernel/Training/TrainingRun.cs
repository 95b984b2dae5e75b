namespace Backprop.Kernel;

/// <summary>What one training run measured.</summary>
/// <param name="Model">The model's name.</param>
/// <param name="T">Sequence length.</param>
/// <param name="EvaluatedAt">The steps at which accuracy was measured (0 = before training).</param>
/// <param name="Accuracy">Test accuracy at each of <see cref="EvaluatedAt"/>, in [0, 1].</param>
/// <param name="MeanJ">Mean J = log p_y on the test set at each of <see cref="EvaluatedAt"/>.</param>
/// <param name="GradientNorms">‖∂J/∂θ‖ of every update, before clipping, shape (Steps).</param>
/// <param name="ControlAccuracy">Final test accuracy on the same test sequences with one more distractor put in front.</param>
/// <param name="KeyGradientBefore">log₁₀(‖∂J/∂h_p‖ / ‖∂J/∂h_T‖), p the key's step: how much of the gradient arriving at h_T
/// reaches the key, the median over (up to) the first 50 test sequences, before training. Normalised, so it does not
/// shrink just because J is near its maximum.</param>
/// <param name="KeyGradientAfter">The same after training.</param>
/// <param name="WrChangeSharesBefore">Each step's share of the changes in ∂J/∂Wr: ‖change_t‖_F / Σ_s ‖change_s‖_F for t = 1..T (index
/// t − 1), averaged over (up to) the first 50 test sequences, before training (all NaN in a read-out-only run).</param>
/// <param name="WrChangeSharesAfter">The same after training.</param>
public sealed record TrainingRun(
    string Model, int T, IReadOnlyList<int> EvaluatedAt, IReadOnlyList<double> Accuracy, IReadOnlyList<double> MeanJ,
    IReadOnlyList<double> GradientNorms, double ControlAccuracy, double KeyGradientBefore, double KeyGradientAfter,
    IReadOnlyList<double> WrChangeSharesBefore, IReadOnlyList<double> WrChangeSharesAfter)
{
    /// <summary>Accuracy after the last step.</summary>
    public double FinalAccuracy => Accuracy[^1];

    /// <summary>The fraction of updates whose gradient was longer than <paramref name="maxNorm"/>, i.e. was clipped.</summary>
    /// <param name="maxNorm">The clipping threshold c.</param>
    public double ClippedFraction(double maxNorm) => GradientNorms.Count(n => n > maxNorm) / (double)GradientNorms.Count;
}
