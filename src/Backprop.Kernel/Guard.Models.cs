using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Kernel;

/// <summary>The models' checks: their weights, the traces handed to Backward, and ObjectiveFrom's arguments.</summary>
internal static partial class Guard
{
    /// <summary>Problem 1's weights: We (M×N) and Wu (N×M), present and finite.</summary>
    public static void Weights(Matrix<double> We, Matrix<double> Wu)
    {
        ArgumentNullException.ThrowIfNull(We);
        ArgumentNullException.ThrowIfNull(Wu);
        Shape(Wu, nameof(Wu), "N×M", We.ColumnCount, We.RowCount);
        Finite(We, nameof(We));
        Finite(Wu, nameof(Wu));
    }

    /// <summary>A recurrent model's weights: We (M×N), Wr (M×M) and Wu (N×M), present and finite.</summary>
    public static void Weights(Matrix<double> We, Matrix<double> Wr, Matrix<double> Wu)
    {
        ArgumentNullException.ThrowIfNull(We);
        ArgumentNullException.ThrowIfNull(Wr);
        ArgumentNullException.ThrowIfNull(Wu);
        int M = We.RowCount, N = We.ColumnCount;
        Shape(Wr, nameof(Wr), "M×M", M, M);
        Shape(Wu, nameof(Wu), "N×M", N, M);
        Finite(We, nameof(We));
        Finite(Wr, nameof(Wr));
        Finite(Wu, nameof(Wu));
    }

    /// <summary>A trace handed to a recurrent model's Backward: T+1 entries in Xs, Gs and Hs, and this model's M and N.</summary>
    public static void Trace(RnnTrace trace, int M, int N)
    {
        ArgumentNullException.ThrowIfNull(trace);
        if (trace.Hs.Count != trace.T + 1 || trace.Xs.Count != trace.T + 1 || trace.Gs.Count != trace.T + 1)
        {
            throw new ArgumentException(
                $"trace must hold T+1 = {trace.T + 1} entries in Xs, Gs and Hs but holds {trace.Xs.Count}, {trace.Gs.Count} and {trace.Hs.Count}. Pass the trace that Forward returned.", nameof(trace));
        }

        Length(trace.Hs[0], "trace.Hs[0]", "M", M);
        Length(trace.P, "trace.P", "N", N);
    }

    /// <summary>A trace handed to the word model's Backward: this model's M and N.</summary>
    public static void Trace(WordMlpTrace trace, int M, int N)
    {
        ArgumentNullException.ThrowIfNull(trace);
        Length(trace.H, "trace.H", "M", M);
        Length(trace.P, "trace.P", "N", N);
    }

    /// <summary>The arguments of ObjectiveFrom: a sentence of T words, a target, a step t in 0..T and h_t of length M.</summary>
    public static void ObjectiveFrom(int t, Vector<double> h_t, IReadOnlyList<int> words, int target, int M, int N)
    {
        Words(words, N, nameof(words));
        WordIndex(target, N, nameof(target));
        if (t < 0 || t > words.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(t), t, $"t must be in 0..T = 0..{words.Count}.");
        }

        Length(h_t, nameof(h_t), "M", M);
    }
}
