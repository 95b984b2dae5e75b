using Backprop.Grading.Reports;
using Backprop.Runner.Markdown;

namespace Backprop.Course.Commands;

/// <summary>
/// Turns each <c>written-answers.md</c> that grading wrote into an offline page beside it, for whoever grades by hand:
/// the students' Markdown made safe (their raw HTML shows as text) and their LaTeX rendered by the vendored KaTeX.
/// </summary>
internal static class WrittenAnswersPages
{
    /// <summary>The page's file name, beside <see cref="WrittenAnswersPage.FileName"/>.</summary>
    public const string FileName = "written-answers.html";

    /// <summary>
    /// Builds what every page shares (KaTeX with its fonts inlined, about 700 kB, and the Markdown pipeline) ahead of
    /// time, so that grading can do it on a spare core while its children start rather than after the last item.
    /// </summary>
    public static void Warm()
    {
        _ = KatexAssets.HeadElements;
        _ = SafeMarkdown.ToHtml("*warm* $x$", notebookLinksToHtml: false);
    }

    /// <summary>Writes a page beside every written-answers.md in <paramref name="outputDirectory"/> and its sub-folders.</summary>
    /// <param name="outputDirectory">Where grading wrote its reports.</param>
    /// <param name="error">Where a page that could not be written is reported; the others are still written.</param>
    /// <returns>How many pages were written.</returns>
    public static int WriteBeside(string outputDirectory, TextWriter error)
    {
        if (!Directory.Exists(outputDirectory))
        {
            return 0;
        }

        int written = 0;
        foreach (string markdownPath in Directory.EnumerateFiles(outputDirectory, WrittenAnswersPage.FileName, SearchOption.AllDirectories))
        {
            string folder = Path.GetDirectoryName(markdownPath)!;
            try
            {
                string body = SafeMarkdown.ToHtml(File.ReadAllText(markdownPath), notebookLinksToHtml: false);
                File.WriteAllText(Path.Combine(folder, FileName), KatexAssets.Page("Written answers: " + Path.GetFileName(folder), body));
                written++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"grade: could not write {Path.Combine(folder, FileName)} ({e.Message}); {WrittenAnswersPage.FileName} beside it has the same content.");
            }
        }

        return written;
    }
}
