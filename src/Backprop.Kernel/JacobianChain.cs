using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Kernel;

/// <summary>
/// Problem 3's chains: starting from ∂J/∂h_T, apply the one-step map of a recurrence back to t = 0.
/// Tanh (3.1) and residual (3.2) each have their own one-step map, the boxes of problem 3.
/// </summary>
public static class JacobianChain
{
    /// <summary>∂J/∂h_t for t = 0..T, computed with the one-step boxes of problem 3.</summary>
    /// <param name="recurrence">Which one-step map to apply.</param>
    /// <param name="Wr">Recurrent weights, shape (M×M).</param>
    /// <param name="gs">g_1 … g_T at gs[1..T] (gs[0] unused), each shape (M).</param>
    /// <param name="dJ_dhT">∂J/∂h_T, shape (M).</param>
    /// <returns>∂J/∂h_0 … ∂J/∂h_T, shape (T+1)×(M).</returns>
    public static Vector<double>[] Run(Recurrence recurrence, Matrix<double> Wr, IReadOnlyList<Vector<double>> gs, Vector<double> dJ_dhT) =>
        Run(recurrence == Recurrence.Residual ? Boxes.P3.dJ_dhPrev_residual : Boxes.P3.dJ_dhPrev_tanh, Wr, gs, dJ_dhT);

    /// <summary>∂J/∂h_t for t = 0..T, computed with any one-step map, such as a student's own answer.</summary>
    /// <param name="step">The one-step map (Wr, g_t, ∂J/∂h_t) ↦ ∂J/∂h_{t−1}.</param>
    /// <param name="Wr">Recurrent weights, shape (M×M).</param>
    /// <param name="gs">g_1 … g_T at gs[1..T] (gs[0] unused), each shape (M).</param>
    /// <param name="dJ_dhT">∂J/∂h_T, shape (M).</param>
    /// <returns>∂J/∂h_0 … ∂J/∂h_T, shape (T+1)×(M).</returns>
    public static Vector<double>[] Run(OneStepBackward step, Matrix<double> Wr, IReadOnlyList<Vector<double>> gs, Vector<double> dJ_dhT)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(gs);
        Guard.Shape(Wr, nameof(Wr), "M×M", Wr.RowCount, Wr.RowCount);
        Guard.Length(dJ_dhT, nameof(dJ_dhT), "M", Wr.RowCount);
        int T = gs.Count - 1;
        var dhs = new Vector<double>[T + 1];
        dhs[T] = dJ_dhT;
        for (int t = T; t >= 1; t--)
        {
            dhs[t - 1] = step(Wr, gs[t], dhs[t]);
        }

        return dhs;
    }
}
