using System.Runtime.CompilerServices;

namespace Backprop.Kernel.Fast;

/// <summary>
/// The fast path's recurrence over spans: the same maths as <see cref="RecurrentModel.Forward"/>, without
/// allocating. Used by the workspaces and by <see cref="FastGradChecks"/>, which calls J from h_t thousands of times.
/// </summary>
internal static class SpanRecurrence
{
    /// <summary>
    /// One step: g = We x_t + Wr h_{t−1} (We x_t is the column of word x_t), a = tanh(g), and h_t = a (+ h_{t−1} for
    /// the residual recurrence). <paramref name="h"/> may be <paramref name="hPrev"/> itself, and <paramref name="a"/> may be <paramref name="h"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StepInto(double[] we, double[] wr, int M, int word, bool residual, ReadOnlySpan<double> hPrev, Span<double> g, Span<double> a, Span<double> h)
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

    /// <summary>J from h_t on, for words in any list; see the overload over a span.</summary>
    public static double ObjectiveFrom(RecurrentModel model, int t, ReadOnlySpan<double> h_t, IReadOnlyList<int> words, int target) =>
        ObjectiveFrom(model, t, h_t, new ReadOnlySpan<int>(words as int[] ?? [.. words]), target);

    /// <summary>J from h_t on: g = We x_step + Wr h, h = tanh(g) (+ h) for step = t+1..T, then log softmax(Wu h)_y.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double ObjectiveFrom(RecurrentModel model, int t, ReadOnlySpan<double> h_t, ReadOnlySpan<int> words, int target)
    {
        int N = model.N, M = model.M;
        var we = SpanMath.ColumnMajor(model.We);
        var wr = SpanMath.ColumnMajor(model.Wr);
        Span<double> h = M <= 256 ? stackalloc double[M] : new double[M];
        Span<double> g = M <= 256 ? stackalloc double[M] : new double[M];
        h_t.CopyTo(h);
        bool residual = model.Recurrence == Recurrence.Residual;
        for (int step = t + 1; step <= words.Length; step++)
        {
            StepInto(we, wr, M, words[step - 1], residual, h, g, h, h);
        }

        Span<double> s = N <= 512 ? stackalloc double[N] : new double[N];
        SpanMath.MultiplyInto(SpanMath.ColumnMajor(model.Wu), N, h, s);
        return SpanSoftmax.LogProbabilityOf(s, target);
    }
}
