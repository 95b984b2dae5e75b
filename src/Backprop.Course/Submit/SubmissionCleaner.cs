using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Backprop.Course.Submit;

/// <summary>
/// The file a student hands in, cleaned: every code cell's outputs and execution count go (so the kernel's bootstrap
/// script, its URLs and the machine's addresses, charts and printed paths go with them), and so do the notebook metadata
/// a frontend adds about the machine; cell sources and cell metadata (the answer ids the grader reads) stay exactly as
/// they are. An exported app has no outputs and is copied as it is.
/// </summary>
internal static class SubmissionCleaner
{
    /// <summary>Largest notebook cleaned (the grader reads at most 20 MiB).</summary>
    public const int MaxBytes = 20 * 1024 * 1024;

    /// <summary>The notebook metadata kept: what the kernel and Polyglot Notebooks need to open the file.</summary>
    public static readonly IReadOnlySet<string> KeptNotebookMetadata = new HashSet<string>(StringComparer.Ordinal) { "kernelspec", "language_info", "polyglot_notebook" };

    /// <summary>Cell metadata a frontend writes about a run (timings), dropped.</summary>
    public static readonly IReadOnlySet<string> DroppedCellMetadata = new HashSet<string>(StringComparer.Ordinal) { "execution", "ExecuteTime" };

    private static readonly JsonSerializerOptions Writing = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The cleaned text of the notebook <paramref name="json"/>; throws <see cref="InvalidDataException"/> with the reason if it is not a notebook.</summary>
    public static string CleanNotebook(string json)
    {
        if (json.Length > MaxBytes)
        {
            throw new InvalidDataException($"it is larger than {MaxBytes / (1024 * 1024)} MiB");
        }

        JsonObject root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = 64 }) as JsonObject
                ?? throw new InvalidDataException("it is not a JSON object");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"it is not valid JSON ({e.Message})");
        }

        if (root["cells"] is not JsonArray cells)
        {
            throw new InvalidDataException("it has no \"cells\" list");
        }

        foreach (var cell in cells.OfType<JsonObject>())
        {
            if (cell["cell_type"]?.GetValueKind() == JsonValueKind.String && cell["cell_type"]!.GetValue<string>() == "code")
            {
                cell["outputs"] = new JsonArray();
                cell["execution_count"] = null;
            }

            if (cell["metadata"] is JsonObject metadata)
            {
                foreach (var key in metadata.Select(p => p.Key).Where(DroppedCellMetadata.Contains).ToList())
                {
                    metadata.Remove(key);
                }
            }
        }

        if (root["metadata"] is JsonObject notebookMetadata)
        {
            foreach (var key in notebookMetadata.Select(p => p.Key).Where(k => !KeptNotebookMetadata.Contains(k)).ToList())
            {
                notebookMetadata.Remove(key);
            }
        }

        // Jupyter's own layout: one-space indents, non-ASCII kept as it is.
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, IndentSize = 1, Encoder = Writing.Encoder }))
        {
            root.WriteTo(writer);
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }
}
