using System.Globalization;
using System.Text;
using Backprop.Kernel.Checking;

namespace Backprop.Kernel;

/// <summary>The outcome of checking one answer on several cases: a line per case, a verdict and, on failure, a hint.</summary>
/// <param name="Item">The item id, e.g. "p2.dJ_dWr".</param>
/// <param name="Title">The derivative, e.g. "∂J/∂Wr".</param>
/// <param name="Cases">One result per case.</param>
/// <param name="Hint">The row's first nudge: where to look when the answer does not match.</param>
/// <param name="Note">On failure, what to fix first: a used item (e.g. dJ_dg) whose own self-check failed or has not run; else null.</param>
public sealed record CheckVerdict(string Item, string Title, IReadOnlyList<CheckCaseResult> Cases, string Hint, string? Note = null) : ICheckOutcome
{
    /// <summary>True when every case matched.</summary>
    public bool Passed => Cases.Count > 0 && Cases.All(c => c.Passed);

    /// <inheritdoc/>
    string ICheckOutcome.Name => $"{Item}  {Title}";

    /// <summary>The largest error (<see cref="PassRule"/>) over the cases.</summary>
    public double MaxRelativeError => Cases.Count == 0 ? double.NaN : Cases.Max(c => c.RelativeError);

    /// <summary>What the cases' expected values are: central differences for a derivative, the instructor's values otherwise (clipping).</summary>
    private string Reference => CheckEngine.IsDerivative(Item) ? "central differences" : "the expected values";

    /// <summary>A few lines: each case with its relative error, then the verdict and, if it failed, the hint.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine($"{Item}  {Title}");
        foreach (var c in Cases)
        {
            string error = double.IsFinite(c.RelativeError) ? c.RelativeError.ToString("0.0e+00", CultureInfo.InvariantCulture) : "-";
            text.AppendLine($"  {c.Description,-22} rel. error {error,-9} {(c.Passed ? "ok" : "WRONG: " + c.Problem)}");
        }

        text.Append(Passed
            ? $"PASS: matches {Reference} on all {Cases.Count} cases."
            : $"FAIL: {Cases.Count(c => !c.Passed)} of {Cases.Count} cases differ. "
              + $"Hint: {Hint}"
              + (Note is null ? "" : Environment.NewLine + Note));
        return text.ToString();
    }
}
