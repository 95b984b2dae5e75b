namespace Backprop.Kernel;

/// <summary>Plain gradient ascent on the mean J of a batch, with the gradient clipped to norm <see cref="MaxNorm"/>.</summary>
/// <param name="Steps">Number of updates, 1..100000.</param>
/// <param name="BatchSize">Examples per update, 1..1000.</param>
/// <param name="LearningRate">η in θ ← θ + η·clip(∂J/∂θ), &gt; 0.</param>
/// <param name="MaxNorm">The clipping threshold c; +∞ for no clipping.</param>
/// <param name="EvaluateEvery">Measure accuracy on the test set every this many steps.</param>
/// <param name="TestSize">Number of held-out sequences accuracy is measured on, 1..10000.</param>
/// <param name="Seed">Seed of the training and test sequences.</param>
/// <param name="ReadoutOnly">Train Wu alone and leave We and Wr at their random start (the reservoir baseline): the state
/// h_T is then a fixed random function of the words, and only the read-out learns.</param>
public sealed record TrainingOptions(
    int Steps = 250, int BatchSize = 8, double LearningRate = 1.0, double MaxNorm = 1.0, int EvaluateEvery = 25, int TestSize = 1000, int Seed = 1,
    bool ReadoutOnly = false)
{
    /// <summary>Throws a clear error for an option out of range.</summary>
    public void Validate()
    {
        if (Steps is < 1 or > 100_000) throw new ArgumentOutOfRangeException(nameof(Steps), Steps, "Steps must be between 1 and 100000.");
        if (BatchSize is < 1 or > 1000) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "BatchSize must be between 1 and 1000.");
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "LearningRate must be finite and > 0.");
        if (!(MaxNorm > 0)) throw new ArgumentOutOfRangeException(nameof(MaxNorm), MaxNorm, "MaxNorm must be > 0 (double.PositiveInfinity turns clipping off).");
        if (EvaluateEvery < 1) throw new ArgumentOutOfRangeException(nameof(EvaluateEvery), EvaluateEvery, "EvaluateEvery must be ≥ 1.");
        if (TestSize is < 1 or > 10_000) throw new ArgumentOutOfRangeException(nameof(TestSize), TestSize, "TestSize must be between 1 and 10000.");
    }
}
