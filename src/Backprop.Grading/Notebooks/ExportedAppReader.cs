using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Backprop.Grading.Notebooks;

/// <summary>
/// Reads a notebook exported by <c>backprop export</c> (a .NET file-based app, NAME.cs) back into its cells, as text
/// only (nothing is compiled or run): each <c>#region cell N · code</c> block is code cell N, each
/// <c>#region cell N · markdown</c> block is markdown cell N with its <c>// </c> prefixes removed, and a
/// <c>#region cell N · types</c> block joins code cell N. The using directives at the top of the file form one more
/// code cell at the end. Answers are then found as in a notebook, by their first line <c>// answer: id</c>.
/// </summary>
public static partial class ExportedAppReader
{
    /// <summary>A larger file is not a course app (the exported notebooks are about 30 kB).</summary>
    public const int MaxBytes = 2 * 1024 * 1024;

    /// <summary>True for the files a submission may consist of: notebooks (.ipynb) and exported apps (.cs).</summary>
    /// <param name="path">A file path.</param>
    public static bool IsSubmissionFile(string path) =>
        path.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".cs", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads an exported app.</summary>
    /// <param name="path">The .cs file.</param>
    /// <param name="problem">Why the file is not a usable exported app, or null.</param>
    public static Notebook? Read(string path, out string? problem)
    {
        string name = Path.GetFileName(path);
        string text;
        try
        {
            if (new FileInfo(path).Length > MaxBytes)
            {
                problem = $"{name} is larger than {MaxBytes / 1024 / 1024} MB, so it is not an exported course notebook. Submit the NAME.cs that 'backprop export' wrote, with your answers.";
                return null;
            }

            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = $"{name} could not be read: {e.Message}";
            return null;
        }

        return Parse(name, text, out problem);
    }

    /// <summary>Parses the text of an exported app.</summary>
    /// <param name="name">The file name, for messages.</param>
    /// <param name="text">The C# source.</param>
    /// <param name="problem">Why the text is not a usable exported app, or null.</param>
    public static Notebook? Parse(string name, string text, out string? problem)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var cells = new SortedDictionary<int, (string Kind, List<string> Lines)>();
        var usings = new List<string>();
        (int Number, string Kind, List<string> Lines)? open = null;
        int depth = 0;
        bool seenRegion = false;
        foreach (var line in lines)
        {
            if (open is { } current)
            {
                if (line.TrimStart().StartsWith("#region", StringComparison.Ordinal))
                {
                    depth++;
                }
                else if (line.TrimStart().StartsWith("#endregion", StringComparison.Ordinal) && depth-- == 0)
                {
                    Close(cells, current);
                    open = null;
                    depth = 0;
                    continue;
                }

                current.Lines.Add(line);
                continue;
            }

            var region = CellRegion().Match(line);
            if (region.Success)
            {
                seenRegion = true;
                open = (int.Parse(region.Groups["number"].Value, System.Globalization.CultureInfo.InvariantCulture), region.Groups["kind"].Value, []);
            }
            else if (!seenRegion && UsingLine().IsMatch(line))
            {
                usings.Add(line.Trim());
            }
        }

        if (open is { } unclosed)
        {
            problem = $"{name}: the '#region cell {unclosed.Number}' block has no '#endregion'. Put the line back (or export the notebook again and copy your answers over).";
            return null;
        }

        if (cells.Count == 0)
        {
            problem = $"{name} has no '#region cell N' blocks, so it is not a notebook exported by 'backprop export'. Submit the .ipynb, or the NAME.cs that 'backprop export' wrote.";
            return null;
        }

        var json = new JsonArray();
        foreach (var (_, (kind, body)) in cells)
        {
            json.Add(Cell(kind, string.Join('\n', body)));
        }

        if (usings.Count > 0)
        {
            json.Add(Cell("code", string.Join('\n', usings)));
        }

        var notebook = new JsonObject { ["cells"] = json, ["metadata"] = new JsonObject(), ["nbformat"] = 4, ["nbformat_minor"] = 5 };
        return NotebookReader.Parse(name, notebook.ToJsonString(), out problem);
    }

    private static void Close(SortedDictionary<int, (string Kind, List<string> Lines)> cells, (int Number, string Kind, List<string> Lines) region)
    {
        if (region.Kind == "markdown")
        {
            cells[region.Number] = ("markdown", region.Lines.Select(l => l.StartsWith("// ", StringComparison.Ordinal) ? l[3..] : l.StartsWith("//", StringComparison.Ordinal) ? l[2..] : l).ToList());
        }
        else if (region.Kind == "types" && cells.TryGetValue(region.Number, out var code))
        {
            code.Lines.AddRange(region.Lines);
        }
        else
        {
            cells[region.Number] = ("code", region.Lines);
        }
    }

    private static JsonObject Cell(string kind, string source) => new()
    {
        ["cell_type"] = kind,
        ["metadata"] = new JsonObject(),
        ["source"] = Notebook.SplitSource(source),
    };

    [GeneratedRegex(@"^#region cell (?<number>\d{1,5}) · (?<kind>code|markdown|types)\s*$")]
    private static partial Regex CellRegion();

    [GeneratedRegex(@"^using [\w.]+( = [\w.<>, ]+)?;\s*$")]
    private static partial Regex UsingLine();
}
