using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Kernel;

/// <summary>The boxed derivatives of a recurrent model, one property each; dhs is indexed by t = 0..T.</summary>
/// <param name="ds">∂J/∂s, shape (N).</param>
/// <param name="dWu">∂J/∂Wu, shape (N×M).</param>
/// <param name="dhs">∂J/∂h_t for t = 0..T, shape (T+1)×(M).</param>
/// <param name="dWr">∂J/∂Wr, shape (M×M).</param>
/// <param name="dWe">∂J/∂We, shape (M×N).</param>
public sealed record RnnGradients(
    Vector<double> ds,
    Matrix<double> dWu,
    IReadOnlyList<Vector<double>> dhs,
    Matrix<double> dWr,
    Matrix<double> dWe);
