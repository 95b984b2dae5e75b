using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Kernel;

public static partial class Boxes
{
    /// <summary>
    /// Problem 2, backpropagation through time for h_t = tanh(We x_t + Wr h_{t−1}), s = Wu h_T.
    /// ∂J/∂s, ∂J/∂Wu and ∂J/∂h_T are the boxes of problem 1 with h = h_T. Lists are indexed by t:
    /// hs[0..T] with hs[0] = h_0 = 0, xs[1..T] (xs[0] unused), dJ_dhs[0..T].
    /// </summary>
    public static class P2
    {
        /// <summary>∂J/∂g_t = diag(1 − h_t ⊙ h_t) ∂J/∂h_t, through the tanh of h_t = tanh(g_t); dJ_dhPrev, dJ_dWr and dJ_dWe call it.</summary>
        /// <param name="h_t">Hidden state at t, shape (M).</param>
        /// <param name="dJ_dh_t">∂J/∂h_t, shape (M).</param>
        /// <returns>∂J/∂g_t, shape (M).</returns>
        public static Vector<double> dJ_dg(Vector<double> h_t, Vector<double> dJ_dh_t)
        {
            // BEGIN SOLUTION p2.dJ_dg
            return dJ_dh_t.PointwiseMultiply(1.0 - h_t.PointwiseMultiply(h_t)); // diag(1 − h_t ⊙ h_t) ∂J/∂h_t
            // END SOLUTION
        }

        /// <summary>One step back: ∂J/∂h_{t−1} = Wrᵀ diag(1 − h_t ⊙ h_t) ∂J/∂h_t.</summary>
        /// <param name="Wr">Recurrent weights, shape (M×M).</param>
        /// <param name="h_t">Hidden state at t, shape (M).</param>
        /// <param name="dJ_dh_t">∂J/∂h_t, shape (M).</param>
        /// <returns>∂J/∂h_{t−1}, shape (M).</returns>
        public static Vector<double> dJ_dhPrev(Matrix<double> Wr, Vector<double> h_t, Vector<double> dJ_dh_t)
        {
            // BEGIN SOLUTION p2.dJ_dhPrev
            return Wr.TransposeThisAndMultiply(dJ_dg(h_t, dJ_dh_t)); // Wrᵀ ∂J/∂g_t
            // END SOLUTION
        }

        /// <summary>Every ∂J/∂h_t for t = T … 0, starting from ∂J/∂h_T and applying <see cref="dJ_dhPrev"/> T times.</summary>
        /// <param name="Wr">Recurrent weights, shape (M×M).</param>
        /// <param name="hs">h_0 … h_T, shape (T+1)×(M).</param>
        /// <param name="dJ_dhT">∂J/∂h_T, shape (M).</param>
        /// <returns>∂J/∂h_0 … ∂J/∂h_T indexed by t, shape (T+1)×(M).</returns>
        public static Vector<double>[] dJ_dhs(Matrix<double> Wr, IReadOnlyList<Vector<double>> hs, Vector<double> dJ_dhT)
        {
            // BEGIN SOLUTION p2.dJ_dhs
            int T = hs.Count - 1;
            var dJ_dh = new Vector<double>[T + 1];
            dJ_dh[T] = dJ_dhT;
            for (int t = T; t >= 1; t--)
            {
                dJ_dh[t - 1] = dJ_dhPrev(Wr, hs[t], dJ_dh[t]);
            }
            return dJ_dh;
            // END SOLUTION
        }

        /// <summary>∂J/∂Wr = Σ_{t=1..T} diag(1 − h_t ⊙ h_t) ∂J/∂h_t h_{t−1}ᵀ.</summary>
        /// <param name="hs">h_0 … h_T, shape (T+1)×(M).</param>
        /// <param name="dJ_dhs">∂J/∂h_0 … ∂J/∂h_T, shape (T+1)×(M).</param>
        /// <returns>∂J/∂Wr, shape (M×M).</returns>
        public static Matrix<double> dJ_dWr(IReadOnlyList<Vector<double>> hs, IReadOnlyList<Vector<double>> dJ_dhs)
        {
            // BEGIN SOLUTION p2.dJ_dWr
            int T = hs.Count - 1, M = hs[0].Count;
            var dWr = Matrix<double>.Build.Dense(M, M);
            for (int t = 1; t <= T; t++)
            {
                dWr += dJ_dg(hs[t], dJ_dhs[t]).OuterProduct(hs[t - 1]); // ∂J/∂g_t h_{t−1}ᵀ
            }
            return dWr;
            // END SOLUTION
        }

        /// <summary>∂J/∂We = Σ_{t=1..T} diag(1 − h_t ⊙ h_t) ∂J/∂h_t x_tᵀ; a repeated word accumulates in its column.</summary>
        /// <param name="xs">One-hot inputs, xs[t] = x_t for t = 1..T (xs[0] unused), each shape (N).</param>
        /// <param name="hs">h_0 … h_T, shape (T+1)×(M).</param>
        /// <param name="dJ_dhs">∂J/∂h_0 … ∂J/∂h_T, shape (T+1)×(M).</param>
        /// <returns>∂J/∂We, shape (M×N).</returns>
        public static Matrix<double> dJ_dWe(IReadOnlyList<Vector<double>> xs, IReadOnlyList<Vector<double>> hs, IReadOnlyList<Vector<double>> dJ_dhs)
        {
            // BEGIN SOLUTION p2.dJ_dWe
            int T = hs.Count - 1, M = hs[0].Count, N = xs[1].Count;
            var dWe = Matrix<double>.Build.Dense(M, N);
            for (int t = 1; t <= T; t++)
            {
                dWe += dJ_dg(hs[t], dJ_dhs[t]).OuterProduct(xs[t]); // ∂J/∂g_t x_tᵀ
            }
            return dWe;
            // END SOLUTION
        }
    }
}
