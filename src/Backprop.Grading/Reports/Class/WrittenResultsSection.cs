using System.Globalization;
using System.Net;
using System.Text;
using Backprop.Grading.Scoring;
using Backprop.Grading.Written;
using Backprop.Kernel.Written;

namespace Backprop.Grading.Reports.Class;

/// <summary>
/// The class report's section on written derivations: per item, how many boxed results agree, which named mistakes the
/// wrong ones make, and how many were left to hand grading or had no boxed result.
/// </summary>
public static class WrittenResultsSection
{
    /// <summary>The section's HTML, or an empty string when no written item was checked.</summary>
    /// <param name="results">The graded submissions.</param>
    public static string Render(IReadOnlyList<SubmissionResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var checkedItems = results.SelectMany(r => r.Items).Where(i => i.Written is not null).GroupBy(i => i.Id).ToArray();
        if (checkedItems.Length == 0)
        {
            return "";
        }

        var html = new StringBuilder();
        html.AppendLine("<h2>Written results, checked automatically</h2>");
        html.AppendLine("<p class=\"muted\">The boxed result of each derivation, evaluated on the items' cases. The derivations themselves are graded by hand.</p>");
        html.AppendLine("<table id=\"written\"><tr><th>item</th><th>agrees</th><th>wrong, by named mistake</th><th>wrong, unnamed</th><th>hand grading</th><th>no boxed result</th></tr>");
        foreach (var group in checkedItems)
        {
            var verdicts = group.Select(i => i.Written!).ToArray();
            int Count(WrittenStatus status) => verdicts.Count(v => v.Status == status);
            var named = verdicts.Where(v => v.Status == WrittenStatus.Wrong && v.Mistake is not null).GroupBy(v => v.Mistake!)
                .OrderByDescending(g => g.Count()).Select(g => $"{E(g.Key)}: {g.Count()}");
            html.AppendLine(CultureInfo.InvariantCulture,
                $"<tr class=\"written\" data-item=\"{E(group.Key)}\"><td><code>{E(group.Key)}</code></td><td>{Count(WrittenStatus.Agrees)}</td><td>{string.Join("<br>", named)}</td>"
                + $"<td>{verdicts.Count(v => v.Status == WrittenStatus.Wrong && v.Mistake is null)}</td><td>{Count(WrittenStatus.HandGrading)}</td><td>{Count(WrittenStatus.NoResult)}</td></tr>");
        }

        html.AppendLine("</table>");
        return html.ToString();
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
