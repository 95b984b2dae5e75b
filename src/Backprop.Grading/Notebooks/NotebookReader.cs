using System.Text.Json;
using System.Text.Json.Nodes;

namespace Backprop.Grading.Notebooks;

/// <summary>
/// Reads .ipynb files without trusting them: malformed JSON, a missing cell list or cells of the wrong shape give
/// a message naming the problem instead of an exception; cells that cannot be understood are skipped.
/// </summary>
public static class NotebookReader
{
    /// <summary>Reads a notebook file.</summary>
    /// <param name="path">The .ipynb file.</param>
    /// <param name="problem">Why the file is not a usable notebook, or null.</param>
    public static Notebook? Read(string path, out string? problem)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = $"{Path.GetFileName(path)} could not be read: {e.Message}";
            return null;
        }

        return Parse(Path.GetFileName(path), text, out problem);
    }

    /// <summary>Parses notebook JSON text.</summary>
    /// <param name="name">The file name, for messages.</param>
    /// <param name="text">The JSON.</param>
    /// <param name="problem">Why the text is not a usable notebook, or null.</param>
    public static Notebook? Parse(string name, string text, out string? problem)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 256 });
        }
        catch (JsonException e)
        {
            problem = $"{name} is not valid JSON ({e.Message}). Re-download the notebook from Jupyter/VS Code (File → Download) instead of editing the .ipynb by hand.";
            return null;
        }

        if (root is not JsonObject notebook || notebook["cells"] is not JsonArray cells)
        {
            problem = $"{name} is JSON but not a notebook: it has no \"cells\" list. Submit the .ipynb file you worked in.";
            return null;
        }

        var read = new List<NotebookCell>();
        for (int i = 0; i < cells.Count; i++)
        {
            if (cells[i] is not JsonObject cell)
            {
                continue;
            }

            string kind = cell["cell_type"] is JsonValue v && v.TryGetValue(out string? k) ? k ?? "" : "";
            string source = Notebook.JoinSource(cell["source"]);
            read.Add(new NotebookCell(i + 1, kind, source, CellIdentity.Read(kind, cell["metadata"], source), cell));
        }

        problem = null;
        return new Notebook(name, notebook, read);
    }
}
