using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Kernel;

/// <summary>Every intermediate of one <see cref="WordMlp"/> forward pass.</summary>
/// <param name="Word">Index of the input word.</param>
/// <param name="X">One-hot input x, shape (N).</param>
/// <param name="H">Hidden vector h = We x, shape (M).</param>
/// <param name="S">Scores s = Wu h, shape (N).</param>
/// <param name="P">Probabilities p = softmax(s), shape (N).</param>
/// <param name="Target">Index of the target word.</param>
/// <param name="Y">One-hot target y, shape (N).</param>
/// <param name="J">Log-likelihood J = log p_y (≤ 0; the loss is L = −J).</param>
public sealed record WordMlpTrace(
    int Word, Vector<double> X, Vector<double> H, Vector<double> S, Vector<double> P, int Target, Vector<double> Y, double J);
