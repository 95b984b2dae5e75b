using System.Globalization;
using System.Text;

namespace Backprop.Grading.Reports.Class;

/// <summary>similarity.csv: one row per pair and matching item, with both cells side by side.</summary>
public static class SimilarityCsv
{
    /// <summary>The CSV text (a header only when no pair stands out).</summary>
    /// <param name="pairs">The pairs, from <see cref="SimilarityFinder.Find"/>.</param>
    public static string Render(IEnumerable<SimilarPair> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var csv = new StringBuilder("submission_a,submission_b,item,why,shared_fingerprints,overlap,cell_a,cell_b\n");
        foreach (var pair in pairs)
        {
            foreach (var item in pair.Items)
            {
                csv.AppendLine(string.Join(",",
                    ItemsCsv.Cell(pair.First), ItemsCsv.Cell(pair.Second), ItemsCsv.Cell(item.Item), ItemsCsv.Cell(item.Why),
                    item.Shared.ToString(CultureInfo.InvariantCulture), item.Overlap.ToString("0.00", CultureInfo.InvariantCulture),
                    ItemsCsv.Cell(Bounded(item.FirstCell)), ItemsCsv.Cell(Bounded(item.SecondCell))));
            }
        }

        return csv.ToString();
    }

    /// <summary>A cell's text cut to a size a spreadsheet and a page can show.</summary>
    /// <param name="code">The cell.</param>
    public static string Bounded(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return code.Length > 4000 ? code[..4000] + "\n…" : code;
    }
}
