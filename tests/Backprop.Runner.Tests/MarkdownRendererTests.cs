namespace Backprop.Runner.Tests;

/// <summary>The export's small Markdown renderer: structure, escaping, LaTeX left alone, offline-safe links.</summary>
public sealed class MarkdownRendererTests
{
    [Fact]
    public void Headings_paragraphs_and_lists_become_their_elements()
    {
        var html = MarkdownRenderer.Render("## Step 1\n\nThe **forward** pass.\n\n- one\n- two\n\n1. first\n2. second");

        Assert.Contains("<h2>Step 1</h2>", html);
        Assert.Contains("<p>The <strong>forward</strong> pass.</p>", html);
        Assert.Contains("<ul>\n<li>one</li>\n<li>two</li>\n</ul>", html);
        Assert.Contains("<ol>\n<li>first</li>\n<li>second</li>\n</ol>", html);
    }

    [Fact]
    public void LaTeX_is_kept_as_text_and_untouched_by_emphasis()
    {
        var html = MarkdownRenderer.Render("Here $a*b*c$ and $$\\frac{\\partial J}{\\partial s} = y - p$$ stay.");

        Assert.Contains("<span class=\"math\">$a*b*c$</span>", html);
        Assert.Contains("$$\\frac{\\partial J}{\\partial s} = y - p$$", html);
        Assert.DoesNotContain("<em>", html);
    }

    [Fact]
    public void Code_and_html_in_text_are_escaped()
    {
        var html = MarkdownRenderer.Render("Use `List<int>` and <script>alert(1)</script>\n\n```\nif (a < b) {}\n```");

        Assert.Contains("<code>List&lt;int&gt;</code>", html);
        Assert.Contains("&lt;script&gt;", html);
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("<pre><code>if (a &lt; b) {}</code></pre>", html);
    }

    [Fact]
    public void Links_to_sibling_notebooks_point_at_their_html_and_remote_images_become_links()
    {
        var html = MarkdownRenderer.Render("Next: [notebook 02](02-rnn-bptt.ipynb). ![plot](https://example.org/p.png) ![local](p.png)");

        Assert.Contains("<a href=\"02-rnn-bptt.html\">notebook 02</a>", html);
        Assert.Contains("<a href=\"https://example.org/p.png\">plot</a>", html);
        Assert.DoesNotContain("src=\"https://", html);
        Assert.Contains("<img alt=\"local\" src=\"p.png\">", html);
    }

    [Fact]
    public void Tables_have_a_head_and_a_body()
    {
        var html = MarkdownRenderer.Render("| item | error |\n|---|---|\n| p1.dJ_ds | 1e-12 |");

        Assert.Contains("<thead><tr><th>item</th><th>error</th></tr></thead>", html);
        Assert.Contains("<tr><td>p1.dJ_ds</td><td>1e-12</td></tr>", html);
    }
}
