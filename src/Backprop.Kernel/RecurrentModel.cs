using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Kernel;

/// <summary>
/// The recurrent word model of problems 2 and 3, with its recurrence as a parameter: g_t = We x_t + Wr h_{t−1} from
/// h_0 = 0, h_t = c·h_{t−1} + a·tanh(g_t), then s = Wu h_T, p = softmax(s), J = log p_y. <see cref="Recurrence.Tanh"/>
/// is problem 2 and 3.1, <see cref="Recurrence.Residual"/> is 3.2, <see cref="Recurrence.Leaky"/> the leaky one.
/// N vocabulary size, M hidden size, T steps; We is M×N, Wr is M×M, Wu is N×M.
/// </summary>
public sealed class RecurrentModel
{
    /// <summary>Wraps the given weights (not copied), after checking their shapes and values.</summary>
    /// <param name="We">Embedding, shape (M×N).</param>
    /// <param name="Wr">Recurrent weights, shape (M×M).</param>
    /// <param name="Wu">Unembedding, shape (N×M).</param>
    /// <param name="recurrence">How h_t follows from h_{t−1} and g_t.</param>
    public RecurrentModel(Matrix<double> We, Matrix<double> Wr, Matrix<double> Wu, Recurrence recurrence)
    {
        ArgumentNullException.ThrowIfNull(recurrence);
        Guard.Weights(We, Wr, Wu);
        this.We = We;
        this.Wr = Wr;
        this.Wu = Wu;
        Recurrence = recurrence;
    }

    /// <summary>Embedding, shape (M×N). The model wraps it, so changes to it change the model.</summary>
    public Matrix<double> We { get; }

    /// <summary>Recurrent weights, shape (M×M).</summary>
    public Matrix<double> Wr { get; }

    /// <summary>Unembedding, shape (N×M).</summary>
    public Matrix<double> Wu { get; }

    /// <summary>How h_t follows from h_{t−1} and g_t: h_t = c·h_{t−1} + a·tanh(g_t).</summary>
    public Recurrence Recurrence { get; }

    /// <summary>N, the vocabulary size.</summary>
    public int N => We.ColumnCount;

    /// <summary>M, the hidden size.</summary>
    public int M => We.RowCount;

    /// <summary>A model with N(0, scale²) weights drawn from <paramref name="seed"/>: We from seed, Wr from seed + 1, Wu from seed + 2.</summary>
    /// <param name="N">Vocabulary size.</param>
    /// <param name="M">Hidden size.</param>
    /// <param name="recurrence">How h_t follows from h_{t−1} and g_t.</param>
    /// <param name="seed">Seed; the same seed gives the same weights.</param>
    /// <param name="scale">Standard deviation of every weight.</param>
    public static RecurrentModel Random(int N, int M, Recurrence recurrence, int seed, double scale = 0.5) =>
        new(Weights.Gaussian(M, N, scale, seed), Weights.Gaussian(M, M, scale, seed + 1), Weights.Gaussian(N, M, scale, seed + 2), recurrence);

    /// <summary>A deep copy: training one copy leaves the other unchanged.</summary>
    public RecurrentModel Copy() => new(We.Clone(), Wr.Clone(), Wu.Clone(), Recurrence);

    /// <summary>Reads x_1 … x_T and scores the target y, one line per line of the problem set.</summary>
    /// <param name="words">Input word indices, shape (T), T ≥ 1.</param>
    /// <param name="target">Target word index y.</param>
    public RnnTrace Forward(IReadOnlyList<int> words, int target)
    {
        Guard.Words(words, N, nameof(words));
        Guard.WordIndex(target, N, nameof(target));
        int T = words.Count;
        var (c, a) = (Recurrence.Carry, Recurrence.Gain);
        var xs = new Vector<double>[T + 1];
        var gs = new Vector<double>[T + 1];
        var hs = new Vector<double>[T + 1];
        xs[0] = Vector<double>.Build.Dense(N);                 // unused: x_t starts at t = 1
        gs[0] = Vector<double>.Build.Dense(M);                 // unused: g_t starts at t = 1
        hs[0] = Vector<double>.Build.Dense(M);                 // h_0 = 0
        for (int t = 1; t <= T; t++)
        {
            xs[t] = Vocabulary.OneHot(words[t - 1], N);
            gs[t] = We * xs[t] + Wr * hs[t - 1];               // g_t = W^e x_t + W^r h_{t−1}
            hs[t] = c * hs[t - 1] + a * gs[t].PointwiseTanh(); // h_t = c·h_{t−1} + a·tanh(g_t)
        }

        var s = Wu * hs[T];                                    // s = W^u h_T
        var p = Softmax.Probabilities(s);                      // p = softmax(s)
        double J = Softmax.LogProbability(s, target);          // J = log p_y
        ModelChecks.FiniteOutput(s.AsArray() ?? s.ToArray(), J, Recurrence.Name, (We, nameof(We)), (Wr, nameof(Wr)), (Wu, nameof(Wu)));
        return new RnnTrace(words.ToArray(), xs, gs, hs, s, p, target, Vocabulary.OneHot(target, N), J);
    }

    /// <summary>J as a function of h_t alone (steps t+1..T rerun from it); what ∂J/∂h_t differentiates.</summary>
    /// <param name="t">The step, 0..T.</param>
    /// <param name="h_t">The hidden state to start from, shape (M).</param>
    /// <param name="words">Input word indices, shape (T).</param>
    /// <param name="target">Target word index y.</param>
    public double ObjectiveFrom(int t, Vector<double> h_t, IReadOnlyList<int> words, int target)
    {
        Guard.ObjectiveFrom(t, h_t, words, target, M, N);
        var (c, a) = (Recurrence.Carry, Recurrence.Gain);
        var h = h_t;
        for (int step = t + 1; step <= words.Count; step++)
        {
            var g = We.Column(words[step - 1]) + Wr * h;       // g_step = W^e x_step + W^r h_{step−1}
            h = c * h + a * g.PointwiseTanh();                 // h_step
        }

        return Softmax.LogProbability(Wu * h, target);         // J = log softmax(W^u h_T)_y
    }

    /// <summary>
    /// J as a function of the pre-activation g_t alone (h_t made from it and h_{t−1}, then steps t+1..T rerun); what the
    /// written check differentiates by central differences for ∂J/∂g_t.
    /// </summary>
    internal double ObjectiveFromPreActivation(int t, Vector<double> g_t, Vector<double> hPrev, IReadOnlyList<int> words, int target) =>
        ObjectiveFrom(t, Recurrence.Carry * hPrev + Recurrence.Gain * g_t.PointwiseTanh(), words, target);

    /// <summary>Backpropagation through time, made of <paramref name="boxes"/> alone.</summary>
    /// <param name="trace">The trace of <see cref="Forward"/>.</param>
    /// <param name="boxes">The boxes to use, e.g. a student's; null for <see cref="Boxes.P3.For"/> of this model's recurrence.</param>
    public RnnGradients Backward(RnnTrace trace, RecurrentBoxes? boxes = null)
    {
        Guard.Trace(trace, M, N);
        var b = boxes ?? Boxes.P3.For(Recurrence);
        var ds = b.dJ_ds(trace.Y, trace.P);
        var dWu = b.dJ_dWu(ds, trace.Hs[trace.T]);
        var dhs = b.dJ_dhs(b.dJ_dhPrev, Wr, trace.Gs, b.dJ_dh(Wu, ds));
        var dWr = b.dJ_dWr(trace.Gs, trace.Hs, dhs);
        var dWe = b.dJ_dWe(trace.Xs, trace.Gs, dhs);
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
