using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Kernel;

/// <summary>
/// The boxes a <see cref="BlendedRnn"/> backward pass is assembled from, with the signatures of the graded items, so a
/// notebook can pass a student's own functions: problem 1's output layer, the recurrence's one-step map and
/// problem 3's weight sum.
/// </summary>
/// <param name="dJ_ds">(y, p) ↦ ∂J/∂s, as p1.dJ_ds.</param>
/// <param name="dJ_dh">(Wu, ∂J/∂s) ↦ ∂J/∂h_T, as p1.dJ_dh.</param>
/// <param name="dJ_dWu">(∂J/∂s, h_T) ↦ ∂J/∂Wu, as p1.dJ_dWu.</param>
/// <param name="dJ_dhPrev">The recurrence's one-step map (Wr, g_t, ∂J/∂h_t) ↦ ∂J/∂h_{t−1}.</param>
/// <param name="dJ_dWr_residual">(gs, hs, ∂J/∂hs) ↦ ∂J/∂Wr of the residual recurrence, as p3.dJ_dWr_residual.</param>
public sealed record RecurrentBoxes(
    Func<Vector<double>, Vector<double>, Vector<double>> dJ_ds,
    Func<Matrix<double>, Vector<double>, Vector<double>> dJ_dh,
    Func<Vector<double>, Vector<double>, Matrix<double>> dJ_dWu,
    OneStepBackward dJ_dhPrev,
    Func<IReadOnlyList<Vector<double>>, IReadOnlyList<Vector<double>>, IReadOnlyList<Vector<double>>, Matrix<double>> dJ_dWr_residual)
{
    /// <summary>The library's boxes, with the one-step map of <paramref name="blend"/> (tanh, residual or leaky).</summary>
    /// <param name="blend">The recurrence.</param>
    public static RecurrentBoxes Library(Blend blend) =>
        new(Boxes.P1.dJ_ds, Boxes.P1.dJ_dh, Boxes.P1.dJ_dWu, LibraryStep(blend), Boxes.P3.dJ_dWr_residual);

    /// <summary>The library's one-step map for 3.1, 3.2 or a leaky recurrence; other blends have none.</summary>
    /// <param name="blend">The recurrence.</param>
    public static OneStepBackward LibraryStep(Blend blend)
    {
        ArgumentNullException.ThrowIfNull(blend);
        if (blend == Blend.Tanh)
        {
            return Boxes.P3.dJ_dhPrev_tanh;
        }

        if (blend == Blend.Residual)
        {
            return Boxes.P3.dJ_dhPrev_residual;
        }

        if (blend.IsLeaky)
        {
            return (Wr, g, dh) => Boxes.P3.dJ_dhPrev_leaky(Wr, g, dh, blend.Gain);
        }

        throw new ArgumentException($"The library has no one-step map for {blend.Name} (carry {blend.Carry}, gain {blend.Gain}); pass your own in RecurrentBoxes.", nameof(blend));
    }
}
