namespace Backprop.Kernel;

/// <summary>
/// The model behind a gradient-norm run: N words, M hidden units, inputs We ~ N(0, InputScale²)
/// (a large scale saturates tanh), Wr = ρ·Q with Q a seeded random orthogonal matrix, Wu ~ N(0, 1/M).
/// </summary>
/// <param name="N">Vocabulary size.</param>
/// <param name="M">Hidden size.</param>
/// <param name="InputScale">Standard deviation of We's entries; 3 or more pushes tanh into saturation.</param>
public sealed record GradientNormSetup(int N = 8, int M = 16, double InputScale = 1.0)
{
    /// <summary>N = 8, M = 16, input scale 1.</summary>
    public static GradientNormSetup Default { get; } = new();
}
