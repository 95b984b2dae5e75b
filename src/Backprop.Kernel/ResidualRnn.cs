using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Kernel;

/// <summary>
/// Problem 3.2: h_0 = 0, h_t = tanh(Wr h_{t−1} + We x_t) + h_{t−1}, s = Wu h_T, p = softmax(s), J = log p_y.
/// N vocabulary size, M hidden size, T steps; We is M×N, Wr is M×M, Wu is N×M.
/// </summary>
public sealed class ResidualRnn
{
    private readonly RnnWeights _weights;

    /// <summary>Wraps the given weights (not copied), after checking their shapes and values.</summary>
    /// <param name="We">Embedding, shape (M×N).</param>
    /// <param name="Wr">Recurrent weights, shape (M×M).</param>
    /// <param name="Wu">Unembedding, shape (N×M).</param>
    public ResidualRnn(Matrix<double> We, Matrix<double> Wr, Matrix<double> Wu) => _weights = new RnnWeights(We, Wr, Wu);

    /// <summary>A model with N(0, scale²) weights drawn from <paramref name="seed"/>.</summary>
    /// <param name="N">Vocabulary size.</param>
    /// <param name="M">Hidden size.</param>
    /// <param name="seed">Seed; the same seed gives the same weights.</param>
    /// <param name="scale">Standard deviation of every weight.</param>
    public static ResidualRnn Random(int N, int M, int seed, double scale = 0.5) =>
        new(Weights.Gaussian(M, N, scale, seed), Weights.Gaussian(M, M, scale, seed + 1), Weights.Gaussian(N, M, scale, seed + 2));

    /// <summary>Embedding W_embed, shape (M×N).</summary>
    public Matrix<double> We => _weights.We;

    /// <summary>Recurrent weights W_r, shape (M×M).</summary>
    public Matrix<double> Wr => _weights.Wr;

    /// <summary>Unembedding W_unembed, shape (N×M).</summary>
    public Matrix<double> Wu => _weights.Wu;

    /// <summary>N, the vocabulary size.</summary>
    public int N => _weights.N;

    /// <summary>M, the hidden size.</summary>
    public int M => _weights.M;

    /// <summary>Reads x_1 … x_T and scores the target y.</summary>
    /// <param name="words">Input word indices, shape (T), T ≥ 1.</param>
    /// <param name="target">Target word index y.</param>
    public RnnTrace Forward(IReadOnlyList<int> words, int target) =>
        _weights.Forward(words, target, Recurrence.Residual, nameof(ResidualRnn));

    /// <summary>J as a function of h_t alone (steps t+1..T rerun from it); what ∂J/∂h_t differentiates.</summary>
    /// <param name="t">The step, 0..T.</param>
    /// <param name="h_t">The hidden state to start from, shape (M).</param>
    /// <param name="words">Input word indices, shape (T).</param>
    /// <param name="target">Target word index y.</param>
    public double ObjectiveFrom(int t, Vector<double> h_t, IReadOnlyList<int> words, int target) =>
        _weights.ObjectiveFrom(t, h_t, words, target, Recurrence.Residual);

    /// <summary>Backpropagation through time with the identity term, built from the boxes of problems 1 and 3.</summary>
    /// <param name="trace">The trace of <see cref="Forward"/>.</param>
    public RnnGradients Backward(RnnTrace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        TraceChecks.Matches(trace, N, M);
        int T = trace.T;
        var ds = Boxes.P1.dJ_ds(trace.Y, trace.P);
        var dWu = Boxes.P1.dJ_dWu(ds, trace.Hs[T]);
        var dhs = new Vector<double>[T + 1];
        dhs[T] = Boxes.P1.dJ_dh(Wu, ds);
        for (int t = T; t >= 1; t--)
        {
            dhs[t - 1] = Boxes.P3.dJ_dhPrev_residual(Wr, trace.Gs[t], dhs[t]);
        }

        var dWr = Boxes.P3.dJ_dWr_residual(trace.Gs, trace.Hs, dhs);
        var dWe = Boxes.P3.dJ_dWe_residual(trace.Xs, trace.Gs, dhs);
        return new RnnGradients(ds, dWu, dhs, dWr, dWe);
    }
}
