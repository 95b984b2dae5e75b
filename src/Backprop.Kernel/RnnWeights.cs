using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Kernel;

/// <summary>
/// The three weight matrices of a recurrent word model and its forward pass, shared by
/// <see cref="TanhRnn"/> and <see cref="ResidualRnn"/>. N vocabulary size, M hidden size, T steps.
/// </summary>
internal sealed class RnnWeights
{
    public RnnWeights(Matrix<double> We, Matrix<double> Wr, Matrix<double> Wu)
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
    }

    public Matrix<double> We { get; }

    public Matrix<double> Wr { get; }

    public Matrix<double> Wu { get; }

    public int N => We.ColumnCount;

    public int M => We.RowCount;

    /// <summary>g_t = We x_t + Wr h_{t−1}; h_t = tanh(g_t) (+ h_{t−1} when residual); s = Wu h_T.</summary>
    public RnnTrace Forward(IReadOnlyList<int> words, int target, Recurrence recurrence, string model)
    {
        Guard.Words(words, N, nameof(words));
        Guard.WordIndex(target, N, nameof(target));
        int T = words.Count, M = this.M;
        var we = Values(We);
        var wr = Values(Wr);
        var xs = new Vector<double>[T + 1];
        var gs = new Vector<double>[T + 1];
        var hs = new Vector<double>[T + 1];
        xs[0] = Vector<double>.Build.Dense(N);
        gs[0] = Vector<double>.Build.Dense(M);
        hs[0] = Vector<double>.Build.Dense(M); // h_0 = 0
        for (int t = 1; t <= T; t++)
        {
            int word = words[t - 1];
            var hPrev = hs[t - 1].AsArray();
            var g = new double[M];
            we.AsSpan(word * M, M).CopyTo(g);               // We x_t is the column of word x_t
            for (int j = 0; j < M; j++)
            {
                SpanMath.Axpy(hPrev[j], wr.AsSpan(j * M, M), g); // + Wr h_{t−1}, a column at a time
            }

            var h = new double[M];
            for (int i = 0; i < M; i++)
            {
                h[i] = Math.Tanh(g[i]) + (recurrence == Recurrence.Residual ? hPrev[i] : 0.0);
            }

            xs[t] = OneHot(word);
            gs[t] = Vector<double>.Build.Dense(g);
            hs[t] = Vector<double>.Build.Dense(h);
        }

        var s = new double[N];
        SpanMath.MultiplyInto(Values(Wu), N, hs[T].AsArray(), s);
        var p = new double[N];
        double logZ = Softmax.Probabilities(s, p);
        double J = s[target] - logZ;
        ModelChecks.FiniteOutput(s, J, model, (We, nameof(We)), (Wr, nameof(Wr)), (Wu, nameof(Wu)));
        return new RnnTrace(words.ToArray(), xs, gs, hs, Vector<double>.Build.Dense(s), Vector<double>.Build.Dense(p), target, OneHot(target), J);
    }

    /// <summary>J as a function of h_t alone: runs steps t+1..T from the given h_t, then s, p and log p_y.</summary>
    public double ObjectiveFrom(int t, Vector<double> h_t, IReadOnlyList<int> words, int target, Recurrence recurrence)
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
            var g = We.Column(words[step - 1]) + Wr * h;
            h = recurrence == Recurrence.Residual ? g.PointwiseTanh() + h : g.PointwiseTanh();
        }

        var s = Wu * h;
        return s[target] - Softmax.LogSumExp(s);
    }

    private Vector<double> OneHot(int index)
    {
        var x = Vector<double>.Build.Dense(N);
        x[index] = 1.0;
        return x;
    }

    internal static double[] Values(Matrix<double> matrix) => matrix.AsColumnMajorArray() ?? matrix.ToColumnMajorArray();
}
