using Backprop.Runner.Markdown;

namespace Backprop.Course.Commands;

/// <summary>
/// The offline page for whoever grades by hand, made from the written-answers Markdown that grading renders: the
/// students' Markdown made safe (their raw HTML shows as text) and their LaTeX rendered by the vendored KaTeX.
/// </summary>
internal static class WrittenAnswersPages
{
    /// <summary>
    /// Builds what every page shares (KaTeX with its fonts inlined, about 700 kB, and the Markdown pipeline) ahead of
    /// time, so that grading can do it on a spare core while its children start rather than after the last item.
    /// </summary>
    public static void Warm()
    {
        _ = KatexAssets.HeadElements;
        _ = SafeMarkdown.ToHtml("*warm* $x$", notebookLinksToHtml: false);
    }

    /// <summary>The page's HTML.</summary>
    /// <param name="title">The page's title.</param>
    /// <param name="markdown">The written-answers Markdown.</param>
    public static string Page(string title, string markdown) =>
        KatexAssets.Page(title, SafeMarkdown.ToHtml(markdown, notebookLinksToHtml: false));
}
