using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Kernel;

/// <summary>
/// Problem 2: h_0 = 0, h_t = tanh(We x_t + Wr h_{t−1}) for t = 1..T, s = Wu h_T, p = softmax(s), J = log p_y.
/// N vocabulary size, M hidden size, T steps; We is M×N, Wr is M×M, Wu is N×M.
/// </summary>
public sealed class TanhRnn : RecurrentWordModel
{
    /// <summary>Wraps the given weights (not copied), after checking their shapes and values.</summary>
    /// <param name="We">Embedding, shape (M×N).</param>
    /// <param name="Wr">Recurrent weights, shape (M×M).</param>
    /// <param name="Wu">Unembedding, shape (N×M).</param>
    public TanhRnn(Matrix<double> We, Matrix<double> Wr, Matrix<double> Wu)
        : base(We, Wr, Wu)
    {
    }

    /// <inheritdoc/>
    public override Recurrence Recurrence => Recurrence.Tanh;

    /// <inheritdoc/>
    protected override Vector<double> Hidden(Vector<double> g_t, Vector<double> hPrev) =>
        g_t.PointwiseTanh();                 // h_t = tanh(g_t)

    /// <summary>A model with N(0, scale²) weights drawn from <paramref name="seed"/>.</summary>
    /// <param name="N">Vocabulary size.</param>
    /// <param name="M">Hidden size.</param>
    /// <param name="seed">Seed; the same seed gives the same weights.</param>
    /// <param name="scale">Standard deviation of every weight.</param>
    public static TanhRnn Random(int N, int M, int seed, double scale = 0.5) =>
        new(Weights.Gaussian(M, N, scale, seed), Weights.Gaussian(M, M, scale, seed + 1), Weights.Gaussian(N, M, scale, seed + 2));

    /// <summary>Backpropagation through time, built from the boxes of problems 1 and 2.</summary>
    /// <param name="trace">The trace of <see cref="RecurrentWordModel.Forward"/>.</param>
    public override RnnGradients Backward(RnnTrace trace)
    {
        Guard.Trace(trace, M, N);
        var ds = Boxes.P1.dJ_ds(trace.Y, trace.P);
        var dWu = Boxes.P1.dJ_dWu(ds, trace.Hs[trace.T]);
        var dhT = Boxes.P1.dJ_dh(Wu, ds);
        var dhs = Boxes.P2.dJ_dhs(Wr, trace.Hs, dhT);
        var dWr = Boxes.P2.dJ_dWr(trace.Hs, dhs);
        var dWe = Boxes.P2.dJ_dWe(trace.Xs, trace.Hs, dhs);
        return new RnnGradients(ds, dWu, dhs, dWr, dWe);
    }

    /// <summary>Draws the next word x_{T+1} ~ p with a seeded source: the same seed gives the same word.</summary>
    /// <param name="trace">The trace whose p is sampled.</param>
    /// <param name="seed">Seed of the random source.</param>
    public static int SampleNext(RnnTrace trace, int seed)
    {
        ArgumentNullException.ThrowIfNull(trace);
        return Sampling.Categorical(trace.P, seed);
    }
}
