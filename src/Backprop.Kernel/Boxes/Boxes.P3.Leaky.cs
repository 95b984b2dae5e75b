using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Kernel;

public static partial class Boxes
{
    public static partial class P3
    {
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
            // BEGIN SOLUTION
            var tanh = g_t.PointwiseTanh();
            var throughTanh = Wr.TransposeThisAndMultiply(dJ_dh_t.PointwiseMultiply(1.0 - tanh.PointwiseMultiply(tanh)));
            return (1.0 - alpha) * dJ_dh_t + alpha * throughTanh;
            // END SOLUTION
        }
    }
}
