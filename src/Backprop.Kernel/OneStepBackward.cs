using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Kernel;

/// <summary>One step back through a recurrence: (Wr, g_t, ∂J/∂h_t) ↦ ∂J/∂h_{t−1}, each vector shape (M).</summary>
public delegate Vector<double> OneStepBackward(Matrix<double> Wr, Vector<double> g_t, Vector<double> dJ_dh_t);

