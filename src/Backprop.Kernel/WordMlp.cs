using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Kernel;

/// <summary>
/// Problem 1: h = We x, s = Wu h, p = softmax(s), J = log p_y, with no biases.
/// N vocabulary size, M hidden size; We is M×N (a column per word), Wu is N×M.
/// </summary>
public sealed class WordMlp
{
    /// <summary>Wraps the given weights (not copied), after checking their shapes and values.</summary>
    /// <param name="We">Embedding, shape (M×N).</param>
    /// <param name="Wu">Unembedding, shape (N×M).</param>
    public WordMlp(Matrix<double> We, Matrix<double> Wu)
    {
        Guard.Weights(We, Wu);
        this.We = We;
        this.Wu = Wu;
    }

    /// <summary>A model with N(0, scale²) weights drawn from <paramref name="seed"/>.</summary>
    /// <param name="N">Vocabulary size.</param>
    /// <param name="M">Hidden size.</param>
    /// <param name="seed">Seed; the same seed gives the same weights.</param>
    /// <param name="scale">Standard deviation of every weight.</param>
    public static WordMlp Random(int N, int M, int seed, double scale = 0.5) =>
        new(Weights.Gaussian(M, N, scale, seed), Weights.Gaussian(N, M, scale, seed + 1));

    /// <summary>Embedding W_embed, shape (M×N).</summary>
    public Matrix<double> We { get; }

    /// <summary>Unembedding W_unembed, shape (N×M).</summary>
    public Matrix<double> Wu { get; }

    /// <summary>N, the vocabulary size.</summary>
    public int N => We.ColumnCount;

    /// <summary>M, the hidden size.</summary>
    public int M => We.RowCount;

    /// <summary>Runs h = We x (the column of the input word), s = Wu h, p = softmax(s), J = log p_y.</summary>
    /// <param name="word">Input word index x, in 0..N−1.</param>
    /// <param name="target">Target word index y, in 0..N−1.</param>
    public WordMlpTrace Forward(int word, int target)
    {
        Guard.WordIndex(word, N, nameof(word));
        Guard.WordIndex(target, N, nameof(target));
        var h = We.Column(word);                       // h = We x: a one-hot x picks out column x
        var s = Wu * h;                                // s = Wu h
        var p = Softmax.Probabilities(s);              // p = softmax(s)
        double J = Softmax.LogProbability(s, target);  // J = log p_y
        ModelChecks.FiniteOutput(s.AsArray() ?? s.ToArray(), J, nameof(WordMlp), (We, nameof(We)), (Wu, nameof(Wu)));
        return new WordMlpTrace(word, Vocabulary.OneHot(word, N), h, s, p, target, Vocabulary.OneHot(target, N), J);
    }

    /// <summary>J = log p(y | s) for a given score vector s; what ∂J/∂s differentiates.</summary>
    /// <param name="s">Scores, shape (N).</param>
    /// <param name="target">Target word index.</param>
    public double ObjectiveFromScores(Vector<double> s, int target)
    {
        Guard.Length(s, nameof(s), "N", N);
        Guard.WordIndex(target, N, nameof(target));
        return Softmax.LogProbability(s, target);
    }

    /// <summary>J as a function of the hidden vector h: log softmax(Wu h)_y; what ∂J/∂h differentiates.</summary>
    /// <param name="h">Hidden vector, shape (M).</param>
    /// <param name="target">Target word index.</param>
    public double ObjectiveFromHidden(Vector<double> h, int target)
    {
        Guard.Length(h, nameof(h), "M", M);
        return ObjectiveFromScores(Wu * h, target);
    }

    /// <summary>The four boxed derivatives of problem 1, each computed by its box in <see cref="Boxes.P1"/>.</summary>
    /// <param name="trace">The trace of <see cref="Forward"/>.</param>
    public WordMlpGradients Backward(WordMlpTrace trace)
    {
        Guard.Trace(trace, M, N);
        var ds = Boxes.P1.dJ_ds(trace.Y, trace.P);
        var dh = Boxes.P1.dJ_dh(Wu, ds);
        var dWu = Boxes.P1.dJ_dWu(ds, trace.H);
        var dWe = Boxes.P1.dJ_dWe(dh, trace.X);
        return new WordMlpGradients(ds, dh, dWu, dWe);
    }
}
