using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Backprop.Grading.Scoring;

namespace Backprop.Grading.Reports.Class;

/// <summary>
/// report.html: what the class got wrong, on one self-contained page (plotly.js embedded once, no network). Every
/// number is also in a data- attribute, so tests and scripts can read the page without scraping prose. Everything a
/// student wrote (names, code) is HTML-escaped.
/// </summary>
public static class ClassReportPage
{
    /// <summary>The page's HTML.</summary>
    /// <param name="results">The graded submissions.</param>
    /// <param name="items">The per-item summaries.</param>
    /// <param name="pairs">The similar pairs.</param>
    /// <param name="feedbackFolder">The folder name of a submission's feedback, relative to the page.</param>
    /// <param name="plotlyJs">plotly.js, embedded once.</param>
    public static string Render(IReadOnlyList<SubmissionResult> results, IReadOnlyList<ItemSummary> items, IReadOnlyList<SimilarPair> pairs,
        Func<string, string> feedbackFolder, string plotlyJs)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(feedbackFolder);
        var html = new StringBuilder();
        double max = results.Count == 0 ? 0 : results.Max(r => r.MaxScore);
        var totals = results.Select(r => r.Score).Order().ToArray();
        html.AppendLine("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Class report</title>");
        html.AppendLine("<style>body{font-family:system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;line-height:1.4}"
            + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:left;vertical-align:top}"
            + "th[data-sort]{cursor:pointer;background:#f3f3f3}pre{background:#f7f7f7;padding:.5rem;overflow:auto;max-height:24rem;margin:0}"
            + ".pair{display:grid;grid-template-columns:1fr 1fr;gap:.5rem}.muted{color:#666}.chart{height:320px}</style>");
        html.Append("<script type=\"text/javascript\" id=\"plotly-js\">").Append(plotlyJs).AppendLine("</script></head><body>");

        html.AppendLine("<h1>Class report</h1>");
        html.AppendLine(CultureInfo.InvariantCulture, $"<p id=\"summary\" data-submissions=\"{results.Count}\">{results.Count} submissions; mean {Mean(totals):0.##}, median {Median(totals):0.##} of {max:0.##} auto-graded points. Written answers are graded by hand and not counted here.</p>");

        html.AppendLine("<h2>Total scores</h2><div id=\"scores\" class=\"chart\"></div>");
        html.AppendLine("<h2>Pass rate per item</h2><div id=\"pass-rates\" class=\"chart\"></div>");
        AppendCharts(html, totals, max, items);

        html.AppendLine("<h2>What went wrong, item by item</h2>");
        foreach (var item in items)
        {
            AppendItem(html, item);
        }

        html.Append(WrittenResultsSection.Render(results));
        AppendPairs(html, pairs);
        AppendStudents(html, results, items, feedbackFolder);
        html.AppendLine(SortScript);
        html.AppendLine("</body></html>");
        return html.ToString();
    }

    private static void AppendCharts(StringBuilder html, double[] totals, double max, IReadOnlyList<ItemSummary> items)
    {
        var scores = new object[] { new { type = "histogram", x = totals, xbins = new { start = -0.5, end = max + 0.5, size = Math.Max(1, Math.Round(max / 18)) }, marker = new { color = "#4c78a8" } } };
        var scoresLayout = new { xaxis = new { title = new { text = "total (auto-graded points)" }, range = new[] { -1, max + 1 } }, yaxis = new { title = new { text = "submissions" } }, margin = new { t = 10 } };
        var rates = new object[] { new { type = "bar", x = items.Select(i => i.Id).ToArray(), y = items.Select(i => Math.Round(100 * i.PassRate, 1)).ToArray(), marker = new { color = "#54a24b" } } };
        var ratesLayout = new { yaxis = new { title = new { text = "passed (%)" }, range = new[] { 0, 100 } }, margin = new { t = 10, b = 120 } };
        // The same function naming as Plotly.NET's pages, so eng/check-offline-html.sh counts the charts it expects.
        html.AppendLine("<script type=\"text/javascript\">");
        html.AppendLine(CultureInfo.InvariantCulture, $"var renderPlotly_scores = function() {{ Plotly.newPlot('scores', {Json(scores)}, {Json(scoresLayout)}, {{\"displayModeBar\": false, \"responsive\": true}}); }}; renderPlotly_scores();");
        html.AppendLine(CultureInfo.InvariantCulture, $"var renderPlotly_rates = function() {{ Plotly.newPlot('pass-rates', {Json(rates)}, {Json(ratesLayout)}, {{\"displayModeBar\": false, \"responsive\": true}}); }}; renderPlotly_rates();");
        html.AppendLine("</script>");
    }

    private static void AppendItem(StringBuilder html, ItemSummary item)
    {
        html.AppendLine(CultureInfo.InvariantCulture, $"<section class=\"item\" data-item=\"{E(item.Id)}\" data-passed=\"{item.Passed}\" data-submissions=\"{item.Submissions}\" data-unnamed-wrong=\"{item.UnnamedWrong}\" data-missing=\"{item.Missing}\">");
        html.AppendLine(CultureInfo.InvariantCulture, $"<h3><code>{E(item.Id)}</code> {E(item.Title)}</h3>");
        html.AppendLine(CultureInfo.InvariantCulture, $"<p>Passed: {item.Passed} of {item.Submissions} ({100 * item.PassRate:0}%).");
        if (item.HardestCase is { } hardest)
        {
            html.Append(CultureInfo.InvariantCulture, $" Hidden case failed most: <span class=\"hardest\" data-case=\"{E(hardest.Case)}\" data-count=\"{hardest.Count}\">{E(hardest.Case)}</span> (failed by {hardest.Count} of the wrong answers).");
        }

        html.AppendLine("</p>");
        if (item.Mistakes.Count > 0)
        {
            html.AppendLine("<table><tr><th>named mistake</th><th>students</th><th>one example (anonymised, comments removed)</th></tr>");
            foreach (var (name, count, example) in item.Mistakes)
            {
                html.AppendLine(CultureInfo.InvariantCulture, $"<tr class=\"mistake\" data-mistake=\"{E(name)}\" data-count=\"{count}\"><td>{E(name)}</td><td>{count}</td><td><pre>{E(SimilarityCsv.Bounded(example))}</pre></td></tr>");
            }

            html.AppendLine("</table>");
        }

        if (item.UnnamedWrong > 0)
        {
            html.AppendLine(CultureInfo.InvariantCulture, $"<p>Wrong without a named mistake: {item.UnnamedWrong}.</p>");
        }

        if (item.Missing > 0)
        {
            html.AppendLine(CultureInfo.InvariantCulture, $"<p>No answer cell (or conflicting ones): {item.Missing}.</p>");
        }

        AppendCauses(html, "Compile errors", "compile", item.CompileErrors);
        AppendCauses(html, "Timeouts and crashes", "run", item.RunFailures);
        html.AppendLine("</section>");
    }

    private static void AppendCauses(StringBuilder html, string title, string kind, IReadOnlyList<(string Cause, int Count)> causes)
    {
        if (causes.Count == 0)
        {
            return;
        }

        html.AppendLine(CultureInfo.InvariantCulture, $"<p>{title}, by cause:</p><ul>");
        foreach (var (cause, count) in causes)
        {
            html.AppendLine(CultureInfo.InvariantCulture, $"<li class=\"cause\" data-kind=\"{kind}\" data-count=\"{count}\">{E(cause)}: {count}</li>");
        }

        html.AppendLine("</ul>");
    }

    private static void AppendPairs(StringBuilder html, IReadOnlyList<SimilarPair> pairs)
    {
        html.AppendLine("<h2>Similar submissions</h2>");
        html.AppendLine("<p class=\"muted\">Evidence for a conversation, never a penalty. Listed: pairs whose answers share code that few others wrote "
            + "(identifiers, whitespace and comments ignored) on two or more items, or that share the same mistake. Correct answers to a short box are naturally alike and are not listed.</p>");
        if (pairs.Count == 0)
        {
            html.AppendLine("<p id=\"no-pairs\">No pair stands out.</p>");
        }

        foreach (var pair in pairs)
        {
            html.AppendLine(CultureInfo.InvariantCulture, $"<details class=\"similar\" data-first=\"{E(pair.First)}\" data-second=\"{E(pair.Second)}\"><summary>{E(pair.First)} and {E(pair.Second)}: {pair.Items.Count} item(s), {pair.Shared} shared fingerprints</summary>");
            foreach (var item in pair.Items)
            {
                html.AppendLine(CultureInfo.InvariantCulture, $"<p><code>{E(item.Item)}</code>: {E(item.Why)} (overlap {item.Overlap:0.00})</p>");
                html.AppendLine(CultureInfo.InvariantCulture, $"<div class=\"pair\"><pre>{E(SimilarityCsv.Bounded(item.FirstCell))}</pre><pre>{E(SimilarityCsv.Bounded(item.SecondCell))}</pre></div>");
            }

            html.AppendLine("</details>");
        }
    }

    private static void AppendStudents(StringBuilder html, IReadOnlyList<SubmissionResult> results, IReadOnlyList<ItemSummary> items, Func<string, string> feedbackFolder)
    {
        html.AppendLine("<h2>Students</h2><p class=\"muted\">Click a heading to sort.</p><table id=\"students\"><thead><tr><th data-sort=\"text\">submission</th><th data-sort=\"number\">total</th>");
        foreach (var item in items)
        {
            html.AppendLine(CultureInfo.InvariantCulture, $"<th data-sort=\"number\">{E(item.Id)}</th>");
        }

        html.AppendLine("</tr></thead><tbody>");
        foreach (var result in results.OrderBy(r => r.Name, StringComparer.Ordinal))
        {
            string link = string.Join('/', feedbackFolder(result.Name).Split('/').Select(Uri.EscapeDataString)) + "/feedback.md";
            html.Append(CultureInfo.InvariantCulture, $"<tr data-student=\"{E(result.Name)}\" data-score=\"{N(result.Score)}\"><td><a href=\"{E(link)}\">{E(result.Name)}</a></td><td>{N(result.Score)}</td>");
            foreach (var item in items)
            {
                var graded = result.Items.FirstOrDefault(i => i.Id == item.Id);
                html.Append(CultureInfo.InvariantCulture, $"<td>{(graded is null ? "" : N(graded.Score))}</td>");
            }

            html.AppendLine("</tr>");
        }

        html.AppendLine("</tbody></table>");
    }

    private const string SortScript = """
        <script type="text/javascript">
        document.querySelectorAll('#students th[data-sort]').forEach(function (th, column) {
          th.addEventListener('click', function () {
            var body = document.querySelector('#students tbody');
            var rows = Array.from(body.rows);
            var numeric = th.dataset.sort === 'number';
            var descending = th.dataset.order !== 'desc';
            th.dataset.order = descending ? 'desc' : 'asc';
            rows.sort(function (a, b) {
              var x = a.cells[column].textContent, y = b.cells[column].textContent;
              var order = numeric ? (parseFloat(x) || 0) - (parseFloat(y) || 0) : x.localeCompare(y);
              return descending ? -order : order;
            });
            rows.forEach(function (row) { body.appendChild(row); });
          });
        });
        </script>
        """;

    private static string Json(object value) => JsonSerializer.Serialize(value).Replace("</", "<\\/", StringComparison.Ordinal);

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string N(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static double Mean(double[] values) => values.Length == 0 ? 0 : values.Average();

    private static double Median(double[] sorted) =>
        sorted.Length == 0 ? 0 : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}
