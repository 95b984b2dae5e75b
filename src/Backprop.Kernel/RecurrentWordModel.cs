using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Kernel;

/// <summary>
/// A recurrent word model: g_t = We x_t + Wr h_{t−1} from h_0 = 0, then s = Wu h_T, p = softmax(s), J = log p_y.
/// <see cref="TanhRnn"/> and <see cref="ResidualRnn"/> differ only in how h_t follows from g_t, and in Backward.
/// N vocabulary size, M hidden size, T steps; We is M×N, Wr is M×M, Wu is N×M.
/// </summary>
public abstract class RecurrentWordModel
{
    private protected RecurrentWordModel(Matrix<double> We, Matrix<double> Wr, Matrix<double> Wu)
    {
        Guard.Weights(We, Wr, Wu);
        this.We = We;
        this.Wr = Wr;
        this.Wu = Wu;
    }

    /// <summary>Embedding W_embed, shape (M×N). The model wraps it, so changes to it change the model.</summary>
    public Matrix<double> We { get; }

    /// <summary>Recurrent weights W_r, shape (M×M).</summary>
    public Matrix<double> Wr { get; }

    /// <summary>Unembedding W_unembed, shape (N×M).</summary>
    public Matrix<double> Wu { get; }

    /// <summary>N, the vocabulary size.</summary>
    public int N => We.ColumnCount;

    /// <summary>M, the hidden size.</summary>
    public int M => We.RowCount;

    /// <summary>Which recurrence this is: tanh(g_t), or tanh(g_t) + h_{t−1}. Each subclass names its own.</summary>
    public abstract Recurrence Recurrence { get; }

    /// <summary>Backpropagation through time, built from the boxes of the problem set.</summary>
    /// <param name="trace">The trace of <see cref="Forward"/>.</param>
    public abstract RnnGradients Backward(RnnTrace trace);

    /// <summary>h_t from g_t and h_{t−1}: the one line in which the recurrences differ.</summary>
    /// <param name="g_t">Pre-activation g_t = We x_t + Wr h_{t−1}, shape (M).</param>
    /// <param name="hPrev">h_{t−1}, shape (M).</param>
    /// <returns>h_t, shape (M).</returns>
    protected abstract Vector<double> Hidden(Vector<double> g_t, Vector<double> hPrev);

    /// <summary>Reads x_1 … x_T and scores the target y: g_t = We x_t + Wr h_{t−1}, h_t from g_t, s = Wu h_T.</summary>
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
        hs[0] = Vector<double>.Build.Dense(M);                  // h_0 = 0
        for (int t = 1; t <= T; t++)
        {
            xs[t] = Vocabulary.OneHot(words[t - 1], N);
            gs[t] = We.Column(words[t - 1]) + Wr * hs[t - 1];  // g_t = We x_t + Wr h_{t−1}; We x_t is x_t's column
            hs[t] = Hidden(gs[t], hs[t - 1]);                  // h_t = tanh(g_t) (+ h_{t−1})
        }

        var s = Wu * hs[T];                                    // s = Wu h_T
        var p = Softmax.Probabilities(s);                      // p = softmax(s)
        double J = Softmax.LogProbability(s, target);          // J = log p_y
        ModelChecks.FiniteOutput(s.AsArray() ?? s.ToArray(), J, GetType().Name, (We, nameof(We)), (Wr, nameof(Wr)), (Wu, nameof(Wu)));
        return new RnnTrace(words.ToArray(), xs, gs, hs, s, p, target, Vocabulary.OneHot(target, N), J);
    }

    /// <summary>
    /// J as a function of the pre-activation g_t alone (h_t made from it and h_{t−1}, then steps t+1..T rerun); what the
    /// written check differentiates by central differences for ∂J/∂g_t.
    /// </summary>
    internal double ObjectiveFromPreActivation(int t, Vector<double> g_t, Vector<double> hPrev, IReadOnlyList<int> words, int target) =>
        ObjectiveFrom(t, Hidden(g_t, hPrev), words, target);

    /// <summary>J as a function of h_t alone (steps t+1..T rerun from it); what ∂J/∂h_t differentiates.</summary>
    /// <param name="t">The step, 0..T.</param>
    /// <param name="h_t">The hidden state to start from, shape (M).</param>
    /// <param name="words">Input word indices, shape (T).</param>
    /// <param name="target">Target word index y.</param>
    public double ObjectiveFrom(int t, Vector<double> h_t, IReadOnlyList<int> words, int target)
    {
        Guard.ObjectiveFrom(t, h_t, words, target, M, N);
        var h = h_t;
        for (int step = t + 1; step <= words.Count; step++)
        {
            h = Hidden(We.Column(words[step - 1]) + Wr * h, h); // h_step from g_step = We x_step + Wr h_{step−1}
        }

        return Softmax.LogProbability(Wu * h, target);         // J = log softmax(Wu h_T)_y
    }
}
