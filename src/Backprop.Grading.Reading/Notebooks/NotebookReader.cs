using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Backprop.Grading.Notebooks;

/// <summary>
/// Reads .ipynb files without trusting them. A file is read as bytes, at most <see cref="MaxBytes"/>, and checked in
/// one bounded pass before anything is built: strict UTF-8, nesting at most <see cref="MaxDepth"/>, no key twice in
/// one object. Malformed JSON, a missing cell list or cells of the wrong shape give a message naming the problem
/// instead of an exception; cells that cannot be understood are skipped. Source text is only ever handled as strings.
/// </summary>
public static class NotebookReader
{
    /// <summary>Largest notebook accepted; course notebooks without outputs are well under 1 MB.</summary>
    public const int MaxBytes = 20 * 1024 * 1024;

    /// <summary>Deepest JSON nesting accepted; nbformat needs about 6.</summary>
    public const int MaxDepth = 64;

    /// <summary>Most cells accepted in one notebook.</summary>
    public const int MaxCells = 10_000;

    private static readonly JsonReaderOptions ReaderOptions = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = MaxDepth };

    /// <summary>Reads a notebook file.</summary>
    /// <param name="path">The .ipynb file.</param>
    /// <param name="problem">Why the file is not a usable notebook, or null.</param>
    public static Notebook? Read(string path, out string? problem)
    {
        string name = Path.GetFileName(path);
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (info.Length > MaxBytes)
            {
                problem = $"{name} is {info.Length / (1024 * 1024)} MB, more than the {MaxBytes / (1024 * 1024)} MB a notebook may be. Clear the outputs (Jupyter: Edit → Clear All Outputs) and submit again.";
                return null;
            }

            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            problem = $"{name} could not be read: {e.Message}";
            return null;
        }

        return Parse(name, bytes, out problem);
    }

    /// <summary>Parses notebook JSON text.</summary>
    /// <param name="name">The file name, for messages.</param>
    /// <param name="text">The JSON.</param>
    /// <param name="problem">Why the text is not a usable notebook, or null.</param>
    public static Notebook? Parse(string name, string text, out string? problem) =>
        Parse(name, Encoding.UTF8.GetBytes(text ?? ""), out problem);

    /// <summary>Parses notebook JSON bytes (UTF-8, an optional BOM).</summary>
    /// <param name="name">The file name, for messages.</param>
    /// <param name="bytes">The file's bytes.</param>
    /// <param name="problem">Why the bytes are not a usable notebook, or null.</param>
    public static Notebook? Parse(string name, byte[] bytes, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        try
        {
            return ParseUnguarded(name, bytes, out problem);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The checks above should make this unreachable; if not, the file still gets a message, not a crash.
            problem = $"{name} could not be read as a notebook ({e.GetType().Name}). Re-download the notebook from Jupyter/VS Code (File → Download) and submit that file.";
            return null;
        }
    }

    private static Notebook? ParseUnguarded(string name, byte[] bytes, out string? problem)
    {
        if (bytes.Length > MaxBytes)
        {
            problem = $"{name} is larger than the {MaxBytes / (1024 * 1024)} MB a notebook may be. Clear the outputs and submit again.";
            return null;
        }

        var json = bytes.AsMemory();
        if (json.Span.StartsWith(Encoding.UTF8.Preamble))
        {
            json = json[Encoding.UTF8.Preamble.Length..];
        }

        if (json.IsEmpty)
        {
            problem = $"{name} is empty (0 bytes). Save the notebook in Jupyter/VS Code and upload the saved .ipynb file.";
            return null;
        }

        if (Check(json.Span) is { } invalid)
        {
            problem = $"{name} is not valid JSON ({invalid}). Re-download the notebook from Jupyter/VS Code (File → Download) instead of editing the .ipynb by hand.";
            return null;
        }

        var root = JsonNode.Parse(json.Span, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = MaxDepth });
        if (root is not JsonObject notebook || notebook["cells"] is not JsonArray cells)
        {
            problem = $"{name} is JSON but not a notebook: it has no \"cells\" list. Submit the .ipynb file you worked in.";
            return null;
        }

        if (cells.Count > MaxCells)
        {
            problem = $"{name} has {cells.Count} cells, more than the {MaxCells} a notebook may have. Submit the course notebook you worked in.";
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

    /// <summary>One pass over the tokens: syntax, UTF-8, depth and duplicate keys; null when fine, else what is wrong.</summary>
    private static string? Check(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, ReaderOptions);
        var keys = new Stack<HashSet<string>?>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        keys.Push(new HashSet<string>(StringComparer.Ordinal));
                        break;
                    case JsonTokenType.StartArray:
                        keys.Push(null);
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        keys.Pop();
                        break;
                    case JsonTokenType.PropertyName:
                        string key = reader.GetString()!;
                        if (keys.Peek() is { } seen && !seen.Add(key))
                        {
                            return $"the key \"{Shorten(key)}\" appears twice in one object, at byte {reader.TokenStartIndex}";
                        }

                        break;
                    case JsonTokenType.String:
                        _ = reader.GetString(); // unescapes and validates the UTF-8 of every string value
                        break;
                }
            }

            return null;
        }
        catch (JsonException e)
        {
            return e.Message.Contains("depth", StringComparison.OrdinalIgnoreCase)
                ? $"it is nested more than {MaxDepth} levels deep"
                : Shorten(e.Message);
        }
        catch (InvalidOperationException e)
        {
            return "invalid text in a string: " + Shorten(e.Message);
        }
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
