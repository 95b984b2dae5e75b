using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Backprop.Runner;

/// <summary>
/// A small Markdown-to-HTML renderer for notebook text cells: headings, paragraphs, lists, block quotes, fenced code,
/// tables, emphasis, inline code and links. LaTeX ($…$ and $$…$$) stays as text, untouched by emphasis, so that
/// the exported page needs nothing from the network. Links to sibling notebooks (.ipynb) point at their HTML export.
/// </summary>
internal static partial class MarkdownRenderer
{
    /// <summary>The HTML for one markdown cell.</summary>
    public static string Render(string markdown)
    {
        var lines = markdown.Replace("\r\n", "\n").Split('\n');
        var html = new StringBuilder();
        var paragraph = new List<string>();
        int i = 0;

        void FlushParagraph()
        {
            if (paragraph.Count > 0)
            {
                html.Append("<p>").Append(Inline(string.Join("\n", paragraph))).Append("</p>\n");
                paragraph.Clear();
            }
        }

        while (i < lines.Length)
        {
            var line = lines[i];
            var trimmed = line.TrimStart();

            if (trimmed.StartsWith("```", StringComparison.Ordinal) || trimmed.StartsWith("~~~", StringComparison.Ordinal))
            {
                FlushParagraph();
                var fence = trimmed[..3];
                var code = new List<string>();
                for (i++; i < lines.Length && !lines[i].TrimStart().StartsWith(fence, StringComparison.Ordinal); i++)
                {
                    code.Add(lines[i]);
                }

                html.Append("<pre><code>").Append(WebUtility.HtmlEncode(string.Join("\n", code))).Append("</code></pre>\n");
                i++;
                continue;
            }

            if (trimmed.StartsWith("$$", StringComparison.Ordinal))
            {
                FlushParagraph();
                var math = new List<string> { line };
                if (!(trimmed.Length > 2 && trimmed.TrimEnd().EndsWith("$$", StringComparison.Ordinal) && trimmed.TrimEnd().Length >= 4))
                {
                    for (i++; i < lines.Length; i++)
                    {
                        math.Add(lines[i]);
                        if (lines[i].TrimEnd().EndsWith("$$", StringComparison.Ordinal))
                        {
                            break;
                        }
                    }
                }

                html.Append("<div class=\"math\">").Append(WebUtility.HtmlEncode(string.Join("\n", math))).Append("</div>\n");
                i++;
                continue;
            }

            if (string.IsNullOrWhiteSpace(line))
            {
                FlushParagraph();
                i++;
                continue;
            }

            if (Heading().Match(line) is { Success: true } heading)
            {
                FlushParagraph();
                int level = heading.Groups[1].Value.Length;
                html.Append($"<h{level}>").Append(Inline(heading.Groups[2].Value.Trim())).Append($"</h{level}>\n");
                i++;
                continue;
            }

            if (trimmed.StartsWith('|') && i + 1 < lines.Length && TableRule().IsMatch(lines[i + 1]))
            {
                FlushParagraph();
                html.Append("<table>\n<thead><tr>");
                foreach (var cell in Cells(line))
                {
                    html.Append("<th>").Append(Inline(cell)).Append("</th>");
                }

                html.Append("</tr></thead>\n<tbody>\n");
                for (i += 2; i < lines.Length && lines[i].TrimStart().StartsWith('|'); i++)
                {
                    html.Append("<tr>");
                    foreach (var cell in Cells(lines[i]))
                    {
                        html.Append("<td>").Append(Inline(cell)).Append("</td>");
                    }

                    html.Append("</tr>\n");
                }

                html.Append("</tbody></table>\n");
                continue;
            }

            if (ListItem().IsMatch(line))
            {
                FlushParagraph();
                bool ordered = char.IsDigit(trimmed[0]);
                html.Append(ordered ? "<ol>\n" : "<ul>\n");
                while (i < lines.Length && ListItem().Match(lines[i]) is { Success: true } item)
                {
                    var text = new StringBuilder(item.Groups[2].Value);
                    // Continuation lines: indented, not a new item.
                    for (i++; i < lines.Length && lines[i].StartsWith("  ", StringComparison.Ordinal) && !ListItem().IsMatch(lines[i]); i++)
                    {
                        text.Append('\n').Append(lines[i].Trim());
                    }

                    html.Append("<li>").Append(Inline(text.ToString())).Append("</li>\n");
                }

                html.Append(ordered ? "</ol>\n" : "</ul>\n");
                continue;
            }

            if (trimmed.StartsWith('>'))
            {
                FlushParagraph();
                var quote = new List<string>();
                for (; i < lines.Length && lines[i].TrimStart().StartsWith('>'); i++)
                {
                    quote.Add(lines[i].TrimStart()[1..].TrimStart());
                }

                html.Append("<blockquote>").Append(Render(string.Join("\n", quote))).Append("</blockquote>\n");
                continue;
            }

            if (HorizontalRule().IsMatch(line))
            {
                FlushParagraph();
                html.Append("<hr>\n");
                i++;
                continue;
            }

            paragraph.Add(line);
            i++;
        }

        FlushParagraph();
        return html.ToString();
    }

    private static IEnumerable<string> Cells(string row)
    {
        var inner = row.Trim();
        inner = inner.StartsWith('|') ? inner[1..] : inner;
        inner = inner.EndsWith('|') ? inner[..^1] : inner;
        return inner.Split('|').Select(c => c.Trim());
    }

    /// <summary>Inline markup: code spans and math are set aside first so that nothing inside them changes.</summary>
    private static string Inline(string text)
    {
        var kept = new List<string>();
        string Keep(string html)
        {
            kept.Add(html);
            return $"\u0001{kept.Count - 1}\u0002";
        }

        text = CodeSpan().Replace(text, m => Keep("<code>" + WebUtility.HtmlEncode(m.Groups[1].Value) + "</code>"));
        text = InlineMath().Replace(text, m => Keep("<span class=\"math\">" + WebUtility.HtmlEncode(m.Value) + "</span>"));
        text = HtmlComment().Replace(text, "");
        text = WebUtility.HtmlEncode(text);
        text = Image().Replace(text, m => Keep(ImageHtml(m.Groups[1].Value, WebUtility.HtmlDecode(m.Groups[2].Value))));
        text = Link().Replace(text, m => Keep($"<a href=\"{WebUtility.HtmlEncode(LinkTarget(WebUtility.HtmlDecode(m.Groups[2].Value)))}\">") + m.Groups[1].Value + Keep("</a>"));
        text = Bold().Replace(text, "<strong>$1</strong>");
        text = Italic().Replace(text, "<em>$1</em>");
        text = text.Replace("\n", " ");
        return Restore().Replace(text, m => kept[int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)]);
    }

    // Relative images only: an image from the network would break the offline page, so it becomes a link.
    private static string ImageHtml(string alt, string source) =>
        source.Contains("://", StringComparison.Ordinal)
            ? $"<a href=\"{WebUtility.HtmlEncode(source)}\">{alt}</a>"
            : $"<img alt=\"{alt}\" src=\"{WebUtility.HtmlEncode(source)}\">";

    private static string LinkTarget(string target) =>
        !target.Contains("://", StringComparison.Ordinal) && IpynbLink().IsMatch(target)
            ? IpynbLink().Replace(target, ".html$1")
            : target;

    [GeneratedRegex(@"^(#{1,6})\s+(.*)$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")]
    private static partial Regex TableRule();

    [GeneratedRegex(@"^\s{0,3}([-*+]|\d+[.)])\s+(.*)$")]
    private static partial Regex ListItem();

    [GeneratedRegex(@"^\s{0,3}([-*_])(\s*\1){2,}\s*$")]
    private static partial Regex HorizontalRule();

    [GeneratedRegex(@"`([^`]+)`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"\$\$.+?\$\$|\$[^$\n]+\$")]
    private static partial Regex InlineMath();

    [GeneratedRegex(@"<!--.*?-->", RegexOptions.Singleline)]
    private static partial Regex HtmlComment();

    [GeneratedRegex(@"!\[([^\]]*)\]\(([^)\s]+)\)")]
    private static partial Regex Image();

    [GeneratedRegex(@"\[([^\]]+)\]\(([^)\s]+)\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"\*\*(.+?)\*\*")]
    private static partial Regex Bold();

    [GeneratedRegex(@"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])")]
    private static partial Regex Italic();

    [GeneratedRegex(@"\.ipynb(#.*)?$")]
    private static partial Regex IpynbLink();

    [GeneratedRegex("\u0001(\\d+)\u0002")]
    private static partial Regex Restore();
}
