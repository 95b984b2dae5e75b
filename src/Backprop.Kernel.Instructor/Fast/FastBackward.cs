namespace Backprop.Kernel.Fast;

/// <summary>
/// The fast backward passes behind <see cref="RnnWorkspace"/> and <see cref="WordMlpWorkspace"/>: the same
/// derivatives as <see cref="Boxes"/>, written as span loops over preallocated buffers, so that a step allocates
/// nothing. N vocabulary size, M hidden size, T steps; every matrix is column-major, We M×N, Wr M×M, Wu N×M.
/// Each body is reference code: the student release replaces it with a hint, like the boxes.
/// </summary>
internal static class FastBackward
{
    /// <summary>Rows of Wu per block of <see cref="OutputLayer"/>: a block of M columns fits in 256 KB of cache.</summary>
    public static int BlockRows(int M) => Math.Clamp(32768 / M / 4 * 4, 16, 4096);

    /// <summary>How many row blocks of Wu <see cref="OutputLayer"/> takes for N rows.</summary>
    public static int BlockCount(int N, int M) => (N + BlockRows(M) - 1) / BlockRows(M);

    /// <summary>
    /// The output layer forward and backward with one read of Wu: s = Wu h, p = softmax(s), J = log p_y,
    /// ds = y − p, dh = Wuᵀ ds, dWu = ds hᵀ. Rows of Wu are taken a cache-sized block at a time: the block
    /// gives s, then e_c = exp(s_c − m) with the running maximum m, then Σ_{c≠y} e_c Wu[c, :] while the block
    /// is still in cache (rescaled by exp(m_old − m_new) whenever m grows). At the end
    /// Σ_{c≠y} p_c Wu[c, :] = that sum / z, so dh = (1 − p_y) Wu[y, :] − that sum / z.
    /// </summary>
    /// <param name="wu">Wu, column-major, shape (N×M).</param>
    /// <param name="h">The hidden vector fed to the output layer, shape (M).</param>
    /// <param name="target">y.</param>
    /// <param name="s">Receives s, shape (N).</param>
    /// <param name="p">Receives p, shape (N).</param>
    /// <param name="ds">Receives ∂J/∂s, shape (N).</param>
    /// <param name="dh">Receives ∂J/∂h, shape (M).</param>
    /// <param name="dWu">Receives ∂J/∂Wu, column-major, shape (N×M).</param>
    /// <param name="blockShift">Scratch: the maximum each block's e_c were taken against, shape (blocks).</param>
    /// <returns>J = log p_y.</returns>
    public static double OutputLayer(
        ReadOnlySpan<double> wu, ReadOnlySpan<double> h, int target,
        Span<double> s, Span<double> p, Span<double> ds, Span<double> dh, Span<double> dWu, Span<double> blockShift)
    {
        // BEGIN SOLUTION
        // HINT: the fast path of problem 1's boxes, written into the spans; derive them in notebook 01 first.
        int N = s.Length, M = h.Length, rows = BlockRows(M);
        double max = double.NegativeInfinity, z = 0, others = 0; // others = Σ_{c≠y} e_c, so that 1 − p_y = others / z keeps its digits
        dh.Clear(); // accumulates Σ_{c≠y} e_c Wu[c, :] until the end
        for (int block = 0, c0 = 0; c0 < N; block++, c0 += rows)
        {
            int count = Math.Min(rows, N - c0);
            var sBlock = s.Slice(c0, count);
            var eBlock = p.Slice(c0, count);
            sBlock.Clear();
            SpanMath.MultiplyAddRowsInto(wu, N, c0, h, sBlock); // s_c = Σ_j Wu[c, j] h_j for this block
            double blockMax = double.NegativeInfinity;
            foreach (double v in sBlock)
            {
                blockMax = Math.Max(blockMax, v);
            }

            if (blockMax > max)
            {
                double rescale = Math.Exp(max - blockMax); // e^{−∞} = 0 on the first block
                z *= rescale;
                others *= rescale;
                SpanMath.ScaleInto(rescale, dh, dh);
                max = blockMax;
            }

            blockShift[block] = max;
            for (int c = 0; c < count; c++)
            {
                eBlock[c] = Math.Exp(sBlock[c] - max);
                z += eBlock[c];
            }

            bool hasTarget = target >= c0 && target < c0 + count;
            double eTarget = hasTarget ? eBlock[target - c0] : 0;
            for (int c = 0; c < count; c++)
            {
                others += c0 + c == target ? 0.0 : eBlock[c];
            }

            if (hasTarget)
            {
                eBlock[target - c0] = 0; // the target's row enters dh as (1 − p_y) Wu[y, :]
            }

            SpanMath.TransposeMultiplyAddRowsInto(wu, N, c0, eBlock, dh);
            if (hasTarget)
            {
                eBlock[target - c0] = eTarget;
            }
        }

        double inverseZ = 1.0 / z;
        for (int block = 0, c0 = 0; c0 < N; block++, c0 += rows)
        {
            // p_c = e^{s_c − m} e^{m − max} / z; e^{m − max − log z} would carry log z's rounding at |max| (1e-12 at 1e4).
            SpanMath.ScaleInto(Math.Exp(blockShift[block] - max) * inverseZ, p.Slice(c0, Math.Min(rows, N - c0)), p.Slice(c0, Math.Min(rows, N - c0)));
        }

        for (int c = 0; c < N; c++)
        {
            ds[c] = -p[c]; // y − p with y one-hot
        }

        ds[target] = others / z; // 1 − p_y, without cancelling when p_y rounds to 1
        for (int j = 0; j < M; j++)
        {
            dh[j] = ds[target] * wu[j * N + target] - dh[j] * inverseZ; // (1 − p_y) Wu[y, j] − Σ_{c≠y} p_c Wu[c, j]
            SpanMath.ScaleInto(h[j], ds, dWu.Slice(j * N, N)); // column j of (∂J/∂s) hᵀ
        }

        // log p_y = −log(1 + Σ_{c≠y} e^{s_c − s_y}): keeps a J of −1e-45 where s_y − log z would round to 0.
        double ratio = others / Math.Exp(s[target] - max);
        return double.IsFinite(ratio) ? -Softmax.LogOnePlus(ratio) : s[target] - (max + Math.Log(z));
        // END SOLUTION
    }

    /// <summary>
    /// ∂J/∂h_t for t = T−1 … 0 from ∂J/∂h_T, and every dg_t = ∂J/∂g_t on the way:
    /// dg_t = (1 − a_t ⊙ a_t) ⊙ ∂J/∂h_t with a_t = tanh(g_t), then ∂J/∂h_{t−1} = Wrᵀ dg_t, plus ∂J/∂h_t for the residual recurrence.
    /// </summary>
    /// <param name="residual">True for h_t = tanh(g_t) + h_{t−1}, false for h_t = tanh(g_t).</param>
    /// <param name="wr">Wr, column-major, shape (M×M).</param>
    /// <param name="tanhs">a_t = tanh(g_t) at tanhs[1..T], each shape (M).</param>
    /// <param name="dhs">∂J/∂h_T at dhs[T] on entry; receives ∂J/∂h_0 … ∂J/∂h_{T−1}. Shape (T+1)×(M).</param>
    /// <param name="dgs">Receives dg_t at dgs[1..T], each shape (M).</param>
    public static void HiddenStates(bool residual, ReadOnlySpan<double> wr, double[][] tanhs, double[][] dhs, double[][] dgs)
    {
        // BEGIN SOLUTION
        // HINT: the fast path of the one-step maps of problems 2 and 3, walked from t = T down to 1; derive them in the notebooks first.
        int T = dhs.Length - 1;
        for (int t = T; t >= 1; t--)
        {
            double[] dh = dhs[t], a = tanhs[t], dg = dgs[t];
            for (int i = 0; i < dg.Length; i++)
            {
                dg[i] = dh[i] * (1.0 - a[i] * a[i]); // through tanh
            }

            SpanMath.TransposeMultiplyInto(wr, dg, dhs[t - 1]);
            if (residual)
            {
                SpanMath.Axpy(1.0, dh, dhs[t - 1]); // the identity term of the skip connection
            }
        }

        // END SOLUTION
    }

    /// <summary>
    /// ∂J/∂Wr accumulated a column at a time over the steps, and ∂J/∂We only in the input words' columns; the
    /// result equals the boxes' (tested against them).
    /// </summary>
    /// <param name="words">x_1 … x_T, shape (T).</param>
    /// <param name="hs">h_0 … h_T, shape (T+1)×(M).</param>
    /// <param name="dgs">dg_t at dgs[1..T], each shape (M).</param>
    /// <param name="dWr">Receives ∂J/∂Wr, column-major, shape (M×M).</param>
    /// <param name="dWe">∂J/∂We, column-major, shape (M×N): the input words' columns must be zero on entry.</param>
    public static void RecurrentWeights(ReadOnlySpan<int> words, double[][] hs, double[][] dgs, Span<double> dWr, Span<double> dWe)
    {
        // BEGIN SOLUTION
        // HINT: the fast path of problem 2's weight sums; derive them in notebook 02 first.
        int T = words.Length, M = hs[0].Length;
        for (int j = 0; j < M; j++)
        {
            var column = dWr.Slice(j * M, M);
            column.Clear();
            int t = 1;
            for (; t <= T - 3; t += 4)
            {
                SpanMath.Axpy4(hs[t - 1][j], dgs[t], hs[t][j], dgs[t + 1], hs[t + 1][j], dgs[t + 2], hs[t + 2][j], dgs[t + 3], column);
            }

            for (; t <= T; t++)
            {
                SpanMath.Axpy(hs[t - 1][j], dgs[t], column);
            }
        }

        for (int t = 1; t <= T; t++)
        {
            SpanMath.Axpy(1.0, dgs[t], dWe.Slice(words[t - 1] * M, M)); // x_t is one-hot: only column x_t
        }

        // END SOLUTION
    }

    /// <summary>∂J/∂We = (∂J/∂h) xᵀ for a one-hot x: column <paramref name="word"/> is ∂J/∂h, the others stay zero.</summary>
    /// <param name="dh">∂J/∂h, shape (M).</param>
    /// <param name="word">The input word x.</param>
    /// <param name="dWe">∂J/∂We, column-major, shape (M×N): every column but <paramref name="word"/> must be zero.</param>
    public static void EmbeddingColumn(ReadOnlySpan<double> dh, int word, Span<double> dWe)
    {
        // BEGIN SOLUTION
        // HINT: the fast path of problem 1's ∂J/∂We for a one-hot x; derive it in notebook 01 first.
        dh.CopyTo(dWe.Slice(word * dh.Length, dh.Length));
        // END SOLUTION
    }
}
