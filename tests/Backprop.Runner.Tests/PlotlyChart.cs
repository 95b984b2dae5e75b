using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Backprop.Runner.Tests;

/// <summary>
/// The data and layout of one chart, read back from the HTML that Plotly.NET writes for it (<c>var data = [...]</c> and
/// <c>var layout = {...}</c> inside its script), so a test can check what the chart draws, not only that it was drawn.
/// </summary>
/// <param name="Traces">The traces, in drawing order.</param>
/// <param name="Layout">The chart's layout object.</param>
public sealed record PlotlyChart(IReadOnlyList<JsonObject> Traces, JsonObject Layout)
{
    /// <summary>Reads the first chart in <paramref name="html"/>; throws naming what is missing.</summary>
    /// <param name="html">A chart's HTML, as a cell's text/html output holds it.</param>
    public static PlotlyChart Read(string html)
    {
        var data = JsonAfter(html, "var data = ") as JsonArray ?? throw new FormatException("The chart's data is not a JSON array.");
        var layout = JsonAfter(html, "var layout = ") as JsonObject ?? throw new FormatException("The chart's layout is not a JSON object.");
        return new PlotlyChart(data.OfType<JsonObject>().ToArray(), layout);
    }

    /// <summary>The axis type of "xaxis" or "yaxis" ("log", "linear"; Plotly's default "-" when unset means linear for numbers).</summary>
    /// <param name="axis">"xaxis" or "yaxis".</param>
    public string AxisType(string axis) => Layout[axis]?["type"]?.GetValue<string>() ?? "-";

    /// <summary>The title text of "xaxis" or "yaxis", or "" when it has none.</summary>
    /// <param name="axis">"xaxis" or "yaxis".</param>
    public string AxisTitle(string axis) => Layout[axis]?["title"]?["text"]?.GetValue<string>() ?? "";

    /// <summary>A trace's numbers along "x" or "y" (empty when it has none there).</summary>
    /// <param name="trace">The trace.</param>
    /// <param name="axis">"x" or "y".</param>
    public static double[] Values(JsonObject trace, string axis) =>
        trace[axis] is JsonArray values ? values.Select(v => v!.GetValue<double>()).ToArray() : [];

    private static JsonNode? JsonAfter(string html, string marker)
    {
        int start = html.IndexOf(marker, StringComparison.Ordinal);
        if (start < 0)
        {
            throw new FormatException($"No '{marker.Trim()}' in the chart's HTML: is it a Plotly.NET chart?");
        }

        var bytes = Encoding.UTF8.GetBytes(html[(start + marker.Length)..]);
        var reader = new Utf8JsonReader(bytes, isFinalBlock: false, state: default);
        if (!JsonDocument.TryParseValue(ref reader, out var document))
        {
            throw new FormatException($"The JSON after '{marker.Trim()}' does not parse.");
        }

        using (document)
        {
            return JsonNode.Parse(document.RootElement.GetRawText());
        }
    }
}
