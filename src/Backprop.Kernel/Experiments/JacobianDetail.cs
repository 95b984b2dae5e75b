namespace Backprop.Kernel;

/// <summary>How much of the Jacobian product ∂h_T/∂h_t a <see cref="JacobianProbe"/> run builds.</summary>
public enum JacobianDetail
{
    /// <summary>None: only ∂J/∂h_t along one gradient (M times faster).</summary>
    None,

    /// <summary>Only ∂h_T/∂h_1: its singular values and the per-step rate.</summary>
    FirstStepOnly,

    /// <summary>‖∂h_T/∂h_t‖₂ at every t (an SVD per step).</summary>
    EveryStep,
}
