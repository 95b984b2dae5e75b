using System.Text.Json;
using System.Text.Json.Nodes;

namespace Backprop.Runner.Tests;

/// <summary>
/// The charts that carry a conclusion in notebooks 03 and 04 draw what their text says: which trace type and
/// orientation, which quantity on which axis, log or linear, and the axis titles. Each such cell is marked
/// <c>// chart: ID</c>; the test reads the chart's data back from the executed notebook's HTML output.
/// </summary>
[Collection(NotebookCollection.Name)]
public sealed class ConcludingChartTests(CourseNotebookRuns runs)
{
    /// <summary>What one concluding chart must draw.</summary>
    /// <param name="Notebook">The notebook's file name.</param>
    /// <param name="Id">The ID in the cell's <c>// chart: ID</c> marker.</param>
    /// <param name="XTitle">Text the x-axis title contains.</param>
    /// <param name="YTitle">Text the y-axis title contains.</param>
    /// <param name="YLog">True for a log y-axis, false for a linear one.</param>
    /// <param name="Data">Further checks on the traces; each returns a problem or null.</param>
    public sealed record Expectation(string Notebook, string Id, string XTitle, string YTitle, bool YLog, Func<PlotlyChart, string?> Data)
    {
        public override string ToString() => $"{Notebook} · {Id}";
    }

    internal static readonly Expectation[] Expectations =
    [
        new("03-vanishing-gradients.ipynb", "wr-changes", "step t", "when step t is added", YLog: true, StepsOnXSizesOnY),
        new("03-vanishing-gradients.ipynb", "rate-against-rho", "spectral radius", "decades per step", YLog: false,
            chart => chart.Traces.Any(t => PlotlyChart.Values(t, "x").SequenceEqual([0.25, 0.5, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 2.0, 2.5, 3.0, 4.0])) ? null : "no trace has the twelve radii on x"),
        new("03-vanishing-gradients.ipynb", "gradient-panel", "t (", "norm (log scale", YLog: true, LinesOnly),
        new("04-long-range-learning.ipynb", "accuracy-T10", "update (T = 10)", "test accuracy", YLog: false, AccuracyCurves),
        new("04-long-range-learning.ipynb", "accuracy-T20", "update (T = 20)", "test accuracy", YLog: false, AccuracyCurves),
        new("04-long-range-learning.ipynb", "wr-shares", "step t (T = 20", "share of the changes in ∂J/∂Wr", YLog: true, LinesOnly),
    ];

    public static TheoryData<string> Charts() => new(Expectations.Select(e => e.ToString()));

    [Theory]
    [MemberData(nameof(Charts))]
    public void Each_concluding_chart_draws_what_its_text_reads(string chart)
    {
        var expectation = Expectations.Single(e => e.ToString() == chart);
        var html = ChartHtml(expectation.Notebook, expectation.Id);
        Assert.Empty(Problems(PlotlyChart.Read(html), expectation));
    }

    internal static List<string> Problems(PlotlyChart chart, Expectation expectation)
    {
        var problems = new List<string>();
        if (!chart.AxisTitle("xaxis").Contains(expectation.XTitle, StringComparison.Ordinal))
        {
            problems.Add($"x-axis title '{chart.AxisTitle("xaxis")}' does not contain '{expectation.XTitle}'");
        }

        if (!chart.AxisTitle("yaxis").Contains(expectation.YTitle, StringComparison.Ordinal))
        {
            problems.Add($"y-axis title '{chart.AxisTitle("yaxis")}' does not contain '{expectation.YTitle}'");
        }

        string yType = chart.AxisType("yaxis");
        if (expectation.YLog != (yType == "log"))
        {
            problems.Add($"y-axis type is '{yType}', expected {(expectation.YLog ? "log" : "linear")}");
        }

        if (chart.AxisType("xaxis") == "log")
        {
            problems.Add("x-axis is log");
        }

        if (chart.Traces.Count == 0)
        {
            problems.Add("no traces");
        }

        if (expectation.Data(chart) is { } problem)
        {
            problems.Add(problem);
        }

        return problems;
    }

    /// <summary>Vertical bars: the steps 2..T on x, in order, and positive sizes on y.</summary>
    private static string? StepsOnXSizesOnY(PlotlyChart chart)
    {
        var problems = new List<string>();
        foreach (var trace in chart.Traces)
        {
            string type = trace["type"]?.GetValue<string>() ?? "";
            string orientation = trace["orientation"]?.GetValue<string>() ?? "v";
            if (type != "bar" || orientation != "v")
            {
                problems.Add($"trace '{trace["name"]}' is type '{type}' with orientation '{orientation}', expected vertical bars (orientation v)");
            }

            var x = PlotlyChart.Values(trace, "x");
            if (x.Length < 2 || x[0] != 2 || x.Zip(x.Skip(1)).Any(p => p.Second != p.First + 1))
            {
                problems.Add($"trace '{trace["name"]}' does not have the steps 2, 3, … on x (x starts {string.Join(", ", x.Take(3))})");
            }

            if (PlotlyChart.Values(trace, "y").Any(v => !(v > 0)))
            {
                problems.Add($"trace '{trace["name"]}' has a size ≤ 0 on y");
            }
        }

        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    private static string? LinesOnly(PlotlyChart chart) =>
        chart.Traces.All(t => t["type"]?.GetValue<string>() == "scatter" && PlotlyChart.Values(t, "x").Length == PlotlyChart.Values(t, "y").Length)
            ? null : "expected line traces with as many x as y values";

    private static string? AccuracyCurves(PlotlyChart chart)
    {
        if (LinesOnly(chart) is { } problem)
        {
            return problem;
        }

        var range = chart.Layout["yaxis"]?["range"] as JsonArray;
        if (range is null || range[0]!.GetValue<double>() != 0 || range[1]!.GetValue<double>() < 1)
        {
            return "the accuracy axis does not run from 0 to at least 1";
        }

        var accuracies = chart.Traces.SelectMany(t => PlotlyChart.Values(t, "y")).ToArray();
        if (accuracies.Any(a => a is < 0 or > 1))
        {
            return "an accuracy outside [0, 1] on y";
        }

        return chart.Traces.Any(t => (t["name"]?.GetValue<string>() ?? "").StartsWith("chance", StringComparison.Ordinal)) ? null : "no chance line";
    }

    private string ChartHtml(string notebook, string id)
    {
        var path = Path.Combine(runs.ExportFolder, notebook);
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var cell = json.RootElement.GetProperty("cells").EnumerateArray()
            .Where(c => c.GetProperty("cell_type").GetString() == "code")
            .Single(c => string.Concat(c.GetProperty("source").EnumerateArray().Select(s => s.GetString())).Contains($"// chart: {id}\n", StringComparison.Ordinal));
        return cell.GetProperty("outputs").EnumerateArray()
            .Where(o => o.TryGetProperty("data", out var data) && data.TryGetProperty("text/html", out _))
            .Select(o => o.GetProperty("data").GetProperty("text/html") is var h && h.ValueKind == JsonValueKind.Array
                ? string.Concat(h.EnumerateArray().Select(s => s.GetString())) : h.GetString()!)
            .Single(html => html.Contains("var data = ", StringComparison.Ordinal));
    }

}

/// <summary>The concluding-chart check itself, on two fixtures: it must fail on the chart it was written to catch.</summary>
public sealed class ConcludingChartCheckTests
{
    /// <summary>
    /// Notebook 03's ∂J/∂Wr step-by-step chart as it was drawn on main 4f59c59, with Chart.Bar (Plotly's horizontal bars: the
    /// sizes on the x-axis, the steps on the log y-axis), fails the check; drawn with Chart.Column, as now, it passes.
    /// Both fixtures were written by Plotly.NET 6.0.0 from the same numbers and axis styles; their trace name and y-axis
    /// title were later edited by hand to the notebook's current wording.
    /// </summary>
    [Fact]
    public void The_terms_chart_check_fails_on_horizontal_bars_and_passes_on_columns()
    {
        var expectation = ConcludingChartTests.Expectations.Single(e => e.Id == "wr-changes");
        var horizontal = ConcludingChartTests.Problems(PlotlyChart.Read(File.ReadAllText(Fixture("wr-changes-chart-bar.html"))), expectation);
        Assert.Contains(horizontal, p => p.Contains("orientation", StringComparison.Ordinal));
        Assert.Contains(horizontal, p => p.Contains("steps", StringComparison.Ordinal));
        Assert.Empty(ConcludingChartTests.Problems(PlotlyChart.Read(File.ReadAllText(Fixture("wr-changes-chart-column.html"))), expectation));
    }

    private static string Fixture(string name) => Path.Combine(CourseNotebookRuns.Layout.Root, "tests", "Backprop.Runner.Tests", "Fixtures", "charts", name);
}
