using System.Globalization;

namespace Backprop.Grading.Reports.Class;

/// <summary>similarity.csv: one row per pair and matching item, with both cells side by side.</summary>
public static class SimilarityCsv
{
    /// <summary>The CSV text (a header only when no pair stands out).</summary>
    /// <param name="pairs">The pairs, from <see cref="SimilarityFinder.Find"/>.</param>
    public static string Render(IEnumerable<SimilarPair> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var rows = pairs.SelectMany(pair => pair.Items.Select(item => (IReadOnlyList<object>)
            [pair.First, pair.Second, item.Item, item.Why, (double)item.Shared, item.Overlap.ToString("0.00", CultureInfo.InvariantCulture), Bounded(item.FirstCell), Bounded(item.SecondCell)]));
        return SpreadsheetCsv.Write(["submission_a", "submission_b", "item", "why", "shared_fingerprints", "overlap", "cell_a", "cell_b"], rows);
    }

    /// <summary>A cell's text cut to a size a spreadsheet and a page can show.</summary>
    /// <param name="code">The cell.</param>
    public static string Bounded(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return code.Length > 4000 ? code[..4000] + "\n…" : code;
    }
}
