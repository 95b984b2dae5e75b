using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Kernel;

/// <summary>
/// A recurrent word model whose step blends the old state and the tanh: g_t = Wr h_{t−1} + We x_t,
/// h_t = c·h_{t−1} + a·tanh(g_t) from h_0 = 0, then s = Wu h_T, p = softmax(s), J = log p_y.
/// <see cref="Blend.Tanh"/> (c = 0, a = 1) is 3.1, <see cref="Blend.Residual"/> (1, 1) is 3.2 and
/// <see cref="Blend.Leaky"/> (1 − α, α) the leaky recurrence. N vocabulary size, M hidden size;
/// We is M×N, Wr is M×M, Wu is N×M.
/// </summary>
public sealed class BlendedRnn
{
    /// <summary>Wraps the given weights (not copied), after checking their shapes and values.</summary>
    /// <param name="We">Embedding, shape (M×N).</param>
    /// <param name="Wr">Recurrent weights, shape (M×M).</param>
    /// <param name="Wu">Unembedding, shape (N×M).</param>
    /// <param name="blend">How h_t follows from h_{t−1} and tanh(g_t).</param>
    public BlendedRnn(Matrix<double> We, Matrix<double> Wr, Matrix<double> Wu, Blend blend)
    {
        ArgumentNullException.ThrowIfNull(We);
        ArgumentNullException.ThrowIfNull(Wr);
        ArgumentNullException.ThrowIfNull(Wu);
        ArgumentNullException.ThrowIfNull(blend);
        int M = We.RowCount, N = We.ColumnCount;
        Guard.Shape(Wr, nameof(Wr), "M×M", M, M);
        Guard.Shape(Wu, nameof(Wu), "N×M", N, M);
        Guard.Finite(We, nameof(We));
        Guard.Finite(Wr, nameof(Wr));
        Guard.Finite(Wu, nameof(Wu));
        this.We = We;
        this.Wr = Wr;
        this.Wu = Wu;
        Blend = blend;
    }

    /// <summary>Embedding, shape (M×N). The model wraps it, so changes to it change the model.</summary>
    public Matrix<double> We { get; }

    /// <summary>Recurrent weights, shape (M×M).</summary>
    public Matrix<double> Wr { get; }

    /// <summary>Unembedding, shape (N×M).</summary>
    public Matrix<double> Wu { get; }

    /// <summary>How h_t follows from h_{t−1} and tanh(g_t).</summary>
    public Blend Blend { get; }

    /// <summary>N, the vocabulary size.</summary>
    public int N => We.ColumnCount;

    /// <summary>M, the hidden size.</summary>
    public int M => We.RowCount;

    /// <summary>A model with N(0, scale²) weights drawn from <paramref name="seed"/> (the same draw as <see cref="TanhRnn.Random"/>).</summary>
    /// <param name="N">Vocabulary size.</param>
    /// <param name="M">Hidden size.</param>
    /// <param name="blend">How h_t follows from h_{t−1} and tanh(g_t).</param>
    /// <param name="seed">Seed; the same seed gives the same weights.</param>
    /// <param name="scale">Standard deviation of every weight.</param>
    public static BlendedRnn Random(int N, int M, Blend blend, int seed, double scale = 0.5) =>
        new(Weights.Gaussian(M, N, scale, seed), Weights.Gaussian(M, M, scale, seed + 1), Weights.Gaussian(N, M, scale, seed + 2), blend);

    /// <summary>A deep copy: training one copy leaves the other unchanged.</summary>
    public BlendedRnn Copy() => new(We.Clone(), Wr.Clone(), Wu.Clone(), Blend);

    /// <summary>Reads x_1 … x_T and scores the target y.</summary>
    /// <param name="words">Input word indices, shape (T), T ≥ 1.</param>
    /// <param name="target">Target word index y.</param>
    public RnnTrace Forward(IReadOnlyList<int> words, int target)
    {
        Guard.Words(words, N, nameof(words));
        Guard.WordIndex(target, N, nameof(target));
        int T = words.Count;
        var xs = new Vector<double>[T + 1];
        var gs = new Vector<double>[T + 1];
        var hs = new Vector<double>[T + 1];
        xs[0] = Vector<double>.Build.Dense(N);
        gs[0] = Vector<double>.Build.Dense(M);
        hs[0] = Vector<double>.Build.Dense(M); // h_0 = 0
        for (int t = 1; t <= T; t++)
        {
            xs[t] = Vocabulary.OneHot(words[t - 1], N);
            gs[t] = Wr * hs[t - 1] + We.Column(words[t - 1]); // g_t = Wr h_{t−1} + We x_t
            hs[t] = Next(hs[t - 1], gs[t]);
        }

        var s = Wu * hs[T];
        var p = Softmax.Probabilities(s);
        double J = Softmax.LogProbability(s, target); // keeps its tiny value when p_y rounds to 1
        if (!double.IsFinite(J))
        {
            throw new InvalidOperationException($"J = {J}: the scores overflowed. Use smaller weights (their largest entries are We {We.Enumerate().Max(Math.Abs):G3}, Wr {Wr.Enumerate().Max(Math.Abs):G3}, Wu {Wu.Enumerate().Max(Math.Abs):G3}).");
        }

        return new RnnTrace(words.ToArray(), xs, gs, hs, s, p, target, Vocabulary.OneHot(target, N), J);
    }

    /// <summary>h_t = c·h_{t−1} + a·tanh(g_t).</summary>
    /// <param name="hPrev">h_{t−1}, shape (M).</param>
    /// <param name="g">g_t, shape (M).</param>
    public Vector<double> Next(Vector<double> hPrev, Vector<double> g) => Blend.Carry * hPrev + Blend.Gain * g.PointwiseTanh();

    /// <summary>J as a function of h_t alone (steps t+1..T rerun from it); what ∂J/∂h_t differentiates.</summary>
    /// <param name="t">The step, 0..T.</param>
    /// <param name="h_t">The hidden state to start from, shape (M).</param>
    /// <param name="words">Input word indices, shape (T).</param>
    /// <param name="target">Target word index y.</param>
    public double ObjectiveFrom(int t, Vector<double> h_t, IReadOnlyList<int> words, int target)
    {
        Guard.Words(words, N, nameof(words));
        Guard.WordIndex(target, N, nameof(target));
        if (t < 0 || t > words.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(t), t, $"t must be in 0..T = 0..{words.Count}.");
        }

        Guard.Length(h_t, nameof(h_t), "M", M);
        var h = h_t;
        for (int step = t + 1; step <= words.Count; step++)
        {
            h = Next(h, Wr * h + We.Column(words[step - 1]));
        }

        return Softmax.LogProbability(Wu * h, target);
    }

    /// <summary>Backpropagation through time, made of <paramref name="boxes"/> alone.</summary>
    /// <param name="trace">The trace of <see cref="Forward"/>.</param>
    /// <param name="boxes">The boxes to use, e.g. a student's; null for <see cref="Boxes.P3.For"/> of this model's blend.</param>
    public RnnGradients Backward(RnnTrace trace, RecurrentBoxes? boxes = null)
    {
        ArgumentNullException.ThrowIfNull(trace);
        if (trace.Gs.Count != trace.T + 1 || trace.Hs.Count != trace.T + 1 || trace.Hs[0].Count != M || trace.P.Count != N)
        {
            throw new ArgumentException("Pass the trace that this model's Forward returned.", nameof(trace));
        }

        var b = boxes ?? Boxes.P3.For(Blend);
        var ds = b.dJ_ds(trace.Y, trace.P);
        var dWu = b.dJ_dWu(ds, trace.Hs[trace.T]);
        var dhs = b.dJ_dhs(b.dJ_dhPrev, Wr, trace.Gs, b.dJ_dh(Wu, ds));
        var dWr = b.dJ_dWr(trace.Gs, trace.Hs, dhs);
        var dWe = b.dJ_dWe(trace.Xs, trace.Gs, dhs);
        return new RnnGradients(ds, dWu, dhs, dWr, dWe);
    }
}
