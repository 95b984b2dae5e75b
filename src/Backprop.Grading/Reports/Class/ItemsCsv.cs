using System.Globalization;
using System.Text;
using Backprop.Grading.Scoring;

namespace Backprop.Grading.Reports.Class;

/// <summary>
/// items.csv, for an LMS gradebook import: one row per student (the submission's name), one column per auto-graded
/// item with its points, and the total. Written answers are left out: they are graded by hand, and an empty column
/// would overwrite hand-entered marks on import.
/// </summary>
public static class ItemsCsv
{
    /// <summary>The CSV text, rows sorted by name.</summary>
    /// <param name="results">The graded submissions.</param>
    /// <param name="points">The items, for the columns.</param>
    public static string Render(IEnumerable<SubmissionResult> results, IReadOnlyList<ItemPoints> points)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(points);
        var auto = points.Where(p => !p.Manual).Select(p => p.Id).ToArray();
        var csv = new StringBuilder();
        csv.AppendLine(string.Join(",", auto.Prepend("student").Append("total").Select(Cell)));
        foreach (var result in results.OrderBy(r => r.Name, StringComparer.Ordinal))
        {
            var byId = result.Items.ToDictionary(i => i.Id);
            var cells = auto.Select(id => byId.TryGetValue(id, out var i) ? Number(i.Score) : "0").Prepend(Cell(result.Name)).Append(Number(result.Score));
            csv.AppendLine(string.Join(",", cells));
        }

        return csv.ToString();
    }

    /// <summary>A CSV cell: quoted when needed, and with a leading ' when a spreadsheet would read it as a formula.</summary>
    /// <param name="text">The text.</param>
    public static string Cell(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            text = "'" + text;
        }

        return text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
