using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace Backprop.Runner.Markdown;

/// <summary>
/// The vendored KaTeX 0.19.1 (npm, MIT; see Vendor/katex/VENDOR.md) as one block for a page's head: its CSS with
/// every font inlined as base64 woff2, its script, and a few lines that render each <c>.math</c> element that
/// <see cref="SafeMarkdown"/> wrote. Nothing is fetched from the network.
/// </summary>
public static partial class KatexAssets
{
    private static readonly Lazy<string> Block = new(Build);

    /// <summary>The <c>&lt;style&gt;</c> and <c>&lt;script&gt;</c> elements to put once in a page's head (about 700 kB).</summary>
    public static string HeadElements => Block.Value;

    /// <summary>A whole page: <paramref name="bodyHtml"/> (e.g. from <see cref="SafeMarkdown.ToHtml"/>) with KaTeX in its head.</summary>
    public static string Page(string title, string bodyHtml) =>
        $"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{System.Net.WebUtility.HtmlEncode(title)}</title>\n{HeadElements}</head>\n<body>\n{bodyHtml}\n</body>\n</html>\n";

    private static string Build()
    {
        var css = FontUrl().Replace(Resource("katex.min.css"), InlineFont);
        var script = Resource("katex.min.js").Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase);
        return new StringBuilder()
            .Append("<style id=\"katex-css\">").Append(css).Append("</style>\n")
            .Append("<script id=\"katex-js\">").Append(script).Append("</script>\n")
            .Append("<script id=\"katex-render\">").Append(RenderMath).Append("</script>\n")
            .ToString();
    }

    // src:url(fonts/X.woff2) format("woff2"),url(fonts/X.woff) format("woff"),url(fonts/X.ttf) format("truetype")
    // becomes src:url(data:font/woff2;base64,…) format("woff2"): every browser that runs KaTeX reads woff2.
    private static string InlineFont(Match font)
    {
        var bytes = ResourceBytes("katex/fonts/" + font.Groups["name"].Value + ".woff2");
        return $"src:url(data:font/woff2;base64,{Convert.ToBase64String(bytes)}) format(\"woff2\")";
    }

    [GeneratedRegex("""src:url\(fonts/(?<name>[A-Za-z0-9_-]+)\.woff2\) format\("woff2"\)(,url\([^)]*\) format\("[a-z]+"\))*""")]
    private static partial Regex FontUrl();

    private static string Resource(string name) => Encoding.UTF8.GetString(ResourceBytes(name));

    private static byte[] ResourceBytes(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Backprop.Runner is missing its embedded resource '{name}' (Vendor/katex); rebuild it.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    // Each .math element holds escaped TeX as text; KaTeX replaces it with the rendered formula. A formula KaTeX
    // cannot parse shows as a red .katex-error element with the message in its title (throwOnError: false).
    private const string RenderMath = """
        document.addEventListener("DOMContentLoaded", function () {
          document.querySelectorAll(".math").forEach(function (element) {
            var tex = element.textContent;
            katex.render(tex, element, { displayMode: element.getAttribute("data-display") === "true", throwOnError: false });
          });
        });
        """;
}
