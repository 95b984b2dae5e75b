using Backprop.Course.Commands;

namespace Backprop.Course.Tests;

public class WrittenAnswersPagesTests
{
    [Fact]
    public void The_page_renders_the_maths_and_shows_the_students_html_as_text()
    {
        string page = WrittenAnswersPages.Page("Written answers: alice",
            "## p2.dJ_dWr.derivation\n\n> By the chain rule $\\frac{\\partial J}{\\partial W^r_{ij}}$ sums over t.\n>\n> <script>alert('x')</script> <img src=x onerror=alert(1)>\n");

        Assert.Contains("Written answers: alice", page);
        Assert.Contains("class=\"math\"", page);                     // KaTeX renders this element in the browser
        Assert.Contains("\\frac{\\partial J}", page);
        Assert.Contains("id=\"katex-js\"", page);                    // KaTeX is in the page, not fetched
        Assert.DoesNotContain("<script>alert", page);
        Assert.DoesNotContain("<img src=x", page);
        Assert.Contains("&lt;script&gt;alert", page);
    }

    [Fact]
    public async Task Run_of_a_missing_notebook_says_so_once_and_exits_2()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        int code = await CommandLine.RunAsync(["run", "/nonexistent/nope.ipynb"], output, error);

        Assert.Equal(2, code);
        string all = output + error.ToString();
        Assert.Equal(1, all.Split("no such notebook").Length - 1);
        Assert.Contains("no such notebook: /nonexistent/nope.ipynb", error.ToString());
    }
}
