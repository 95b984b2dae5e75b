using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Kernel;

/// <summary>One step back through a recurrence: (Wr, g_t, ∂J/∂h_t) ↦ ∂J/∂h_{t−1}, each vector shape (M).</summary>
public delegate Vector<double> OneStepBackward(Matrix<double> Wr, Vector<double> g_t, Vector<double> dJ_dh_t);

/// <summary>Back through every step: (one-step map, Wr, g_0 … g_T, ∂J/∂h_T) ↦ ∂J/∂h_0 … ∂J/∂h_T, indexed by t.</summary>
public delegate Vector<double>[] ChainBackward(OneStepBackward dJ_dhPrev, Matrix<double> Wr, IReadOnlyList<Vector<double>> gs, Vector<double> dJ_dhT);

/// <summary>Into one step's pre-activation: (g_t, ∂J/∂h_t) ↦ ∂J/∂g_t, each shape (M).</summary>
public delegate Vector<double> PreActivationBackward(Vector<double> g_t, Vector<double> dJ_dh_t);

/// <summary>A weight's gradient from a recurrent trace: (a list of the trace, gs, ∂J/∂h_0 … ∂J/∂h_T) ↦ ∂J/∂W.</summary>
public delegate Matrix<double> WeightSum(IReadOnlyList<Vector<double>> first, IReadOnlyList<Vector<double>> second, IReadOnlyList<Vector<double>> dJ_dhs);
