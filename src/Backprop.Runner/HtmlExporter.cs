using System.Net;
using System.Text;
using Backprop.Kernel.Interactive;
using Backprop.Runner.Markdown;
using Microsoft.DotNet.Interactive.Documents;

namespace Backprop.Runner;

/// <summary>
/// Writes an executed notebook as one self-contained HTML page that works offline: markdown rendered by Markdig with
/// its maths by the vendored KaTeX, code, outputs, and charts; plotly.js and KaTeX (fonts inlined) are embedded once
/// in the page, and nothing is loaded from the network.
/// </summary>
public static class HtmlExporter
{
    /// <summary>The HTML page for <paramref name="run"/>.</summary>
    public static string ToHtml(NotebookRun run)
    {
        var body = new StringBuilder();
        var document = run.Document;
        var failedCell = run.Failure?.CellNumber;
        if (document is not null)
        {
            int number = 0;
            foreach (var cell in document.Elements)
            {
                number++;
                if (cell.KernelName is "markdown" or "md")
                {
                    body.Append("<section class=\"markdown\">\n").Append(SafeMarkdown.ToHtml(cell.Contents)).Append("</section>\n");
                    continue;
                }

                string status = number == failedCell ? " failed" : cell.ExecutionOrder == 0 ? " not-run" : "";
                body.Append($"<section class=\"code{status}\" id=\"cell-{number}\">\n");
                body.Append($"<div class=\"prompt\">[{(cell.ExecutionOrder == 0 ? " " : cell.ExecutionOrder.ToString(System.Globalization.CultureInfo.InvariantCulture))}]</div>\n");
                body.Append("<pre class=\"source\"><code>").Append(WebUtility.HtmlEncode(cell.Contents)).Append("</code></pre>\n");
                foreach (var output in cell.Outputs)
                {
                    body.Append(Output(output));
                }

                body.Append("</section>\n");
            }
        }

        var content = body.ToString();
        bool hasCharts = content.Contains("Plotly.newPlot", StringComparison.Ordinal) || content.Contains("Plotly.react", StringComparison.Ordinal);
        var plotly = hasCharts ? PlotlyScript.Load() : null;

        var page = new StringBuilder();
        page.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        page.Append("<title>").Append(WebUtility.HtmlEncode(Path.GetFileNameWithoutExtension(run.Name))).Append("</title>\n");
        page.Append("<style>\n").Append(Style).Append("</style>\n");
        if (plotly is not null)
        {
            page.Append("<script type=\"text/javascript\" id=\"plotly-js\">\n").Append(plotly).Append("\n</script>\n");
        }

        if (content.Contains("class=\"math\"", StringComparison.Ordinal))
        {
            page.Append(KatexAssets.HeadElements);
        }

        page.Append("</head>\n<body>\n<main>\n");
        page.Append(Summary(run));
        page.Append(content);
        page.Append("</main>\n</body>\n</html>\n");
        return page.ToString();
    }

    private static string Summary(NotebookRun run)
    {
        var text = new StringBuilder("<div class=\"run-summary\">");
        text.Append(WebUtility.HtmlEncode($"Run by backprop run: {run.Runs.Count} code cells in {run.Elapsed.TotalSeconds:0.0} s; "));
        text.Append(WebUtility.HtmlEncode(run.Checks.Count == 0 ? "no checks." : $"{run.Checks.Count(c => c.Passed)} of {run.Checks.Count} checks passed."));
        foreach (var problem in run.Problems())
        {
            text.Append("<div class=\"problem\">").Append(WebUtility.HtmlEncode(problem)).Append("</div>");
        }

        return text.Append("</div>\n").ToString();
    }

    private static string Output(InteractiveDocumentOutputElement output) => output switch
    {
        ReturnValueElement r => Data(r.Data),
        DisplayElement d => Data(d.Data),
        TextElement t => $"<pre class=\"output {WebUtility.HtmlEncode(t.Name)}\">{WebUtility.HtmlEncode(t.Text)}</pre>\n",
        ErrorElement e => $"<pre class=\"output error\">{WebUtility.HtmlEncode($"{e.ErrorName}: {e.ErrorValue}")}</pre>\n",
        _ => "",
    };

    private static string Data(IDictionary<string, object> data)
    {
        if (data.TryGetValue("text/html", out var html) && html.ToString()?.Contains(OfflinePlotlyMarker, StringComparison.Ordinal) == true)
        {
            // The notebook's own copy of plotly.js for Jupyter and VS Code: this page has it once in its head instead.
            return "<div class=\"output note\">(plotly.js for the charts below: embedded once in this page's head)</div>\n";
        }

        if (data.TryGetValue("text/html", out html))
        {
            return $"<div class=\"output html\">{html}</div>\n";
        }

        if (data.TryGetValue("text/markdown", out var markdown))
        {
            return $"<div class=\"output\">{SafeMarkdown.ToHtml(markdown.ToString() ?? "")}</div>\n";
        }

        return data.TryGetValue("text/plain", out var text)
            ? $"<pre class=\"output\">{WebUtility.HtmlEncode(text.ToString() ?? "")}</pre>\n"
            : "";
    }

    /// <summary>The id of the script element in which a notebook shows plotly.js once, for its charts (the course kernel extension writes it).</summary>
    public const string OfflinePlotlyMarker = $"id=\"{CourseKernelExtension.PlotlyScriptId}\"";

    private const string Style = """
        body { font-family: system-ui, sans-serif; line-height: 1.5; margin: 0; background: #fafafa; color: #222; }
        main { max-width: 60rem; margin: 0 auto; padding: 1rem 2rem 4rem; background: #fff; }
        section { margin: 0.8rem 0; }
        section.code { border-left: 3px solid #9ab; padding-left: 0.8rem; position: relative; }
        section.code.failed { border-left-color: #c33; }
        section.code.not-run { opacity: 0.6; }
        .prompt { color: #678; font: 0.8rem monospace; }
        pre { background: #f4f6f8; padding: 0.6rem; overflow-x: auto; font-size: 0.85rem; }
        pre.source { background: #eef2f6; }
        div.output.html { overflow-x: auto; }
        pre.error { background: #fdecec; color: #900; }
        pre.stderr { background: #fff6e0; }
        div.math { margin: 0.6rem 0; overflow-x: auto; }
        blockquote { margin: 0.6rem 0; padding: 0.1rem 1rem; border-left: 3px solid #ccd; color: #445; }
        pre.raw-html { background: none; padding: 0; font-size: 0.9rem; white-space: pre-wrap; }
        table { border-collapse: collapse; margin: 0.5rem 0; }
        th, td { border: 1px solid #ccd; padding: 0.2rem 0.5rem; text-align: left; }
        .run-summary { font-size: 0.9rem; color: #456; border-bottom: 1px solid #dde; padding-bottom: 0.5rem; }
        .problem { color: #c33; }
        .note { color: #678; font-size: 0.85rem; }
        """;
}
