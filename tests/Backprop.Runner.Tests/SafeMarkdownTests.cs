using System.Text.Json;
using System.Text.RegularExpressions;
using Backprop.Runner.Markdown;

namespace Backprop.Runner.Tests;

/// <summary>Markdig with the maths extension: structure, escaping, safe links, and one .math element per formula.</summary>
public sealed partial class SafeMarkdownTests
{
    [Fact]
    public void Headings_paragraphs_lists_and_blockquotes_become_their_elements()
    {
        var html = SafeMarkdown.ToHtml("## Step 1\n\nThe **forward** pass.\n\n- one\n- two\n\n1. first\n2. second\n\n> quoted *text*");

        Assert.Contains("<h2>Step 1</h2>", html);
        Assert.Contains("<p>The <strong>forward</strong> pass.</p>", html);
        Assert.Contains("<ul>\n<li>one</li>\n<li>two</li>\n</ul>", html);
        Assert.Contains("<ol>\n<li>first</li>\n<li>second</li>\n</ol>", html);
        Assert.Contains("<blockquote>\n<p>quoted <em>text</em></p>\n</blockquote>", html);
    }

    [Fact]
    public void Formulas_become_math_elements_with_their_TeX_escaped_and_untouched_by_emphasis()
    {
        var html = SafeMarkdown.ToHtml("Here $a*b*c$ and $x<y$.\n\n$$\n\\frac{\\partial J}{\\partial s} = y - p\n$$");

        Assert.Contains("<span class=\"math\" data-display=\"false\">a*b*c</span>", html);
        Assert.Contains("<span class=\"math\" data-display=\"false\">x&lt;y</span>", html);
        Assert.Contains("<div class=\"math\" data-display=\"true\">\\frac{\\partial J}{\\partial s} = y - p</div>", html);
        Assert.DoesNotContain("<em>", html);
    }

    [Fact]
    public void A_display_formula_spanning_lines_inside_a_paragraph_is_one_formula()
    {
        var html = SafeMarkdown.ToHtml("so\n\n$$a = b\n= c,\n\\qquad d$$\n\nand $$e$$ inline, then\n\n```\n$$not maths$$\n```");

        Assert.Contains("<div class=\"math\" data-display=\"true\">a = b\n= c,\n\\qquad d</div>", html);
        Assert.Contains("<span class=\"math\" data-display=\"true\">e</span>", html);
        Assert.Contains("<code>$$not maths$$\n</code>", html);
        Assert.Equal(2, Regex.Count(html, "class=\"math\""));
    }

    [Fact]
    public void An_inline_formula_wrapped_over_a_line_break_is_one_formula_and_keeps_its_thin_spaces()
    {
        // Notebook 04's sentence as it is wrapped in the cell: Markdig alone leaves it as text and turns \, into ",".
        var html = SafeMarkdown.ToHtml("the update $\\theta \\leftarrow \\theta + \\eta\\,\n\\mathrm{clip}(\\partial J/\\partial \\theta)$ and the\naccuracy.");

        Assert.Contains("<span class=\"math\" data-display=\"false\">\\theta \\leftarrow \\theta + \\eta\\, \\mathrm{clip}(\\partial J/\\partial \\theta)</span>", html);
        Assert.Contains("</span> and the\naccuracy.", html);
    }

    [Fact]
    public void Lines_are_joined_only_for_a_formula_that_closes_in_the_same_paragraph()
    {
        Assert.Equal("a $x =\n\nb$ c", SafeMarkdown.InlineMathOnOneLine("a $x =\n\nb$ c"));
        Assert.Equal("costs $5\nor more", SafeMarkdown.InlineMathOnOneLine("costs $5\nor more"));
        Assert.Equal("`a $`\nb $c$", SafeMarkdown.InlineMathOnOneLine("`a $`\nb $c$"));
        Assert.Equal("```\n$a\nb$\n```", SafeMarkdown.InlineMathOnOneLine("```\n$a\nb$\n```"));
        Assert.Equal("$$a$$ and $b\\$ c$ d", SafeMarkdown.InlineMathOnOneLine("$$a$$ and $b\\$\nc$ d"));
    }

    [Fact]
    public void Code_spans_and_blocks_are_escaped_and_keep_dollars_as_text()
    {
        var html = SafeMarkdown.ToHtml("Use `List<int>` and `$\"{x}\"`\n\n```csharp\nif (a < b) { s = $\"{a}\"; }\n```");

        Assert.Contains("<code>List&lt;int&gt;</code>", html);
        Assert.Contains("<code>$&quot;{x}&quot;</code>", html);
        Assert.Contains("<pre><code class=\"language-csharp\">if (a &lt; b) { s = $&quot;{a}&quot;; }\n</code></pre>", html);
        Assert.DoesNotContain("class=\"math\"", html);
    }

    [Fact]
    public void Tables_have_a_head_and_a_body()
    {
        var html = SafeMarkdown.ToHtml("| item | error |\n|---|---|\n| p1.dJ_ds | 1e-12 |");

        Assert.Matches(@"<thead>\s*<tr>\s*<th>item</th>\s*<th>error</th>\s*</tr>\s*</thead>", html);
        Assert.Matches(@"<tbody>\s*<tr>\s*<td>p1.dJ_ds</td>\s*<td>1e-12</td>\s*</tr>\s*</tbody>", html);
    }

    [Fact]
    public void Links_to_sibling_notebooks_point_at_their_html_and_remote_images_become_links()
    {
        var html = SafeMarkdown.ToHtml("Next: [notebook 02](02-rnn-bptt.ipynb#top). ![plot](https://example.org/p.png) ![local](p.png) [site](https://example.org/a)");

        Assert.Contains("<a href=\"02-rnn-bptt.html#top\">notebook 02</a>", html);
        Assert.Contains("<a href=\"https://example.org/p.png\">plot</a>", html);
        Assert.DoesNotContain("src=\"https://", html);
        Assert.Contains("<img src=\"p.png\" alt=\"local\" />", html);
        Assert.Contains("<a href=\"https://example.org/a\">site</a>", html);
    }

    [Fact]
    public void Raw_html_from_a_student_is_shown_as_text_and_runs_nothing()
    {
        var html = SafeMarkdown.ToHtml(
            "<script>alert(1)</script>\n\nInline <img src=x onerror=\"alert(2)\"> here.\n\n<div onclick=\"alert(3)\">block</div>\n\n" +
            "[click](javascript:alert(4)) [data](data:text/html,<b>x</b>) <javascript:alert(5)> ![i](javascript:alert(6))");

        Assert.DoesNotMatch(@"<script", html);
        Assert.DoesNotMatch(@"<img src=""?x", html);
        Assert.DoesNotMatch(@"<div onclick", html);
        Assert.DoesNotContain("href=\"javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=\"javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=\"data:", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.Contains("&lt;img src=x onerror=&quot;alert(2)&quot;&gt;", html);
        Assert.Contains("&lt;javascript:alert(5)&gt;", html);
    }

    [Fact]
    public void Html_comments_such_as_solution_markers_are_left_out()
    {
        var html = SafeMarkdown.ToHtml("<!-- answer: p3.why -->\nThe residual path.\n\n<!-- BEGIN SOLUTION -->\n\nKept.\n\n<!-- END SOLUTION -->");

        Assert.DoesNotContain("answer: p3.why", html);
        Assert.DoesNotContain("SOLUTION", html);
        Assert.Contains("Kept.", html);
    }

    public static TheoryData<string> Notebooks() => new(CourseNotebookRuns.NotebookNames);

    /// <summary>
    /// Every formula of a course notebook becomes exactly one .math element. The expected count comes from a plain
    /// scan of the markdown cells ($$…$$ and $…$ outside code), not from Markdig.
    /// </summary>
    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Every_formula_of_a_notebook_becomes_one_math_element(string notebook)
    {
        int expected = 0, rendered = 0;
        foreach (var markdown in MarkdownCells(notebook))
        {
            expected += FormulaCount(markdown);
            rendered += Regex.Count(SafeMarkdown.ToHtml(markdown), "class=\"math\"");
        }

        Assert.True(expected > 0, $"{notebook} has no formula: the scan is wrong");
        Assert.Equal(expected, rendered);
    }

    internal static IEnumerable<string> MarkdownCells(string notebook)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(CourseNotebookRuns.NotebookFolder, notebook)));
        return json.RootElement.GetProperty("cells").EnumerateArray()
            .Where(c => c.GetProperty("cell_type").GetString() == "markdown")
            .Select(c => string.Concat(c.GetProperty("source").EnumerateArray().Select(l => l.GetString())))
            .ToList();
    }

    internal static int FormulaCount(string markdown)
    {
        // What a reader sees: HTML comments (a solution region's QUESTION, answer markers) are not shown.
        var text = InlineCode().Replace(FencedCode().Replace(HtmlComment().Replace(markdown, ""), ""), "");
        int display = DisplayMath().Count(text);
        return display + InlineMath().Count(DisplayMath().Replace(text, ""));
    }

    [GeneratedRegex(@"^```.*?^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FencedCode();

    [GeneratedRegex(@"`[^`\n]+`")]
    private static partial Regex InlineCode();

    [GeneratedRegex(@"\$\$.+?\$\$", RegexOptions.Singleline)]
    private static partial Regex DisplayMath();

    [GeneratedRegex("<!--.*?-->", RegexOptions.Singleline)]
    private static partial Regex HtmlComment();

    // A formula may wrap over one line break inside its paragraph, as in Jupyter (not over a blank line).
    [GeneratedRegex(@"\$(?:[^$\n]|\n(?!\n))+?\$")]
    private static partial Regex InlineMath();
}
