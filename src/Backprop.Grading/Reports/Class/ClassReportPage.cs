using System.Globalization;
using System.Net;
using System.Text.Json;
using Backprop.Grading.Scoring;
using Scriban;
using Scriban.Runtime;

namespace Backprop.Grading.Reports.Class;

/// <summary>
/// report.html: what the class got wrong, on one self-contained page (plotly.js embedded once, no network), rendered
/// from the Scriban template <c>ClassReportPage.sbn-html</c> beside this file. Every number is also in a data- attribute,
/// so tests and scripts can read the page without scraping prose. Everything a student wrote (names, code) goes
/// through the template's <c>e</c> (HTML escaping); numbers are formatted here, invariantly.
/// </summary>
public static class ClassReportPage
{
    private static readonly Template Page = Load();

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
        double max = results.Count == 0 ? 0 : results.Max(r => r.MaxScore);
        var totals = results.Select(r => r.Score).Order().ToArray();
        var model = new ScriptObject
        {
            ["plotly"] = plotlyJs,
            ["count"] = results.Count,
            ["mean"] = N(Mean(totals)),
            ["median"] = N(Median(totals)),
            ["max"] = N(max),
            ["items"] = items.Select(Item).ToArray(),
            ["pairs"] = pairs.Select(Pair).ToArray(),
            ["written"] = WrittenResultsSection.Render(results),
            ["students"] = results.OrderBy(r => r.Name, StringComparer.Ordinal).Select(r => Student(r, items, feedbackFolder)).ToArray(),
        };
        AddCharts(model, totals, max, items);
        model.Import("e", new Func<string, string>(WebUtility.HtmlEncode));
        // No size limits: plotly.js alone is 3.5 MB (past Scriban's 1 MB string limit), and a class may have more than 1,000 students.
        var context = new TemplateContext { StrictVariables = true, MemberRenamer = m => m.Name, EnableRelaxedMemberAccess = false, LimitToString = 0, LoopLimit = 0 };
        context.PushGlobal(model);
        return Page.Render(context);
    }

    private static Template Load()
    {
        using var stream = typeof(ClassReportPage).Assembly.GetManifestResourceStream("ClassReportPage.sbn-html")
            ?? throw new InvalidOperationException("ClassReportPage.sbn-html is not embedded in the grader.");
        using var reader = new StreamReader(stream);
        var template = Template.Parse(reader.ReadToEnd(), "ClassReportPage.sbn-html");
        return template.HasErrors ? throw new InvalidOperationException("ClassReportPage.sbn-html: " + string.Join("; ", template.Messages)) : template;
    }

    private static void AddCharts(ScriptObject model, double[] totals, double max, IReadOnlyList<ItemSummary> items)
    {
        var scores = new object[] { new { type = "histogram", x = totals, xbins = new { start = -0.5, end = max + 0.5, size = Math.Max(1, Math.Round(max / 18)) }, marker = new { color = "#4c78a8" } } };
        var scoresLayout = new { xaxis = new { title = new { text = "total (auto-graded points)" }, range = new[] { -1, max + 1 } }, yaxis = new { title = new { text = "submissions" } }, margin = new { t = 10 } };
        var rates = new object[] { new { type = "bar", x = items.Select(i => i.Id).ToArray(), y = items.Select(i => Math.Round(100 * i.PassRate, 1)).ToArray(), marker = new { color = "#54a24b" } } };
        var ratesLayout = new { yaxis = new { title = new { text = "passed (%)" }, range = new[] { 0, 100 } }, margin = new { t = 10, b = 120 } };
        // The same function naming as Plotly.NET's pages, so eng/check-offline-html.sh counts the charts it expects.
        model["scores_json"] = Json(scores);
        model["scores_layout_json"] = Json(scoresLayout);
        model["rates_json"] = Json(rates);
        model["rates_layout_json"] = Json(ratesLayout);
    }

    private static ScriptObject Item(ItemSummary item) => new()
    {
        ["id"] = item.Id,
        ["title"] = item.Title,
        ["passed"] = item.Passed,
        ["submissions"] = item.Submissions,
        ["unnamed_wrong"] = item.UnnamedWrong,
        ["missing"] = item.Missing,
        ["pass_percent"] = (100 * item.PassRate).ToString("0", CultureInfo.InvariantCulture),
        ["hardest"] = item.HardestCase is { } hardest ? new ScriptObject { ["name"] = hardest.Case, ["count"] = hardest.Count } : null,
        ["mistakes"] = item.Mistakes.Select(m => new ScriptObject { ["name"] = m.Name, ["count"] = m.Count, ["example"] = SimilarityCsv.Bounded(m.Example) }).ToArray(),
        ["causes"] = new[] { ("Compile errors", "compile", item.CompileErrors), ("Timeouts and crashes", "run", item.RunFailures) }
            .Where(g => g.Item3.Count > 0)
            .Select(g => new ScriptObject { ["title"] = g.Item1, ["kind"] = g.Item2, ["causes"] = g.Item3.Select(c => new ScriptObject { ["cause"] = c.Cause, ["count"] = c.Count }).ToArray() }).ToArray(),
    };

    private static ScriptObject Pair(SimilarPair pair) => new()
    {
        ["first"] = pair.First,
        ["second"] = pair.Second,
        ["shared"] = pair.Shared,
        ["items"] = pair.Items.Select(i => new ScriptObject
        {
            ["item"] = i.Item, ["why"] = i.Why, ["overlap"] = i.Overlap.ToString("0.00", CultureInfo.InvariantCulture),
            ["first_cell"] = SimilarityCsv.Bounded(i.FirstCell), ["second_cell"] = SimilarityCsv.Bounded(i.SecondCell),
        }).ToArray(),
    };

    private static ScriptObject Student(SubmissionResult result, IReadOnlyList<ItemSummary> items, Func<string, string> feedbackFolder) => new()
    {
        ["name"] = result.Name,
        ["link"] = string.Join('/', feedbackFolder(result.Name).Split('/').Select(Uri.EscapeDataString)) + "/feedback.md",
        ["score"] = N(result.Score),
        ["cells"] = items.Select(item => result.Items.FirstOrDefault(i => i.Id == item.Id) is { } graded ? N(graded.Score) : "").ToArray(),
    };

    private static string Json(object value) => JsonSerializer.Serialize(value).Replace("</", "<\\/", StringComparison.Ordinal);

    private static string N(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static double Mean(double[] values) => values.Length == 0 ? 0 : values.Average();

    private static double Median(double[] sorted) =>
        sorted.Length == 0 ? 0 : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}
