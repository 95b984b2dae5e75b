using System.Text;

namespace Backprop.Kernel;

/// <summary>A titled plain-text table with left-aligned columns, as the check reports print in a console.</summary>
internal static class TextTable
{
    /// <summary>The title, the header, a rule, one line per row, then <paramref name="footer"/>.</summary>
    public static string Format(string title, IReadOnlyList<string> header, IEnumerable<string[]> rows, string footer)
    {
        var cells = rows.ToList();
        var widths = header.Select((h, c) => cells.Select(row => row[c].Length).Prepend(h.Length).Max()).ToArray();
        var text = new StringBuilder();
        text.AppendLine(title);
        void Line(IReadOnlyList<string> line) => text.AppendLine(string.Join("  ", line.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd());
        Line(header);
        Line(widths.Select(w => new string('-', w)).ToArray());
        cells.ForEach(Line);
        text.Append(footer);
        return text.ToString();
    }
}
