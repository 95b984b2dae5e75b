using System.Globalization;
using System.Text;
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
        var auto = points.Where(p => !p.Manual).Select(p => p.Id).ToArray();
        var csv = new StringBuilder();
        csv.AppendLine(string.Join(",", new[] { "submission", "score", "max_score" }.Concat(auto).Append("mistakes").Append("problems").Select(Quote)));
        foreach (var result in results.OrderBy(r => r.Name, StringComparer.Ordinal))
        {
            var byId = result.Items.ToDictionary(i => i.Id);
            var cells = new List<string> { result.Name, Number(result.Score), Number(result.MaxScore) };
            cells.AddRange(auto.Select(id => byId.TryGetValue(id, out var i) ? Number(i.Score) : "0"));
            cells.Add(string.Join("; ", result.Items.Where(i => i.Mistake is not null).Select(i => $"{i.Id}: {i.Mistake}")));
            cells.Add(string.Join("; ", result.Problems));
            csv.AppendLine(string.Join(",", cells.Select(Quote)));
        }

        return csv.ToString();
    }

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Quote(string text) =>
        text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
}
