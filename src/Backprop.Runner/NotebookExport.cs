using System.Text;
using Microsoft.DotNet.Interactive.Documents.Jupyter;

namespace Backprop.Runner;

/// <summary>Writes a run's executed notebook (.ipynb, nbformat 4) and its offline HTML page.</summary>
public static class NotebookExport
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes <c>NAME.ipynb</c> and <c>NAME.html</c> into <paramref name="folder"/>; returns their paths.</summary>
    /// <remarks>
    /// A notebook that could not be read has no document: only its HTML page (naming the problem) is written. A path
    /// that names no file gets nothing, so a typo does not leave a page behind.
    /// </remarks>
    public static async Task<IReadOnlyList<string>> WriteAsync(NotebookRun run, string folder, CancellationToken cancellation = default)
    {
        if (run.Document is null && !File.Exists(run.NotebookPath))
        {
            return [];
        }

        Directory.CreateDirectory(folder);
        var written = new List<string>();
        var stem = Path.Combine(folder, Path.GetFileNameWithoutExtension(run.Name));
        if (run.Document is { } document)
        {
            await File.WriteAllTextAsync(stem + ".ipynb", document.ToJupyterJson(), Utf8, cancellation);
            written.Add(stem + ".ipynb");
        }

        await File.WriteAllTextAsync(stem + ".html", HtmlExporter.ToHtml(run), Utf8, cancellation);
        written.Add(stem + ".html");
        return written;
    }
}
