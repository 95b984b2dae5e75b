namespace Backprop.Kernel;

/// <summary>One line of a notebook's closing table: a self-check or a gradient check, its largest relative error and its verdict.</summary>
/// <param name="Check">The item id of a self-check, e.g. "p2.dJ_dWr", or "GradCheck" for a check on the course instance.</param>
/// <param name="Derivative">The derivative, e.g. "∂J/∂Wr = …" or "dJ/dWr".</param>
/// <param name="Method">How it was checked, e.g. "self-check, 3 cases" or "central differences, 16 entries of M×M = 4×4".</param>
/// <param name="MaxRelativeError">The largest error of the check by the one <see cref="Checking.PassRule"/>, for self-checks and GradCheck alike.</param>
/// <param name="Passed">True when the check passed.</param>
public sealed record CheckSummaryRow(string Check, string Derivative, string Method, double MaxRelativeError, bool Passed)
{
    /// <summary>The row of a self-check of an answer cell.</summary>
    /// <param name="verdict">What <c>Check.P1</c> … <c>Check.P4</c> returned.</param>
    public static CheckSummaryRow From(CheckVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        return new(verdict.Item, verdict.Title, $"self-check, {verdict.Cases.Count} cases", verdict.MaxRelativeError, verdict.Passed);
    }

    /// <summary>The row of a central-difference check made with <see cref="GradCheck"/>.</summary>
    /// <param name="result">What <see cref="GradCheck.Compare(string, MathNet.Numerics.LinearAlgebra.Matrix{double}, MathNet.Numerics.LinearAlgebra.Matrix{double}, Func{double}, GradCheckOptions?, string?)"/> returned.</param>
    public static CheckSummaryRow From(GradCheckResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new("GradCheck", result.Name, $"central differences, {result.EntriesChecked} entries of {result.Shape}", result.MaxRelativeError, result.Passed);
    }
}
