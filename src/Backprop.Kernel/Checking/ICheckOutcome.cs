namespace Backprop.Kernel;

/// <summary>
/// A check's verdict as <c>backprop run</c> counts it: a GradCheck result or report, a self-check verdict, a summary.
/// </summary>
public interface ICheckOutcome
{
    /// <summary>What was checked, e.g. "p2.dJ_dWr  ∂J/∂Wr" or "dJ/dWr".</summary>
    string Name { get; }

    /// <summary>True when the check passed.</summary>
    bool Passed { get; }

    /// <summary>The largest error (<see cref="Checking.PassRule"/>), or NaN when the check has none.</summary>
    double MaxRelativeError { get; }
}
