namespace Backprop.Kernel;

/// <summary>The outcome of checking one derivative against central differences.</summary>
/// <param name="Name">The derivative, e.g. "dJ/dWr".</param>
/// <param name="Shape">Its shape with letters, e.g. "M×M = 4×4".</param>
/// <param name="EntriesChecked">How many entries were compared.</param>
/// <param name="MaxRelativeError">The largest entry error of the <see cref="Checking.PassRule"/>.</param>
/// <param name="WorstIndex">Where that maximum is, e.g. "[2,1]".</param>
/// <param name="Analytic">The analytic value a at the worst index.</param>
/// <param name="Numeric">The central-difference value n at the worst index.</param>
/// <param name="Threshold">The largest relative error that passes.</param>
public sealed record GradCheckResult(
    string Name,
    string Shape,
    int EntriesChecked,
    double MaxRelativeError,
    string WorstIndex,
    double Analytic,
    double Numeric,
    double Threshold) : ICheckOutcome
{
    /// <summary>True when the maximum relative error is finite and at most the threshold.</summary>
    public bool Passed => MaxRelativeError <= Threshold;
}
