using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Kernel;

public static partial class Boxes
{
    /// <summary>
    /// Problem 3, vanishing gradients. Both recurrences have g_t = Wr h_{t−1} + We x_t:
    /// tanh, h_t = tanh(g_t); residual, h_t = tanh(g_t) + h_{t−1}. Lists are indexed by t as in problem 2,
    /// with gs[1..T] (gs[0] unused).
    /// </summary>
    public static partial class P3
    {
        /// <summary>3.1, one step of the tanh recurrence: ∂J/∂h_{t−1} = Wrᵀ diag(1 − tanh² g_t) ∂J/∂h_t.</summary>
        /// <param name="Wr">Recurrent weights, shape (M×M).</param>
        /// <param name="g_t">Pre-activation at t, shape (M).</param>
        /// <param name="dJ_dh_t">∂J/∂h_t, shape (M).</param>
        /// <returns>∂J/∂h_{t−1}, shape (M).</returns>
        public static Vector<double> dJ_dhPrev_tanh(Matrix<double> Wr, Vector<double> g_t, Vector<double> dJ_dh_t)
        {
            // BEGIN SOLUTION p2.dJ_dhPrev
            var tanh_g = g_t.PointwiseTanh();
            var dJ_dg_t = dJ_dh_t.PointwiseMultiply(1.0 - tanh_g.PointwiseMultiply(tanh_g)); // diag(1 − tanh² g_t) ∂J/∂h_t
            return Wr.TransposeThisAndMultiply(dJ_dg_t);
            // END SOLUTION
        }

        /// <summary>∂J/∂h_0 … ∂J/∂h_T of any recurrence, from ∂J/∂h_T and that recurrence's one-step map.</summary>
        /// <param name="dJ_dhPrev">The one-step map (Wr, g_t, ∂J/∂h_t) ↦ ∂J/∂h_{t−1}.</param>
        /// <param name="Wr">Recurrent weights, shape (M×M).</param>
        /// <param name="gs">g_1 … g_T at gs[1..T] (gs[0] unused), each shape (M).</param>
        /// <param name="dJ_dhT">∂J/∂h_T, shape (M).</param>
        /// <returns>∂J/∂h_0 … ∂J/∂h_T indexed by t, shape (T+1)×(M).</returns>
        public static Vector<double>[] dJ_dhs(OneStepBackward dJ_dhPrev, Matrix<double> Wr, IReadOnlyList<Vector<double>> gs, Vector<double> dJ_dhT)
        {
            // BEGIN SOLUTION p2.dJ_dhs
            int T = gs.Count - 1;
            var dJ_dh = new Vector<double>[T + 1];
            dJ_dh[T] = dJ_dhT;
            for (int t = T; t >= 1; t--)
            {
                dJ_dh[t - 1] = dJ_dhPrev(Wr, gs[t], dJ_dh[t]);
            }

            return dJ_dh;
            // END SOLUTION
        }

        /// <summary>∂J/∂g_t of the tanh recurrence (3.1), from g_t.</summary>
        /// <param name="g_t">Pre-activation at t, shape (M).</param>
        /// <param name="dJ_dh_t">∂J/∂h_t, shape (M).</param>
        /// <returns>∂J/∂g_t, shape (M).</returns>
        public static Vector<double> dJ_dg_tanh(Vector<double> g_t, Vector<double> dJ_dh_t)
        {
            // BEGIN SOLUTION p2.dJ_dg
            var tanh_g = g_t.PointwiseTanh();
            return dJ_dh_t.PointwiseMultiply(1.0 - tanh_g.PointwiseMultiply(tanh_g));
            // END SOLUTION
        }

        /// <summary>3.2, one step of the residual recurrence: ∂J/∂h_{t−1} = [Wrᵀ diag(1 − tanh² g_t) + I] ∂J/∂h_t.</summary>
        /// <param name="Wr">Recurrent weights, shape (M×M).</param>
        /// <param name="g_t">Pre-activation at t, shape (M).</param>
        /// <param name="dJ_dh_t">∂J/∂h_t, shape (M).</param>
        /// <returns>∂J/∂h_{t−1}, shape (M).</returns>
        public static Vector<double> dJ_dhPrev_residual(Matrix<double> Wr, Vector<double> g_t, Vector<double> dJ_dh_t)
        {
            // BEGIN SOLUTION p3.dJ_dhPrev_residual
            var tanh_g = g_t.PointwiseTanh();
            var throughTanh = Wr.TransposeThisAndMultiply(dJ_dh_t.PointwiseMultiply(1.0 - tanh_g.PointwiseMultiply(tanh_g)));
            return throughTanh + dJ_dh_t; // + 𝕀 ∂J/∂h_t
            // END SOLUTION
        }

        /// <summary>∂J/∂Wr for the residual recurrence: Σ_t diag(1 − tanh² g_t) ∂J/∂h_t h_{t−1}ᵀ (the skip term has no Wr).</summary>
        /// <param name="gs">g_1 … g_T at gs[1..T] (gs[0] unused), each shape (M).</param>
        /// <param name="hs">h_0 … h_T, shape (T+1)×(M).</param>
        /// <param name="dJ_dhs">∂J/∂h_0 … ∂J/∂h_T, shape (T+1)×(M).</param>
        /// <returns>∂J/∂Wr, shape (M×M).</returns>
        public static Matrix<double> dJ_dWr_residual(IReadOnlyList<Vector<double>> gs, IReadOnlyList<Vector<double>> hs, IReadOnlyList<Vector<double>> dJ_dhs)
        {
            // BEGIN SOLUTION p3.dJ_dWr_residual
            int T = hs.Count - 1, M = hs[0].Count;
            var dWr = Matrix<double>.Build.Dense(M, M);
            for (int t = 1; t <= T; t++)
            {
                var tanh_g = gs[t].PointwiseTanh();
                var dJ_dg_t = dJ_dhs[t].PointwiseMultiply(1.0 - tanh_g.PointwiseMultiply(tanh_g));
                dWr += dJ_dg_t.OuterProduct(hs[t - 1]);
            }
            return dWr;
            // END SOLUTION
        }
        /// <summary>∂J/∂We for the residual recurrence: Σ_t diag(1 − tanh² g_t) ∂J/∂h_t x_tᵀ.</summary>
        /// <param name="xs">One-hot inputs, xs[t] = x_t for t = 1..T (xs[0] unused), each shape (N).</param>
        /// <param name="gs">g_1 … g_T at gs[1..T] (gs[0] unused), each shape (M).</param>
        /// <param name="dJ_dhs">∂J/∂h_0 … ∂J/∂h_T, shape (T+1)×(M).</param>
        /// <returns>∂J/∂We, shape (M×N).</returns>
        public static Matrix<double> dJ_dWe_residual(IReadOnlyList<Vector<double>> xs, IReadOnlyList<Vector<double>> gs, IReadOnlyList<Vector<double>> dJ_dhs)
        {
            // BEGIN SOLUTION p3.dJ_dWr_residual
            int T = dJ_dhs.Count - 1, M = dJ_dhs[0].Count, N = xs[1].Count;
            var dJ_dWe = Matrix<double>.Build.Dense(M, N);
            for (int t = 1; t <= T; t++)
            {
                var tanh = gs[t].PointwiseTanh();
                dJ_dWe += dJ_dhs[t].PointwiseMultiply(1.0 - tanh.PointwiseMultiply(tanh)).OuterProduct(xs[t]);
            }

            return dJ_dWe;
            // END SOLUTION
        }

        /// <summary>
        /// The leaky recurrence h_t = (1 − α) h_{t−1} + α tanh(g_t), one step back:
        /// ∂J/∂h_{t−1} = [(1 − α) I + α Wrᵀ diag(1 − tanh² g_t)] ∂J/∂h_t.
        /// </summary>
        /// <param name="Wr">Recurrent weights, shape (M×M).</param>
        /// <param name="g_t">Pre-activation at t, shape (M).</param>
        /// <param name="dJ_dh_t">∂J/∂h_t, shape (M).</param>
        /// <param name="alpha">The leak α in (0, 1].</param>
        /// <returns>∂J/∂h_{t−1}, shape (M).</returns>
        public static Vector<double> dJ_dhPrev_leaky(Matrix<double> Wr, Vector<double> g_t, Vector<double> dJ_dh_t, double alpha)
        {
            // BEGIN SOLUTION p3.dJ_dhPrev_leaky
            var tanh_g = g_t.PointwiseTanh();
            var throughTanh = Wr.TransposeThisAndMultiply(dJ_dh_t.PointwiseMultiply(1.0 - tanh_g.PointwiseMultiply(tanh_g)));
            return (1.0 - alpha) * dJ_dh_t + alpha * throughTanh;
            // END SOLUTION
        }

        /// <summary>The boxes of one recurrence's backward pass, from this class and problem 1's.</summary>
        /// <param name="blend">The recurrence: <see cref="Recurrence.Tanh"/>, <see cref="Recurrence.Residual"/> or a leaky one.</param>
        /// <returns>The boxes, for <see cref="RecurrentModel.Backward"/>, training and the experiments.</returns>
        public static RecurrentBoxes For(Recurrence blend)
        {
            // BEGIN SOLUTION p3.dJ_dhPrev_leaky
            ArgumentNullException.ThrowIfNull(blend);
            double a = blend.Gain, c = blend.Carry;
            OneStepBackward step = blend == Recurrence.Tanh ? dJ_dhPrev_tanh
                : blend == Recurrence.Residual ? dJ_dhPrev_residual
                : blend.IsLeaky ? (Wr, g, dh) => dJ_dhPrev_leaky(Wr, g, dh, a)
                : (Wr, g, dh) => c * dh + a * dJ_dhPrev_tanh(Wr, g, dh);
            return new RecurrentBoxes(
                P1.dJ_ds, P1.dJ_dh, P1.dJ_dWu, step, dJ_dhs,
                (g, dh) => a * dJ_dg_tanh(g, dh),
                (gs, hs, dhs) => a * dJ_dWr_residual(gs, hs, dhs),
                (xs, gs, dhs) => a * dJ_dWe_residual(xs, gs, dhs));
            // END SOLUTION
        }
    }
}
