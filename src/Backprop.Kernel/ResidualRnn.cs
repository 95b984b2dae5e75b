using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Kernel;

/// <summary>
/// Problem 3.2: h_0 = 0, h_t = tanh(Wr h_{t−1} + We x_t) + h_{t−1}, s = Wu h_T, p = softmax(s), J = log p_y.
/// N vocabulary size, M hidden size, T steps; We is M×N, Wr is M×M, Wu is N×M.
/// </summary>
public sealed class ResidualRnn : RecurrentWordModel
{
    /// <summary>Wraps the given weights (not copied), after checking their shapes and values.</summary>
    /// <param name="We">Embedding, shape (M×N).</param>
    /// <param name="Wr">Recurrent weights, shape (M×M).</param>
    /// <param name="Wu">Unembedding, shape (N×M).</param>
    public ResidualRnn(Matrix<double> We, Matrix<double> Wr, Matrix<double> Wu)
        : base(We, Wr, Wu)
    {
    }

    /// <inheritdoc/>
    public override Recurrence Recurrence => Recurrence.Residual;

    /// <inheritdoc/>
    protected override Vector<double> Hidden(Vector<double> g_t, Vector<double> hPrev) =>
        g_t.PointwiseTanh() + hPrev;         // h_t = tanh(g_t) + h_{t−1}

    /// <summary>A model with N(0, scale²) weights drawn from <paramref name="seed"/>.</summary>
    /// <param name="N">Vocabulary size.</param>
    /// <param name="M">Hidden size.</param>
    /// <param name="seed">Seed; the same seed gives the same weights.</param>
    /// <param name="scale">Standard deviation of every weight.</param>
    public static ResidualRnn Random(int N, int M, int seed, double scale = 0.5) =>
        new(Weights.Gaussian(M, N, scale, seed), Weights.Gaussian(M, M, scale, seed + 1), Weights.Gaussian(N, M, scale, seed + 2));

    /// <summary>Backpropagation through time, built from the boxes of problems 1 and 3.</summary>
    /// <param name="trace">The trace of <see cref="RecurrentWordModel.Forward"/>.</param>
    public override RnnGradients Backward(RnnTrace trace)
    {
        Guard.Trace(trace, M, N);
        var ds = Boxes.P1.dJ_ds(trace.Y, trace.P);
        var dWu = Boxes.P1.dJ_dWu(ds, trace.Hs[trace.T]);
        var dhs = Boxes.P3.dJ_dhs(Boxes.P3.dJ_dhPrev_residual, Wr, trace.Gs, Boxes.P1.dJ_dh(Wu, ds));
        var dWr = Boxes.P3.dJ_dWr_residual(trace.Gs, trace.Hs, dhs);
        var dWe = Boxes.P3.dJ_dWe_residual(trace.Xs, trace.Gs, dhs);
        return new RnnGradients(ds, dWu, dhs, dWr, dWe);
    }
}
