using Markdig;
using Markdig.Extensions.Mathematics;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Renderers.Html.Inlines;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Backprop.Runner.Markdown;

/// <summary>
/// Markdown (CommonMark with pipe tables and <c>$…$</c> / <c>$$…$$</c> maths) to HTML that is safe to show in a page,
/// even when a student wrote it: raw HTML is shown as text (HTML comments, e.g. solution markers, are dropped), and a
/// link or image may only point at http(s), mailto, an anchor or a relative path. Formulas become
/// <c>&lt;span class="math"&gt;</c> / <c>&lt;div class="math"&gt;</c> elements holding the escaped TeX, which the
/// page's KaTeX (see <see cref="KatexAssets"/>) turns into rendered maths.
/// </summary>
public static class SafeMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseMathematics()
        .Build();

    /// <summary>The HTML for <paramref name="markdown"/> (a fragment: no page, no scripts).</summary>
    /// <param name="markdown">Markdown from any source, trusted or not.</param>
    /// <param name="notebookLinksToHtml">When true, a relative link to <c>NAME.ipynb</c> becomes <c>NAME.html</c>, the sibling page.</param>
    public static string ToHtml(string markdown, bool notebookLinksToHtml = true)
    {
        var document = Markdig.Markdown.Parse(InlineMathOnOneLine(DisplayMathOnOwnLines(markdown ?? "")), Pipeline);
        foreach (var link in document.Descendants<LinkInline>())
        {
            link.Url = SafeUrl(link.Url, notebookLinksToHtml);
            // A remote image would be a network request: show it as a link instead.
            if (link.IsImage && IsRemote(link.Url))
            {
                link.IsImage = false;
            }
        }

        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        Replace<HtmlBlockRenderer>(renderer, new RawHtmlBlockAsText());
        Replace<HtmlInlineRenderer>(renderer, new RawHtmlInlineAsText());
        Replace<AutolinkInlineRenderer>(renderer, new SafeAutolink());
        Replace<HtmlMathInlineRenderer>(renderer, new MathInlineForKatex());
        Replace<HtmlMathBlockRenderer>(renderer, new MathBlockForKatex());
        renderer.Render(document);
        writer.Flush();
        return writer.ToString();
    }

    /// <summary>
    /// A display formula written as <c>$$…$$</c> from the start of a line to the end of a (possibly later) line gets its
    /// <c>$$</c> on lines of their own, so that Markdig reads it as one maths block; inside a paragraph Markdig would
    /// read a formula that spans lines as text. Fenced code is left alone.
    /// </summary>
    internal static string DisplayMathOnOwnLines(string markdown)
    {
        var lines = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var result = new List<string>(lines.Length + 8);
        string? fence = null;
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var trimmed = line.TrimStart();
            if (KeptAsFencedCode(line, ref fence, result))
            {
                continue;
            }

            int end = trimmed.StartsWith("$$", StringComparison.Ordinal) && trimmed.TrimEnd() != "$$" ? ClosingLine(lines, i) : -1;
            if (end < 0)
            {
                result.Add(line);
                continue;
            }

            var indent = line[..(line.Length - trimmed.Length)];
            var body = string.Join('\n', lines[i..(end + 1)]).Trim();
            result.Add(indent + "$$");
            result.Add(indent + body[2..^2].Trim());
            result.Add(indent + "$$");
            i = end;
        }

        return string.Join('\n', result);
    }

    /// <summary>
    /// Fenced code is left as it is: true when <paramref name="line"/> opens, continues or closes a fence (``` or ~~~), in
    /// which case it has been added to <paramref name="result"/> unchanged.
    /// </summary>
    private static bool KeptAsFencedCode(string line, ref string? fence, List<string> result)
    {
        var trimmed = line.TrimStart();
        if (fence is not null)
        {
            fence = trimmed.StartsWith(fence, StringComparison.Ordinal) ? null : fence;
        }
        else if (trimmed.StartsWith("```", StringComparison.Ordinal) || trimmed.StartsWith("~~~", StringComparison.Ordinal))
        {
            fence = trimmed[..3];
        }
        else
        {
            return false;
        }

        result.Add(line);
        return true;
    }

    /// <summary>
    /// An inline formula <c>$…$</c> that a paragraph wraps over a line break is put on one line (the break becomes a
    /// space), because Markdig reads <c>$</c> only up to the end of a line: otherwise the formula stays raw TeX and a
    /// <c>\,</c> in it turns into a comma. A line is joined to the next only when the formula opened on it closes on one
    /// of the next <see cref="MaxJoinedLines"/> lines of the same paragraph; code spans, <c>\$</c> and fenced code are
    /// left alone.
    /// </summary>
    internal static string InlineMathOnOneLine(string markdown)
    {
        var lines = markdown.Split('\n');
        var result = new List<string>(lines.Length);
        string? fence = null;
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (KeptAsFencedCode(line, ref fence, result))
            {
                continue;
            }

            if (EndsInsideInlineMath(line))
            {
                var joined = line;
                for (int j = i + 1; j < lines.Length && j <= i + MaxJoinedLines && lines[j].Trim().Length > 0; j++)
                {
                    joined += " " + lines[j].Trim();
                    if (!EndsInsideInlineMath(joined))
                    {
                        line = joined;
                        i = j;
                        break;
                    }
                }
            }

            result.Add(line);
        }

        return string.Join('\n', result);
    }

    /// <summary>At most this many line breaks are removed from one inline formula (the course's formulas need one).</summary>
    internal const int MaxJoinedLines = 3;

    // Whether a single-$ formula is still open at the end of `line` (code spans, \$ and $$…$$ are skipped).
    private static bool EndsInsideInlineMath(string line)
    {
        bool inMath = false;
        for (int k = 0; k < line.Length; k++)
        {
            char c = line[k];
            if (c == '\\')
            {
                k++;
            }
            else if (c == '`' && !inMath)
            {
                int run = 1;
                while (k + run < line.Length && line[k + run] == '`')
                {
                    run++;
                }

                int close = line.IndexOf(new string('`', run), k + run, StringComparison.Ordinal);
                k = close < 0 ? k + run - 1 : close + run - 1;
            }
            else if (c == '$' && k + 1 < line.Length && line[k + 1] == '$')
            {
                int close = line.IndexOf("$$", k + 2, StringComparison.Ordinal);
                k = close < 0 ? line.Length : close + 1;
            }
            else if (c == '$')
            {
                inMath = !inMath;
            }
        }

        return inMath;
    }

    // The line (from `start` on) that ends with the closing $$ of a formula opened at the start of line `start`, or -1
    // when the formula is not alone on its lines (text after it, another formula on the line, or no closing $$).
    private static int ClosingLine(string[] lines, int start)
    {
        var text = lines[start].Trim()[2..];
        for (int i = start; i < lines.Length; i++)
        {
            if (i > start)
            {
                if (lines[i].Trim().Length == 0)
                {
                    return -1;
                }

                text += "\n" + lines[i].Trim();
            }

            int close = text.IndexOf("$$", StringComparison.Ordinal);
            if (close >= 0)
            {
                return close == text.Length - 2 ? i : -1;
            }
        }

        return -1;
    }

    private static void Replace<TOld>(HtmlRenderer renderer, IMarkdownObjectRenderer replacement)
    {
        int index = renderer.ObjectRenderers.FindIndex(r => r is TOld);
        if (index < 0)
        {
            throw new InvalidOperationException($"Markdig has no {typeof(TOld).Name}; SafeMarkdown supports Markdig 1.6.0 (see Directory.Packages.props).");
        }

        renderer.ObjectRenderers[index] = replacement;
    }

    private static bool IsRemote(string? url) =>
        url is not null && (url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
                            || url.StartsWith("//", StringComparison.Ordinal));

    // Allowed: http(s), mailto, #anchor, and relative paths (no scheme before the first '/', '?' or '#').
    internal static string SafeUrl(string? url, bool notebookLinksToHtml)
    {
        var trimmed = (url ?? "").Trim();
        int colon = trimmed.IndexOf(':', StringComparison.Ordinal);
        int firstSeparator = trimmed.IndexOfAny(['/', '?', '#']);
        bool hasScheme = colon >= 0 && (firstSeparator < 0 || colon < firstSeparator);
        if (hasScheme)
        {
            var scheme = trimmed[..colon].ToLowerInvariant();
            return scheme is "http" or "https" or "mailto" ? trimmed : "#";
        }

        if (notebookLinksToHtml && !trimmed.StartsWith("//", StringComparison.Ordinal))
        {
            int end = trimmed.IndexOfAny(['?', '#']);
            var path = end < 0 ? trimmed : trimmed[..end];
            if (path.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase))
            {
                return path[..^".ipynb".Length] + ".html" + (end < 0 ? "" : trimmed[end..]);
            }
        }

        return trimmed;
    }

    /// <summary>Raw HTML blocks are shown as text; comments (solution and answer markers) are left out.</summary>
    private sealed class RawHtmlBlockAsText : HtmlObjectRenderer<HtmlBlock>
    {
        protected override void Write(HtmlRenderer renderer, HtmlBlock block)
        {
            if (block.Type == HtmlBlockType.Comment)
            {
                return;
            }

            renderer.Write("<pre class=\"raw-html\">");
            renderer.WriteEscape(string.Join('\n', block.Lines.Lines.Take(block.Lines.Count).Select(l => l.Slice.ToString())));
            renderer.WriteLine("</pre>");
        }
    }

    /// <summary>Inline raw HTML is shown as text; an inline comment is left out.</summary>
    private sealed class RawHtmlInlineAsText : HtmlObjectRenderer<HtmlInline>
    {
        protected override void Write(HtmlRenderer renderer, HtmlInline inline)
        {
            if (!inline.Tag.StartsWith("<!--", StringComparison.Ordinal))
            {
                renderer.WriteEscape(inline.Tag);
            }
        }
    }

    /// <summary>An autolink with a safe scheme is a link; any other (e.g. &lt;javascript:…&gt;) is text.</summary>
    private sealed class SafeAutolink : HtmlObjectRenderer<AutolinkInline>
    {
        protected override void Write(HtmlRenderer renderer, AutolinkInline link)
        {
            var url = link.IsEmail ? "mailto:" + link.Url : SafeUrl(link.Url, notebookLinksToHtml: false);
            if (url == "#")
            {
                renderer.WriteEscape("<" + link.Url + ">");
                return;
            }

            renderer.Write("<a href=\"").WriteEscapeUrl(url).Write("\">").WriteEscape(link.Url).Write("</a>");
        }
    }

    /// <summary><c>$x$</c> (and <c>$$x$$</c> inside a paragraph) as a span holding the escaped TeX.</summary>
    private sealed class MathInlineForKatex : HtmlObjectRenderer<MathInline>
    {
        protected override void Write(HtmlRenderer renderer, MathInline math)
        {
            var display = math.DelimiterCount >= 2 ? "true" : "false";
            renderer.Write($"<span class=\"math\" data-display=\"{display}\">").WriteEscape(ref math.Content).Write("</span>");
        }
    }

    /// <summary>A <c>$$ … $$</c> block as a div holding the escaped TeX.</summary>
    private sealed class MathBlockForKatex : HtmlObjectRenderer<MathBlock>
    {
        protected override void Write(HtmlRenderer renderer, MathBlock math)
        {
            renderer.Write("<div class=\"math\" data-display=\"true\">");
            renderer.WriteEscape(string.Join('\n', math.Lines.Lines.Take(math.Lines.Count).Select(l => l.Slice.ToString())));
            renderer.WriteLine("</div>");
        }
    }
}
