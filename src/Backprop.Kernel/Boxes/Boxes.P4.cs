using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Kernel;

public static partial class Boxes
{
    /// <summary>Notebook 04, training: what the optimiser does with a gradient before it takes a step.</summary>
    public static class P4
    {
        /// <summary>
        /// Gradient-norm clipping: the gradient scaled by min(1, c / ‖gradient‖₂), so its norm is at most c and its
        /// direction is unchanged.
        /// </summary>
        /// <param name="gradient">Every parameter's gradient in one vector, shape (P).</param>
        /// <param name="maxNorm">The threshold c &gt; 0.</param>
        /// <returns>The clipped gradient, shape (P).</returns>
        public static Vector<double> clip_gradient(Vector<double> gradient, double maxNorm)
        {
            // BEGIN SOLUTION p4.clip_gradient
            double norm = gradient.L2Norm();
            return norm <= maxNorm ? gradient.Clone() : gradient * (maxNorm / norm);
            // END SOLUTION
        }
    }
}
