using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Backprop.Grading.Notebooks;

namespace Backprop.Grading.Release;

/// <summary>
/// Turns a solution notebook into its student version: instructor-only cells removed, every solution region stubbed
/// (code and Markdown), written answers reduced to their marker and a placeholder, outputs and execution counts cleared.
/// </summary>
public static class NotebookRelease
{
    /// <summary>The student version of <paramref name="notebook"/>.</summary>
    /// <param name="notebook">A solution notebook.</param>
    public static JsonObject Make(Notebook notebook)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        var root = (JsonObject)notebook.Root.DeepClone();
        var cells = new JsonArray();
        foreach (var cell in notebook.Cells)
        {
            if (cell.Identity.Instructor)
            {
                continue;
            }

            var copy = (JsonObject)cell.Node.DeepClone();
            string where = $"{notebook.Name}, cell {cell.Index}";
            if (cell.IsCode)
            {
                copy["source"] = Notebook.SplitSource(SolutionRegions.StubCode(cell.Source, where));
                copy["outputs"] = new JsonArray();
                copy["execution_count"] = null;
            }
            else if (cell.Kind == "markdown")
            {
                string text = SolutionRegions.StubMarkdown(cell.Source, where);
                if (cell.Identity.Manual is { } id && text == cell.Source)
                {
                    // A written answer without markers: keep only its identifying first line.
                    text = $"<!-- answer: {id} -->\n{SolutionRegions.MarkdownPlaceholder}";
                }

                copy["source"] = Notebook.SplitSource(text);
            }

            cells.Add(copy);
        }

        root["cells"] = cells;
        return root;
    }

    /// <summary>Notebook JSON as Jupyter writes it: one-space indent, Unicode kept, a final newline.</summary>
    /// <param name="notebook">The notebook JSON.</param>
    public static string Serialize(JsonNode notebook)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        return notebook.ToJsonString(new JsonSerializerOptions { WriteIndented = true, IndentSize = 1, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }
}
