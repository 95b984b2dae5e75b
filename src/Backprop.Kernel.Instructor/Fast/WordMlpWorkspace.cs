using System.Runtime.CompilerServices;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Kernel.Fast;

/// <summary>
/// Reusable buffers for fast steps of one <see cref="WordMlp"/>: <see cref="Step"/> runs forward and backward and
/// writes ∂J/∂s, ∂J/∂h, ∂J/∂Wu and ∂J/∂We into the same preallocated <see cref="Gradients"/>, allocating nothing.
/// It gives the same numbers as Forward + Backward (to rounding), reads the model's weights afresh on every call,
/// and is not thread-safe: use one workspace per thread. N vocabulary size, M hidden size.
/// </summary>
public sealed class WordMlpWorkspace
{
    private readonly double[] _h;
    private readonly double[] _s;
    private readonly double[] _p;
    private readonly double[] _ds;
    private readonly double[] _dh;
    private readonly double[] _dWu;
    private readonly double[] _dWe;
    private readonly double[] _blockShift;
    private int _word = -1;
    private int _target = -1;
    private int _dWeColumn = -1; // the column of ∂J/∂We the last Step wrote

    /// <summary>Buffers for <paramref name="model"/>.</summary>
    /// <param name="model">The model; its weights are read on every call, not copied.</param>
    public WordMlpWorkspace(WordMlp model)
    {
        ArgumentNullException.ThrowIfNull(model);
        Model = model;
        int N = model.N, M = model.M;
        _h = new double[M];
        _s = new double[N];
        _p = new double[N];
        _ds = new double[N];
        _dh = new double[M];
        _dWu = new double[N * M];
        _dWe = new double[M * N];
        _blockShift = new double[FastBackward.BlockCount(N, M)];
        Gradients = new WordMlpGradients(
            Vector<double>.Build.Dense(_ds), Vector<double>.Build.Dense(_dh),
            Matrix<double>.Build.Dense(N, M, _dWu), Matrix<double>.Build.Dense(M, N, _dWe));
    }

    /// <summary>The model this workspace steps.</summary>
    public WordMlp Model { get; }

    /// <summary>
    /// The derivatives of the last <see cref="Step"/>, overwritten by the next one (copy them to keep them).
    /// Treat them as read-only: ∂J/∂We is cleared only in the column the last step wrote.
    /// </summary>
    public WordMlpGradients Gradients { get; }

    /// <summary>J = log p_y of the last <see cref="Forward"/> or <see cref="Step"/>; NaN before the first.</summary>
    public double J { get; private set; } = double.NaN;

    /// <summary>The forward pass alone: J of the model's current weights.</summary>
    /// <param name="word">Input word index x.</param>
    /// <param name="target">Target word index y.</param>
    /// <returns>J = log p_y.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double Forward(int word, int target)
    {
        Embed(word, target);
        SpanMath.MultiplyInto(SpanMath.ColumnMajor(Model.Wu), Model.N, _h, _s);
        SpanSoftmax.Probabilities(_s, _p);
        return Finish(SpanSoftmax.LogProbabilityOf(_s, target));
    }

    /// <summary>
    /// Forward and backward: writes ∂J/∂s, ∂J/∂h, ∂J/∂Wu and ∂J/∂We into <see cref="Gradients"/> and returns them.
    /// Wu is read once for s and its gradients; ∂J/∂We is touched only in the input word's column.
    /// </summary>
    /// <param name="word">Input word index x.</param>
    /// <param name="target">Target word index y.</param>
    /// <returns><see cref="Gradients"/>, the same instance every time.</returns>
    public WordMlpGradients Step(int word, int target)
    {
        Embed(word, target);
        if (_dWeColumn >= 0)
        {
            Array.Clear(_dWe, _dWeColumn * Model.M, Model.M);
            _dWeColumn = -1;
        }

        Finish(FastBackward.OutputLayer(SpanMath.ColumnMajor(Model.Wu), _h, target, _s, _p, _ds, _dh, _dWu, _blockShift));
        _dWeColumn = word;
        FastBackward.EmbeddingColumn(_dh, word, _dWe);
        return Gradients;
    }

    /// <summary>A copy of the last forward pass as a trace, the same as the model's Forward would return.</summary>
    public WordMlpTrace ToTrace()
    {
        if (_target < 0)
        {
            throw new InvalidOperationException("The workspace holds no forward pass yet; call Forward or Step first.");
        }

        return new WordMlpTrace(_word, Vocabulary.OneHot(_word, Model.N), Vector<double>.Build.Dense(_h.ToArray()), Vector<double>.Build.Dense(_s.ToArray()),
            Vector<double>.Build.Dense(_p.ToArray()), _target, Vocabulary.OneHot(_target, Model.N), J);
    }

    /// <summary>h = We x, the column of the input word.</summary>
    private void Embed(int word, int target)
    {
        Guard.WordIndex(word, Model.N, nameof(word));
        Guard.WordIndex(target, Model.N, nameof(target));
        SpanMath.ColumnMajor(Model.We).AsSpan(word * Model.M, Model.M).CopyTo(_h);
        _word = word;
        _target = target;
    }

    private double Finish(double J)
    {
        this.J = J;
        ModelChecks.FiniteOutput(_s, J, nameof(WordMlp), (Model.We, "We"), (Model.Wu, "Wu"));
        return J;
    }
}
