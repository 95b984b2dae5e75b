using Backprop.Grading.Scoring;

namespace Backprop.Grading.Reports;

/// <summary>The gradebook CSV of a batch: one row per submission, the total, then one column per auto item and the named mistakes.</summary>
public static class Gradebook
{
    /// <summary>The CSV text, rows sorted by submission name.</summary>
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
            var cells = new List<object> { result.Name, result.Score, result.MaxScore };
            cells.AddRange(auto.Select(id => (object)(byId.TryGetValue(id, out var i) ? i.Score : 0.0)));
            cells.Add(string.Join("; ", result.Items.Where(i => i.Mistake is not null).Select(i => $"{i.Id}: {i.Mistake}")));
            cells.Add(string.Join("; ", result.Problems));
            return (IReadOnlyList<object>)cells;
        });
        return SpreadsheetCsv.Write([.. new[] { "submission", "score", "max_score" }.Concat(auto).Append("mistakes").Append("problems")], rows);
    }
}
