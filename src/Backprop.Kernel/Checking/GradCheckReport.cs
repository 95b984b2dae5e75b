using System.Collections;
using System.Globalization;

namespace Backprop.Kernel;

/// <summary>A titled list of derivative checks that prints as a table and reads as data.</summary>
public sealed class GradCheckReport : IReadOnlyList<GradCheckResult>, ICheckOutcome
{
    private readonly GradCheckResult[] _results;

    /// <summary>Creates a report from checks already run.</summary>
    /// <param name="title">What was checked, e.g. "Problem 2: tanh RNN".</param>
    /// <param name="results">One result per derivative.</param>
    public GradCheckReport(string title, IEnumerable<GradCheckResult> results)
    {
        Title = title;
        _results = results.ToArray();
    }

    /// <summary>What was checked.</summary>
    public string Title { get; }

    /// <summary>True when every check passed (and there was at least one).</summary>
    public bool AllPassed => _results.Length > 0 && _results.All(r => r.Passed);

    /// <inheritdoc/>
    string ICheckOutcome.Name => Title;

    /// <inheritdoc/>
    bool ICheckOutcome.Passed => AllPassed;

    /// <summary>The largest relative error over every check.</summary>
    public double MaxRelativeError => _results.Length == 0 ? double.NaN : _results.Max(r => r.MaxRelativeError);

    /// <inheritdoc/>
    public int Count => _results.Length;

    /// <inheritdoc/>
    public GradCheckResult this[int index] => _results[index];

    /// <summary>The check of the derivative called <paramref name="name"/>.</summary>
    public GradCheckResult this[string name] =>
        _results.FirstOrDefault(r => r.Name == name)
        ?? throw new KeyNotFoundException($"No check called \"{name}\". This report has: {string.Join(", ", _results.Select(r => r.Name))}.");

    /// <inheritdoc/>
    public IEnumerator<GradCheckResult> GetEnumerator() => ((IEnumerable<GradCheckResult>)_results).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>A plain-text table: derivative, shape, entries, max relative error, worst index, verdict.</summary>
    public override string ToString()
    {
        string[] header = ["derivative", "shape", "entries", "max rel. error", "worst at", "a (analytic)", "n (numeric)", "result"];
        var rows = _results.Select(r => new[]
        {
            r.Name,
            r.Shape,
            r.EntriesChecked.ToString(CultureInfo.InvariantCulture),
            r.MaxRelativeError.ToString("0.00e+00", CultureInfo.InvariantCulture),
            r.WorstIndex,
            r.Analytic.ToString("0.000000e+00", CultureInfo.InvariantCulture),
            r.Numeric.ToString("0.000000e+00", CultureInfo.InvariantCulture),
            r.Passed ? "pass" : $"FAIL (> {r.Threshold:0e+00})",
        });
        return TextTable.Format(Title, header, rows, AllPassed ? $"all {Count} checks passed" : $"{_results.Count(r => !r.Passed)} of {Count} checks FAILED");
    }
}
