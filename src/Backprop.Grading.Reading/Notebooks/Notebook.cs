using System.Text.Json.Nodes;

namespace Backprop.Grading.Notebooks;

/// <summary>A notebook read leniently: its JSON root, for rewriting, and its cells with their identities.</summary>
/// <param name="Name">The file name, for messages.</param>
/// <param name="Root">The notebook's JSON.</param>
/// <param name="Cells">The cells, in file order.</param>
public sealed record Notebook(string Name, JsonObject Root, IReadOnlyList<NotebookCell> Cells)
{
    /// <summary>Joins a cell's source, which nbformat allows as one string or a list of lines.</summary>
    /// <param name="source">The "source" node.</param>
    public static string JoinSource(JsonNode? source) => source switch
    {
        JsonValue value when value.TryGetValue(out string? text) => text ?? "",
        JsonArray lines => string.Concat(lines.Select(l => l is JsonValue v && v.TryGetValue(out string? s) ? s : "")),
        _ => "",
    };

    /// <summary>Splits source text into nbformat's list of lines, each but the last ending in "\n".</summary>
    /// <param name="text">The source text.</param>
    public static JsonArray SplitSource(string text)
    {
        var lines = new JsonArray();
        int start = 0;
        while (start < text.Length)
        {
            int end = text.IndexOf('\n', start);
            end = end < 0 ? text.Length : end + 1;
            lines.Add(text[start..end]);
            start = end;
        }

        return lines;
    }
}
