using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PoisonedNotebooks;

/// <summary>Reading and writing .ipynb cells' sources.</summary>
internal static class Notebook
{
    /// <summary>Indented, with the notebooks' Unicode kept as it is.</summary>
    public static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A cell's (or output's) text: a string, or an array of lines joined.</summary>
    public static string Source(JsonNode? node, string key = "source") => node?[key] switch
    {
        JsonArray lines => string.Concat(lines.Select(l => (string?)l)),
        JsonValue text => (string?)text ?? "",
        _ => "",
    };

    /// <summary>A source as .ipynb stores it: lines that keep their "\n", the last one without.</summary>
    public static IEnumerable<string> SourceLines(string text)
    {
        var lines = text.Split('\n');
        return lines.Select((l, i) => i < lines.Length - 1 ? l + "\n" : l).Where(l => l.Length > 0);
    }

    /// <summary>The code cells of an .ipynb: index among all cells, source and outputs.</summary>
    public static List<(int Index, string Source, JsonArray Outputs)> CodeCells(string path)
    {
        var cells = JsonNode.Parse(File.ReadAllText(path))!["cells"]!.AsArray();
        return cells.Select((c, i) => (Cell: c!, Index: i))
            .Where(x => (string?)x.Cell["cell_type"] == "code")
            .Select(x => (x.Index, Source(x.Cell), x.Cell["outputs"] as JsonArray ?? []))
            .ToList();
    }
}
