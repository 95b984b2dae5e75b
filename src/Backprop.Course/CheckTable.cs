using System.Globalization;
using Backprop.Kernel;
using Spectre.Console;

namespace Backprop.Course;

/// <summary>A derivative-check report as a Spectre.Console table, for a terminal: the verdict in green or red.</summary>
internal static class CheckTable
{
    /// <summary>The table of <paramref name="report"/>, with the same columns as its plain-text form.</summary>
    public static Table Of(GradCheckReport report)
    {
        var table = new Table { Title = new TableTitle(Markup.Escape(report.Title)), Border = TableBorder.Rounded };
        table.AddColumns("derivative", "shape", "entries", "max rel. error", "worst at", "a (analytic)", "n (numeric)", "result");
        foreach (var r in report)
        {
            table.AddRow(
                new Text(r.Name),
                new Text(r.Shape),
                new Text(r.EntriesChecked.ToString(CultureInfo.InvariantCulture)),
                new Text(r.MaxRelativeError.ToString("0.00e+00", CultureInfo.InvariantCulture)),
                new Text(r.WorstIndex),
                new Text(r.Analytic.ToString("0.000000e+00", CultureInfo.InvariantCulture)),
                new Text(r.Numeric.ToString("0.000000e+00", CultureInfo.InvariantCulture)),
                r.Passed ? new Markup("[green]pass[/]") : new Markup($"[red bold]FAIL[/] (> {r.Threshold.ToString("0e+00", CultureInfo.InvariantCulture)})"));
        }

        table.Caption = new TableTitle(report.AllPassed ? $"all {report.Count} checks passed" : $"{report.Count(r => !r.Passed)} of {report.Count} checks FAILED");
        return table;
    }
}
