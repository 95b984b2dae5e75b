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
        var rows = results.OrderBy(r => r.Name, StringComparer.Ordinal).Select(result =>
        {
            var byId = result.Items.ToDictionary(i => i.Id);
            return (IReadOnlyList<object>)[result.Name, .. auto.Select(id => (object)(byId.TryGetValue(id, out var i) ? i.Score : 0.0)), result.Score];
        });
        return SpreadsheetCsv.Write([.. auto.Prepend("student").Append("total")], rows);
    }
}
