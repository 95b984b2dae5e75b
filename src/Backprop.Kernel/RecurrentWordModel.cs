using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Kernel;

/// <summary>
/// A recurrent word model: g_t = We x_t + Wr h_{t−1} from h_0 = 0, then s = Wu h_T, p = softmax(s), J = log p_y.
/// <see cref="TanhRnn"/> and <see cref="ResidualRnn"/> differ only in how h_t follows from g_t, and in Backward.
/// N vocabulary size, M hidden size, T steps; We is M×N, Wr is M×M, Wu is N×M.
/// </summary>
public abstract class RecurrentWordModel
{
    private protected RecurrentWordModel(Matrix<double> We, Matrix<double> Wr, Matrix<double> Wu, Recurrence recurrence)
    {
        ArgumentNullException.ThrowIfNull(We);
        ArgumentNullException.ThrowIfNull(Wr);
        ArgumentNullException.ThrowIfNull(Wu);
        int M = We.RowCount, N = We.ColumnCount;
        Guard.Shape(Wr, nameof(Wr), "M×M", M, M);
        Guard.Shape(Wu, nameof(Wu), "N×M", N, M);
        Guard.Finite(We, nameof(We));
        Guard.Finite(Wr, nameof(Wr));
        Guard.Finite(Wu, nameof(Wu));
        this.We = We;
        this.Wr = Wr;
        this.Wu = Wu;
        Recurrence = recurrence;
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

    /// <summary>How h_t follows from g_t: tanh(g_t), or tanh(g_t) + h_{t−1}.</summary>
    public Recurrence Recurrence { get; }

    /// <summary>The course's model of <paramref name="recurrence"/>: <see cref="CourseProblems.TanhModel"/> or <see cref="CourseProblems.ResidualModel"/>.</summary>
    /// <param name="recurrence">Tanh (problem 2, 3.1) or residual (3.2).</param>
    public static RecurrentWordModel Course(Recurrence recurrence) =>
        recurrence == Recurrence.Residual ? CourseProblems.ResidualModel() : CourseProblems.TanhModel();

    /// <summary>A model of <paramref name="recurrence"/> with N(0, scale²) weights drawn from <paramref name="seed"/>.</summary>
    /// <param name="recurrence">Tanh or residual.</param>
    /// <param name="N">Vocabulary size.</param>
    /// <param name="M">Hidden size.</param>
    /// <param name="seed">Seed; the same seed gives the same weights.</param>
    /// <param name="scale">Standard deviation of every weight.</param>
    public static RecurrentWordModel Random(Recurrence recurrence, int N, int M, int seed, double scale = 0.5) =>
        recurrence == Recurrence.Residual ? ResidualRnn.Random(N, M, seed, scale) : TanhRnn.Random(N, M, seed, scale);

    /// <summary>
    /// Buffers for fast, allocation-free forward and backward steps over sequences of <paramref name="T"/> words;
    /// see <see cref="RnnWorkspace"/>.
    /// </summary>
    /// <param name="T">Sequence length, T ≥ 1.</param>
    public RnnWorkspace CreateWorkspace(int T) => new(this, T);

    /// <summary>Backpropagation through time, built from the boxes of the problem set.</summary>
    /// <param name="trace">The trace of <see cref="Forward"/>.</param>
    public abstract RnnGradients Backward(RnnTrace trace);

    /// <summary>Reads x_1 … x_T and scores the target y: g_t = We x_t + Wr h_{t−1}, h_t from g_t, s = Wu h_T.</summary>
    /// <param name="words">Input word indices, shape (T), T ≥ 1.</param>
    /// <param name="target">Target word index y.</param>
    public RnnTrace Forward(IReadOnlyList<int> words, int target)
    {
        Guard.Words(words, N, nameof(words));
        Guard.WordIndex(target, N, nameof(target));
        int T = words.Count, M = this.M;
        var we = SpanMath.ColumnMajor(We);
        var wr = SpanMath.ColumnMajor(Wr);
        var xs = new Vector<double>[T + 1];
        var gs = new Vector<double>[T + 1];
        var hs = new Vector<double>[T + 1];
        xs[0] = Vector<double>.Build.Dense(N);
        gs[0] = Vector<double>.Build.Dense(M);
        hs[0] = Vector<double>.Build.Dense(M); // h_0 = 0
        for (int t = 1; t <= T; t++)
        {
            int word = words[t - 1];
            var g = new double[M];
            var h = new double[M];
            StepInto(we, wr, M, word, Recurrence == Recurrence.Residual, hs[t - 1].AsArray(), g, h, h);

            xs[t] = OneHot(word);
            gs[t] = Vector<double>.Build.Dense(g);
            hs[t] = Vector<double>.Build.Dense(h);
        }

        var s = new double[N];
        SpanMath.MultiplyInto(SpanMath.ColumnMajor(Wu), N, hs[T].AsArray(), s);
        var p = new double[N];
        Softmax.Probabilities(s, p);
        double J = Softmax.LogProbabilityOf(s, target); // log p_y in log1p form when p_y ≈ 1
        ModelChecks.FiniteOutput(s, J, GetType().Name, (We, nameof(We)), (Wr, nameof(Wr)), (Wu, nameof(Wu)));
        return new RnnTrace(words.ToArray(), xs, gs, hs, Vector<double>.Build.Dense(s), Vector<double>.Build.Dense(p), target, OneHot(target), J);
    }

    /// <summary>
    /// One step over spans: g = We x_t + Wr h_{t−1} (We x_t is the column of word x_t), a = tanh(g), and
    /// h_t = a (+ h_{t−1} for the residual recurrence). <paramref name="h"/> may be <paramref name="hPrev"/> itself,
    /// and <paramref name="a"/> may be <paramref name="h"/>.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal static void StepInto(double[] we, double[] wr, int M, int word, bool residual, ReadOnlySpan<double> hPrev, Span<double> g, Span<double> a, Span<double> h)
    {
        we.AsSpan(word * M, M).CopyTo(g);
        SpanMath.MultiplyAddInto(wr, M, hPrev, g); // a column of Wr at a time
        for (int i = 0; i < M; i++)
        {
            double tanh = Math.Tanh(g[i]);
            double previous = residual ? hPrev[i] : 0.0; // read before h, which may be h_{t−1}, is written
            a[i] = tanh;
            h[i] = tanh + previous;
        }
    }

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
        return ObjectiveFromUnchecked(t, h_t.AsArray() ?? h_t.ToArray(), words, target);
    }

    /// <summary>J from h_t on, over spans: g = We x_step + Wr h, h = tanh(g) (+ h) for step = t+1..T, then log softmax(Wu h)_y.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private double ObjectiveFromUnchecked(int t, ReadOnlySpan<double> h_t, IReadOnlyList<int> words, int target)
    {
        int N = this.N, M = this.M;
        var we = SpanMath.ColumnMajor(We);
        var wr = SpanMath.ColumnMajor(Wr);
        Span<double> h = M <= 256 ? stackalloc double[M] : new double[M];
        Span<double> g = M <= 256 ? stackalloc double[M] : new double[M];
        h_t.CopyTo(h);
        bool residual = Recurrence == Recurrence.Residual;
        for (int step = t + 1; step <= words.Count; step++)
        {
            StepInto(we, wr, M, words[step - 1], residual, h, g, h, h);
        }

        Span<double> s = N <= 512 ? stackalloc double[N] : new double[N];
        SpanMath.MultiplyInto(SpanMath.ColumnMajor(Wu), N, h, s);
        return Softmax.LogProbabilityOf(s, target);
    }

    /// <summary>Checks that a trace handed to Backward came from a model of this N and M.</summary>
    private protected void CheckTrace(RnnTrace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        if (trace.Hs.Count != trace.T + 1 || trace.Xs.Count != trace.T + 1 || trace.Gs.Count != trace.T + 1)
        {
            throw new ArgumentException(
                $"trace must hold T+1 = {trace.T + 1} entries in Xs, Gs and Hs but holds {trace.Xs.Count}, {trace.Gs.Count} and {trace.Hs.Count}. Pass the trace that Forward returned.", nameof(trace));
        }

        Guard.Length(trace.Hs[0], "trace.Hs[0]", "M", M);
        Guard.Length(trace.P, "trace.P", "N", N);
    }

    private Vector<double> OneHot(int index)
    {
        var x = Vector<double>.Build.Dense(N);
        x[index] = 1.0;
        return x;
    }
}
