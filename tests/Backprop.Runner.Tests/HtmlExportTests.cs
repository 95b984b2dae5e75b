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
        // Outside the embedded plotly.js and KaTeX (whose only URLs are the SVG and MathML namespace names), no script
        // mentions a URL (Plotly.NET.Interactive's require.js/CDN loader, a CDN copy of KaTeX or MathJax).
        Assert.DoesNotMatch(@"id=""katex-js"">[^<]*https?://(?!www\.w3\.org/)", page);
        var withoutBundle = KatexBundle().Replace(PlotlyBundle().Replace(page, ""), "");
        foreach (Match script in Script().Matches(withoutBundle))
        {
            Assert.DoesNotMatch(Url(), script.Value);
        }
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void KaTeX_is_embedded_once_and_every_formula_of_the_notebook_is_a_math_element(string notebook)
    {
        var page = Page(notebook);
        int formulas = SafeMarkdownTests.MarkdownCells(notebook).Sum(SafeMarkdownTests.FormulaCount);

        Assert.Equal(1, Regex.Count(page, "<script id=\"katex-js\">"));
        Assert.Equal(1, Regex.Count(page, "<style id=\"katex-css\">"));
        // Markdown cells only: outputs (a check's text, code) hold no formulas in the course notebooks.
        Assert.Equal(formulas, Regex.Count(page, "<(span|div) class=\"math\""));
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void A_notebook_with_charts_carries_plotly_js_once_and_the_page_does_not_repeat_it(string notebook)
    {
        var executed = File.ReadAllText(Path.Combine(runs.ExportFolder, notebook));

        // A notebook with charts shows plotly.js once (the library package's kernel extension, under the first cell),
        // for Jupyter and VS Code without a network; the page has it in its head instead.
        int copies = Regex.Count(executed, "id=\\\\\"plotly-js-offline\\\\\"");
        Assert.Equal(Regex.IsMatch(executed, "var renderPlotly_") ? 1 : copies, copies);
        Assert.True(copies <= 1, $"{notebook} carries plotly.js {copies} times");
        Assert.DoesNotContain(HtmlExporter.OfflinePlotlyMarker, Page(notebook));
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Check_results_show_as_plain_text_tables_through_the_library_packages_kernel_extension(string notebook)
    {
        // No notebook registers a formatter: the extension in Backprop.Kernel's package does, when the first cell loads it.
        Assert.DoesNotContain("Formatter.Register", File.ReadAllText(Path.Combine(CourseNotebookRuns.NotebookFolder, notebook)));
        var shown = runs.Runs[notebook].Document!.Elements
            .Where(cell => cell.Contents.TrimStart().StartsWith("Check.", StringComparison.Ordinal))
            .SelectMany(cell => cell.Outputs.OfType<Microsoft.DotNet.Interactive.Documents.ReturnValueElement>())
            .ToList();

        Assert.NotEmpty(shown);
        Assert.All(shown, output => Assert.Equal(["text/plain"], output.Data.Keys));
        Assert.All(shown, output => Assert.Matches(@"^p\d\.\w+ ", output.Data["text/plain"].ToString()));
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

    [GeneratedRegex("""<script id="katex-js">.*?</script>""", RegexOptions.Singleline)]
    private static partial Regex KatexBundle();

    [GeneratedRegex("<script.*?</script>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Script();

    [GeneratedRegex("var data = \\[[^\\n]*\"fill\":\"tonexty\"")]
    private static partial Regex BandTrace();

    [GeneratedRegex("https?://")]
    private static partial Regex Url();
}
