using System.Globalization;

namespace Backprop.Kernel;

/// <summary>The closing table of a notebook: every self-check and every gradient check it ran, one row each.</summary>
public sealed class CheckSummary : ICheckOutcome
{
    /// <summary>Collects the checks of one notebook.</summary>
    /// <param name="title">What was checked, e.g. "Notebook 01: the word model".</param>
    /// <param name="selfChecks">The verdicts of the answer cells' self-checks.</param>
    /// <param name="gradChecks">The gradient checks on the course instance.</param>
    public CheckSummary(string title, IEnumerable<CheckVerdict> selfChecks, IEnumerable<GradCheckResult> gradChecks)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(selfChecks);
        ArgumentNullException.ThrowIfNull(gradChecks);
        Title = title;
        Rows = selfChecks.Select(CheckSummaryRow.From).Concat(gradChecks.Select(CheckSummaryRow.From)).ToArray();
    }

    /// <summary>What was checked.</summary>
    public string Title { get; }

    /// <summary>The self-checks first, then the gradient checks, in the order given.</summary>
    public IReadOnlyList<CheckSummaryRow> Rows { get; }

    /// <inheritdoc/>
    string ICheckOutcome.Name => Title;

    /// <inheritdoc/>
    bool ICheckOutcome.Passed => AllPassed;

    /// <inheritdoc/>
    double ICheckOutcome.MaxRelativeError => Rows.Count == 0 ? double.NaN : Rows.Max(r => r.MaxRelativeError);

    /// <summary>True when there is at least one check and every check passed.</summary>
    public bool AllPassed => Rows.Count > 0 && Rows.All(r => r.Passed);

    /// <summary>A plain-text table (check, derivative, method, max relative error, result) and a closing verdict line.</summary>
    public override string ToString()
    {
        string[] header = ["check", "derivative", "method", "max rel. error", "result"];
        var rows = Rows.Select(r => new[]
        {
            r.Check,
            r.Derivative,
            r.Method,
            double.IsFinite(r.MaxRelativeError) ? r.MaxRelativeError.ToString("0.0e+00", CultureInfo.InvariantCulture) : "-",
            r.Passed ? "pass" : "FAIL",
        });
        return TextTable.Format(Title, header, rows, Rows.Count == 0 ? "no checks were run"
            : AllPassed ? $"all {Rows.Count} checks passed"
            : $"{Rows.Count(r => !r.Passed)} of {Rows.Count} checks FAILED");
    }
}
