using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Kernel;

/// <summary>
/// Every intermediate of one recurrent forward pass over T words, indexed by the maths' t:
/// Hs[0..T] with Hs[0] = h_0 = 0; Xs[1..T] and Gs[1..T], whose index 0 holds a zero placeholder.
/// </summary>
/// <param name="Words">Input word indices x_1 … x_T, shape (T).</param>
/// <param name="Xs">One-hot inputs, Xs[t] = x_t, shape (T+1)×(N).</param>
/// <param name="Gs">Pre-activations g_t = We x_t + Wr h_{t−1}, shape (T+1)×(M).</param>
/// <param name="Hs">Hidden states h_t, shape (T+1)×(M).</param>
/// <param name="S">Scores s = Wu h_T, shape (N).</param>
/// <param name="P">Probabilities p = softmax(s), shape (N).</param>
/// <param name="Target">Index of the target word y.</param>
/// <param name="Y">One-hot target y, shape (N).</param>
/// <param name="J">Log-likelihood J = log p_y (≤ 0; the loss is L = −J).</param>
public sealed record RnnTrace(
    IReadOnlyList<int> Words,
    IReadOnlyList<Vector<double>> Xs,
    IReadOnlyList<Vector<double>> Gs,
    IReadOnlyList<Vector<double>> Hs,
    Vector<double> S,
    Vector<double> P,
    int Target,
    Vector<double> Y,
    double J)
{
    /// <summary>T, the number of input words.</summary>
    public int T => Words.Count;
}
