using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Kernel;

/// <summary>The boxed derivatives of problem 1, one property each.</summary>
/// <param name="ds">∂J/∂s = y − p, shape (N).</param>
/// <param name="dh">∂J/∂h = Wuᵀ ∂J/∂s, shape (M).</param>
/// <param name="dWu">∂J/∂Wu = (∂J/∂s) hᵀ, shape (N×M).</param>
/// <param name="dWe">∂J/∂We = (∂J/∂h) xᵀ, shape (M×N).</param>
public sealed record WordMlpGradients(Vector<double> ds, Vector<double> dh, Matrix<double> dWu, Matrix<double> dWe);
