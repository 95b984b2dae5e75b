using System.Runtime.CompilerServices;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Kernel.Fast;

/// <summary>
/// Reusable buffers for fast steps of one recurrent model at one sequence length T: <see cref="Step"/> runs
/// forward and backward and writes every derivative into the same preallocated <see cref="Gradients"/>,
/// allocating nothing. It gives the same numbers as Forward + Backward (to rounding, ≈ 1e-15 relative),
/// reads the model's weights afresh on every call, and is not thread-safe: use one workspace per thread.
/// N vocabulary size, M hidden size, T steps.
/// </summary>
public sealed class RnnWorkspace
{
    private readonly int[] _words;
    private readonly double[][] _gs;
    private readonly double[][] _tanhs;
    private readonly double[][] _hs;
    private readonly double[][] _dgs;
    private readonly double[][] _dhs;
    private readonly double[] _s;
    private readonly double[] _p;
    private readonly double[] _ds;
    private readonly double[] _dWu;
    private readonly double[] _dWr;
    private readonly double[] _dWe;
    private readonly double[] _blockShift;
    private readonly int[] _dWeColumns; // the columns of ∂J/∂We the last Step wrote
    private int _target = -1;
    private bool _dWeDirty;

    /// <summary>Buffers for <paramref name="model"/> reading sequences of exactly <paramref name="T"/> words.</summary>
    /// <param name="model">The model; its weights are read on every call, not copied.</param>
    /// <param name="T">Sequence length, T ≥ 1.</param>
    public RnnWorkspace(RecurrentModel model, int T)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (T < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(T), T, "T must be at least 1: a sequence holds at least one word.");
        }

        if (model.Recurrence != Recurrence.Tanh && model.Recurrence != Recurrence.Residual)
        {
            throw new ArgumentException($"The fast path runs the tanh and the residual recurrence only, not {model.Recurrence.Name}; use the model's Forward and Backward.", nameof(model));
        }

        Model = model;
        this.T = T;
        int N = model.N, M = model.M;
        _words = new int[T];
        _dWeColumns = new int[T];
        _gs = Rows(T + 1, M);
        _hs = Rows(T + 1, M);
        _tanhs = model.Recurrence == Recurrence.Residual ? Rows(T + 1, M) : _hs; // tanh: a_t = h_t
        _dgs = Rows(T + 1, M);
        _dhs = Rows(T + 1, M);
        _s = new double[N];
        _p = new double[N];
        _ds = new double[N];
        _dWu = new double[N * M];
        _dWr = new double[M * M];
        _dWe = new double[M * N];
        _blockShift = new double[FastBackward.BlockCount(N, M)];
        Gradients = new RnnGradients(
            Vector<double>.Build.Dense(_ds),
            Matrix<double>.Build.Dense(N, M, _dWu),
            Array.ConvertAll(_dhs, dh => Vector<double>.Build.Dense(dh)),
            Matrix<double>.Build.Dense(M, M, _dWr),
            Matrix<double>.Build.Dense(M, N, _dWe));
    }

    /// <summary>The model this workspace steps.</summary>
    public RecurrentModel Model { get; }

    /// <summary>T, the number of words every call must pass.</summary>
    public int T { get; }

    /// <summary>
    /// The derivatives of the last <see cref="Step"/>, overwritten by the next one (copy them to keep them).
    /// Treat them as read-only: ∂J/∂We is cleared only in the columns the last step wrote.
    /// </summary>
    public RnnGradients Gradients { get; }

    /// <summary>J = log p_y of the last <see cref="Forward"/> or <see cref="Step"/>; NaN before the first.</summary>
    public double J { get; private set; } = double.NaN;

    /// <summary>The forward pass alone, into the workspace's buffers: J of the model's current weights.</summary>
    /// <param name="words">Input word indices x_1 … x_T, shape (T).</param>
    /// <param name="target">Target word index y.</param>
    /// <returns>J = log p_y.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double Forward(IReadOnlyList<int> words, int target)
    {
        RunRecurrence(words, target);
        SpanMath.MultiplyInto(SpanMath.ColumnMajor(Model.Wu), Model.N, _hs[T], _s);
        SpanSoftmax.Probabilities(_s, _p);
        return Finish(SpanSoftmax.LogProbabilityOf(_s, target));
    }

    /// <summary>
    /// Forward and backward: writes ∂J/∂s, ∂J/∂Wu, every ∂J/∂h_t, ∂J/∂Wr and ∂J/∂We into <see cref="Gradients"/>
    /// and returns them. Wu is read once for s and its gradients; ∂J/∂We is touched only in the input words' columns.
    /// </summary>
    /// <param name="words">Input word indices x_1 … x_T, shape (T).</param>
    /// <param name="target">Target word index y.</param>
    /// <returns><see cref="Gradients"/>, the same instance every time.</returns>
    public RnnGradients Step(IReadOnlyList<int> words, int target)
    {
        if (_dWeDirty)
        {
            ClearEmbeddingColumns(); // the words of the previous step
        }

        RunRecurrence(words, target);
        double J = FastBackward.OutputLayer(SpanMath.ColumnMajor(Model.Wu), _hs[T], target, _s, _p, _ds, _dhs[T], _dWu, _blockShift);
        Finish(J);
        _words.CopyTo(_dWeColumns, 0);
        _dWeDirty = true;
        FastBackward.HiddenStates(Model.Recurrence == Recurrence.Residual, SpanMath.ColumnMajor(Model.Wr), _tanhs, _dhs, _dgs);
        FastBackward.RecurrentWeights(_words, _hs, _dgs, _dWr, _dWe);
        return Gradients;
    }

    /// <summary>A copy of the last forward pass as a trace, the same as the model's Forward would return.</summary>
    public RnnTrace ToTrace()
    {
        if (_target < 0)
        {
            throw new InvalidOperationException("The workspace holds no forward pass yet; call Forward or Step first.");
        }

        int N = Model.N;
        var xs = new Vector<double>[T + 1];
        xs[0] = Vector<double>.Build.Dense(N);
        for (int t = 1; t <= T; t++)
        {
            xs[t] = Vocabulary.OneHot(_words[t - 1], N);
        }

        return new RnnTrace(
            _words.ToArray(), xs, Array.ConvertAll(_gs, g => Vector<double>.Build.Dense(g.ToArray())),
            Array.ConvertAll(_hs, h => Vector<double>.Build.Dense(h.ToArray())),
            Vector<double>.Build.Dense(_s.ToArray()), Vector<double>.Build.Dense(_p.ToArray()), _target, Vocabulary.OneHot(_target, N), J);
    }

    /// <summary>h_t of the last forward pass, shape (M); a view of the buffer, overwritten by the next pass.</summary>
    internal ReadOnlySpan<double> HiddenState(int t) => _hs[t];

    /// <summary>s = Wu h_T of the last forward pass, shape (N); a view of the buffer, overwritten by the next pass.</summary>
    internal ReadOnlySpan<double> Scores => _s;

    /// <summary>∂J/∂h_t for t = 0..T of the last forward pass, from a given ∂J/∂h_T, as fresh vectors.</summary>
    internal Vector<double>[] BackpropagateHidden(Vector<double> dJ_dhT)
    {
        Guard.Length(dJ_dhT, nameof(dJ_dhT), "M", Model.M);
        dJ_dhT.CopyTo(Gradients.dhs[T]);
        FastBackward.HiddenStates(Model.Recurrence == Recurrence.Residual, SpanMath.ColumnMajor(Model.Wr), _tanhs, _dhs, _dgs);
        return Array.ConvertAll(_dhs, dh => Vector<double>.Build.Dense(dh.ToArray()));
    }

    /// <summary>g_t = We x_t + Wr h_{t−1}, a_t = tanh(g_t), h_t = a_t (+ h_{t−1}) for t = 1..T.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RunRecurrence(IReadOnlyList<int> words, int target)
    {
        int N = Model.N, M = Model.M;
        Guard.Words(words, N, nameof(words));
        Guard.WordIndex(target, N, nameof(target));
        if (words.Count != T)
        {
            throw new ArgumentException(
                $"words holds {words.Count} words but this workspace was made for T = {T}. Make one with CreateWorkspace({words.Count}).", nameof(words));
        }

        bool residual = Model.Recurrence == Recurrence.Residual;
        var we = SpanMath.ColumnMajor(Model.We);
        var wr = SpanMath.ColumnMajor(Model.Wr);
        for (int t = 1; t <= T; t++)
        {
            int word = words[t - 1];
            _words[t - 1] = word;
            SpanRecurrence.StepInto(we, wr, M, word, residual, _hs[t - 1], _gs[t], _tanhs[t], _hs[t]);
        }

        _target = target;
    }

    private double Finish(double J)
    {
        this.J = J;
        ModelChecks.FiniteOutput(_s, J, Model.GetType().Name, (Model.We, "We"), (Model.Wr, "Wr"), (Model.Wu, "Wu"));
        return J;
    }

    private void ClearEmbeddingColumns()
    {
        int M = Model.M;
        foreach (int word in _dWeColumns)
        {
            Array.Clear(_dWe, word * M, M);
        }

        _dWeDirty = false;
    }

    private static double[][] Rows(int count, int length)
    {
        var rows = new double[count][];
        for (int i = 0; i < count; i++)
        {
            rows[i] = new double[length];
        }

        return rows;
    }
}
