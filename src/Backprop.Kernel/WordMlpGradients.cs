using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Kernel;

/// <summary>The boxed derivatives of problem 1, one property each.</summary>
/// <param name="ds">∂J/∂s, shape (N).</param>
/// <param name="dh">∂J/∂h, shape (M).</param>
/// <param name="dWu">∂J/∂Wu, shape (N×M).</param>
/// <param name="dWe">∂J/∂We, shape (M×N).</param>
public sealed record WordMlpGradients(Vector<double> ds, Vector<double> dh, Matrix<double> dWu, Matrix<double> dWe);
