using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Kernel;

/// <summary>
/// The boxes one recurrent model's backward pass is made of, passed in as functions (a student's own, or
/// <see cref="Boxes.P3.For"/>), so that nothing outside the boxes differentiates.
/// </summary>
/// <param name="dJ_ds">(y, p) ↦ ∂J/∂s, as p1.dJ_ds.</param>
/// <param name="dJ_dh">(Wu, ∂J/∂s) ↦ ∂J/∂h_T, as p1.dJ_dh.</param>
/// <param name="dJ_dWu">(∂J/∂s, h_T) ↦ ∂J/∂Wu, as p1.dJ_dWu.</param>
/// <param name="dJ_dhPrev">The recurrence's one-step map (Wr, g_t, ∂J/∂h_t) ↦ ∂J/∂h_{t−1}.</param>
/// <param name="dJ_dhs">The chain (one-step map, Wr, gs, ∂J/∂h_T) ↦ ∂J/∂h_0 … ∂J/∂h_T.</param>
/// <param name="dJ_dg">The recurrence's (g_t, ∂J/∂h_t) ↦ ∂J/∂g_t.</param>
/// <param name="dJ_dWr">The recurrence's (gs, hs, ∂J/∂hs) ↦ ∂J/∂Wr.</param>
/// <param name="dJ_dWe">The recurrence's (xs, gs, ∂J/∂hs) ↦ ∂J/∂We.</param>
public sealed record RecurrentBoxes(
    Func<Vector<double>, Vector<double>, Vector<double>> dJ_ds,
    Func<Matrix<double>, Vector<double>, Vector<double>> dJ_dh,
    Func<Vector<double>, Vector<double>, Matrix<double>> dJ_dWu,
    OneStepBackward dJ_dhPrev,
    ChainBackward dJ_dhs,
    PreActivationBackward dJ_dg,
    WeightGradient dJ_dWr,
    WeightGradient dJ_dWe);

/// <summary>Back through every step: (one-step map, Wr, g_0 … g_T, ∂J/∂h_T) ↦ ∂J/∂h_0 … ∂J/∂h_T, indexed by t.</summary>
public delegate Vector<double>[] ChainBackward(OneStepBackward dJ_dhPrev, Matrix<double> Wr, IReadOnlyList<Vector<double>> gs, Vector<double> dJ_dhT);

/// <summary>Into one step's pre-activation: (g_t, ∂J/∂h_t) ↦ ∂J/∂g_t, each shape (M).</summary>
public delegate Vector<double> PreActivationBackward(Vector<double> g_t, Vector<double> dJ_dh_t);

/// <summary>A weight's gradient from a recurrent trace: (a list of the trace, gs, ∂J/∂h_0 … ∂J/∂h_T) ↦ ∂J/∂W.</summary>
public delegate Matrix<double> WeightGradient(IReadOnlyList<Vector<double>> first, IReadOnlyList<Vector<double>> second, IReadOnlyList<Vector<double>> dJ_dhs);
