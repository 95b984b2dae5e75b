using System.Text.RegularExpressions;

namespace Backprop.Runner.Tests;

/// <summary>The exported pages are self-contained: plotly.js is embedded once, and no script comes from the network.</summary>
[Collection(NotebookCollection.Name)]
public sealed partial class HtmlExportTests(CourseNotebookRuns runs)
{
    public static TheoryData<string> Notebooks() => new(CourseNotebookRuns.NotebookNames);

    private string Page(string notebook) => File.ReadAllText(Path.Combine(runs.ExportFolder, Path.ChangeExtension(notebook, ".html")));

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Plotly_js_is_embedded_once_when_the_page_has_charts_and_not_at_all_otherwise(string notebook)
    {
        var page = Page(notebook);
        int charts = Regex.Count(page, "var renderPlotly_");
        int bundles = Regex.Count(page, @"\*\s*plotly\.js v\d");

        Assert.Equal(charts > 0 ? 1 : 0, bundles);
    }

    [Theory]
    [InlineData("02-rnn-bptt.ipynb")]
    [InlineData("03-vanishing-gradients.ipynb")]
    [InlineData("04-long-range-learning.ipynb")]
    public void The_chart_notebooks_export_their_charts(string notebook)
    {
        Assert.True(Regex.Count(Page(notebook), "var renderPlotly_") > 0, $"{notebook} has no chart in its export");
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void No_script_is_loaded_from_the_network(string notebook)
    {
        var page = Page(notebook);

        Assert.DoesNotMatch(ScriptFromNetwork(), page);
        // Outside the embedded plotly.js, no script mentions a URL (Plotly.NET.Interactive's require.js/CDN loader).
        var withoutBundle = PlotlyBundle().Replace(page, "");
        foreach (Match script in Script().Matches(withoutBundle))
        {
            Assert.DoesNotMatch(Url(), script.Value);
        }
    }

    [Fact]
    public void The_vanishing_gradients_page_draws_interquartile_bands()
    {
        // A filled band (a trace filled to the previous one) in a chart's data: the seed bands of notebook 03.
        Assert.Matches(BandTrace(), Page("03-vanishing-gradients.ipynb"));
    }

    [GeneratedRegex("""<script[^>]*\ssrc\s*=\s*["']?(https?:)?//""", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptFromNetwork();

    [GeneratedRegex("""<script type="text/javascript" id="plotly-js">.*?</script>""", RegexOptions.Singleline)]
    private static partial Regex PlotlyBundle();

    [GeneratedRegex("<script.*?</script>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Script();

    [GeneratedRegex("var data = \\[[^\\n]*\"fill\":\"tonexty\"")]
    private static partial Regex BandTrace();

    [GeneratedRegex("https?://")]
    private static partial Regex Url();
}
