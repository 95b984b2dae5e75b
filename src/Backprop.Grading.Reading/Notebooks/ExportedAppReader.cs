using System.Text.RegularExpressions;

namespace Backprop.Grading.Notebooks;

/// <summary>
/// Reads a notebook exported by <c>backprop export</c> (a .NET file-based app, NAME.cs) back into its cells, as text
/// only (nothing is compiled or run): each <c>#region cell N · code</c> block is code cell N, each
/// <c>#region cell N · markdown</c> block is markdown cell N with its <c>// </c> prefixes removed, and a
/// <c>#region cell N · types</c> block joins code cell N. The using directives at the top of the file form one more
/// code cell at the end. Answers are then found as in a notebook, by their first line <c>// answer: id</c>; cell N keeps
/// its number, so feedback names the same cell in the app as in the notebook it was exported from.
/// </summary>
public static partial class ExportedAppReader
{
    /// <summary>A larger file is not a course app (the exported notebooks are about 30 kB).</summary>
    public const int MaxBytes = 2 * 1024 * 1024;

    /// <summary>Parses the text of an exported app.</summary>
    /// <param name="name">The file name, for messages.</param>
    /// <param name="text">The C# source.</param>
    /// <returns>The app's cells, or no cells and why the text is not a usable exported app.</returns>
    public static SubmittedFile Parse(string name, string text)
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
            return new SubmittedFile(name, [], $"{name}: the '#region cell {unclosed.Number}' block has no '#endregion'. Put the line back (or export the notebook again and copy your answers over).");
        }

        if (cells.Count == 0)
        {
            return new SubmittedFile(name, [], $"{name} has no '#region cell N' blocks, so it is not a notebook exported by 'backprop export'. Submit the .ipynb, or the NAME.cs that 'backprop export' wrote.");
        }

        var read = cells.Select(c => Cell(name, c.Key, c.Value.Kind, string.Join('\n', c.Value.Lines))).ToList();
        if (usings.Count > 0)
        {
            // The using directives at the top form one more code cell, numbered after the last.
            read.Add(Cell(name, cells.Keys.Max() + 1, "code", string.Join('\n', usings)));
        }

        return new SubmittedFile(name, read);
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

    private static SubmittedCell Cell(string file, int number, string kind, string source) =>
        new(file, number, kind, source, CellIdentity.Read(kind, null, source));

    [GeneratedRegex(@"^#region cell (?<number>\d{1,5}) · (?<kind>code|markdown|types)\s*$")]
    private static partial Regex CellRegion();

    [GeneratedRegex(@"^using [\w.]+( = [\w.<>, ]+)?;\s*$")]
    private static partial Regex UsingLine();
}
