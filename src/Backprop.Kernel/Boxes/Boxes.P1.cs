using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Kernel;

public static partial class Boxes
{
    /// <summary>Problem 1, the word model h = We x, s = Wu h, p = softmax(s), J = log p_y. N vocabulary, M hidden.</summary>
    public static class P1
    {
        /// <summary>
        /// ∂J/∂s = y − p, the error. J is a log-likelihood, so this points uphill. The target's entry is computed as
        /// Σ_{c≠y} p_c, the same number as 1 − p_y, so that it keeps its digits when p_y rounds to 1.
        /// </summary>
        /// <param name="y">One-hot target, shape (N).</param>
        /// <param name="p">Probabilities, shape (N), adding to 1.</param>
        /// <returns>∂J/∂s, shape (N).</returns>
        public static Vector<double> dJ_ds(Vector<double> y, Vector<double> p)
        {
            // BEGIN SOLUTION p1.dJ_ds
            var error = y - p;
            int target = y.MaximumIndex(); // the one 1 of a one-hot y
            // p adds to 1, so y_target − p_target = (y_target − 1) + Σ_{c≠target} p_c: for one-hot y just the sum,
            // which keeps its digits when p_target ≈ 1 (1 − p_target by subtraction keeps only those of 1).
            error[target] = (y[target] - 1) + p.Where((p_c, c) => c != target).Sum();
            return error;
            // END SOLUTION
        }

        /// <summary>∂J/∂h = Wuᵀ ∂J/∂s.</summary>
        /// <param name="Wu">Unembedding, shape (N×M).</param>
        /// <param name="dJ_ds">∂J/∂s, shape (N).</param>
        /// <returns>∂J/∂h, shape (M).</returns>
        public static Vector<double> dJ_dh(Matrix<double> Wu, Vector<double> dJ_ds)
        {
            // BEGIN SOLUTION p1.dJ_dh
            return Wu.TransposeThisAndMultiply(dJ_ds);
            // END SOLUTION
        }

        /// <summary>∂J/∂Wu = (∂J/∂s) hᵀ.</summary>
        /// <param name="dJ_ds">∂J/∂s, shape (N).</param>
        /// <param name="h">Hidden vector, shape (M).</param>
        /// <returns>∂J/∂Wu, shape (N×M).</returns>
        public static Matrix<double> dJ_dWu(Vector<double> dJ_ds, Vector<double> h)
        {
            // BEGIN SOLUTION p1.dJ_dWu
            return dJ_ds.OuterProduct(h);
            // END SOLUTION
        }

        /// <summary>∂J/∂We = (∂J/∂h) xᵀ; with one-hot x only the input word's column is non-zero.</summary>
        /// <param name="dJ_dh">∂J/∂h, shape (M).</param>
        /// <param name="x">One-hot input, shape (N).</param>
        /// <returns>∂J/∂We, shape (M×N).</returns>
        public static Matrix<double> dJ_dWe(Vector<double> dJ_dh, Vector<double> x)
        {
            // BEGIN SOLUTION p1.dJ_dWe
            return dJ_dh.OuterProduct(x);
            // END SOLUTION
        }
    }
}
