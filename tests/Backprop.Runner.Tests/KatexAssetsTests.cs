using System.Text.RegularExpressions;
using Backprop.Runner.Markdown;

namespace Backprop.Runner.Tests;

/// <summary>The vendored KaTeX goes into a page whole: script, CSS, and every font as a data: URL.</summary>
public sealed class KatexAssetsTests
{
    [Fact]
    public void Every_font_of_the_css_is_inlined_as_woff2_and_nothing_points_elsewhere()
    {
        var head = KatexAssets.HeadElements;
        var vendored = Directory.GetFiles(Path.Combine(CourseNotebookRuns.Layout.Root, "src", "Backprop.Runner", "Vendor", "katex", "fonts"), "*.woff2");

        Assert.Equal(vendored.Length, Regex.Count(head, "src:url\\(data:font/woff2;base64,[A-Za-z0-9+/=]+\\) format\\(\"woff2\"\\)"));
        Assert.True(vendored.Length >= 20, $"only {vendored.Length} vendored fonts");
        Assert.DoesNotContain("url(fonts/", head);
        Assert.DoesNotMatch("url\\((?!data:)", head);
        Assert.Contains("katex.render(", head);
        Assert.Contains("\"0.19.1\"", head); // the script's own version string
    }
}
