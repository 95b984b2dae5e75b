using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Kernel.Checking;

/// <summary>Every quantity of one recurrent case (<see cref="CheckItems.Recurrent"/>), indexed by the maths' t.</summary>
/// <param name="We">W^e, shape M×N.</param>
/// <param name="Wr">W^r, shape M×M.</param>
/// <param name="Wu">W^u, shape N×M.</param>
/// <param name="Trace">The forward pass: x_t, g_t, h_t, s, p, y.</param>
/// <param name="Dhs">∂J/∂h_t for t = 0..T by central differences, shape (T+1)×(M).</param>
/// <param name="Step">The step t a one-step item of this spec is asked about, 1..T.</param>
/// <param name="Description">Sizes and step, e.g. "N=8 M=4 T=3, t=2".</param>
public sealed record RecurrentCase(Matrix<double> We, Matrix<double> Wr, Matrix<double> Wu, RnnTrace Trace, IReadOnlyList<Vector<double>> Dhs, int Step, string Description);
