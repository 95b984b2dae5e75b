using System.Text;

namespace Backprop.Grading.Release;

/// <summary>
/// Finds and stubs solution regions. In C# (cells and library sources) a region runs from a line
/// <c>// BEGIN SOLUTION</c> to <c>// END SOLUTION</c> and becomes <c>throw new NotImplementedException("hint");</c>, the hint
/// taken from a <c>// HINT: …</c> line inside, else from the enclosing member's XML summary. In Markdown a region runs
/// from <c>&lt;!-- BEGIN SOLUTION --&gt;</c> to <c>&lt;!-- END SOLUTION --&gt;</c>; its first line may be a
/// <c>&lt;!-- QUESTION: … --&gt;</c> comment (possibly over several lines), which the homework release shows instead of the
/// region. A region without a question becomes a placeholder.
/// </summary>
public static class SolutionRegions
{
    /// <summary>What a stubbed written answer shows.</summary>
    public const string MarkdownPlaceholder = "*Write your answer here.*";

    /// <summary>What a stubbed written derivation (<c>&lt;item&gt;.derivation</c>) shows: how to end it with its boxed result.</summary>
    public const string DerivationPlaceholder = Kernel.Written.WrittenItems.Placeholder;

    /// <summary>The hint used when a region has no HINT line and no summary above it.</summary>
    public const string DefaultHint = "Not implemented yet: replace this line with your answer.";

    /// <summary>What a stubbed library member's summary says in the homework release.</summary>
    public const string HomeworkSummary = "A box of the problem set, derived and implemented in the notebooks; its body is not part of this release.";

    /// <summary>The stub message of a library region without a HINT line, in the homework release.</summary>
    public const string HomeworkHint = "This box is yours to derive: its question and your answer cell are in the notebooks.";

    /// <summary>How the homework release introduces a region's question.</summary>
    public const string QuestionLead = "**Question.** ";

    /// <summary>One region: its line range (0-based, inclusive of the markers) and its lines.</summary>
    /// <param name="Begin">The BEGIN marker's line.</param>
    /// <param name="End">The END marker's line.</param>
    /// <param name="Lines">The lines strictly between the markers.</param>
    public sealed record Region(int Begin, int End, IReadOnlyList<string> Lines);

    /// <summary>The regions of a text; an unclosed or nested region is an error naming its line.</summary>
    /// <param name="text">C# or Markdown.</param>
    /// <param name="markdown">True for Markdown markers.</param>
    /// <param name="where">The file or cell, for the error.</param>
    public static IReadOnlyList<Region> Find(string text, bool markdown, string where)
    {
        var lines = Lines(text);
        var regions = new List<Region>();
        int? begin = null;
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (IsMarker(line, "BEGIN", markdown))
            {
                if (begin is not null)
                {
                    throw new InvalidDataException($"{where}, line {i + 1}: BEGIN SOLUTION inside the region opened on line {begin + 1}; close it with END SOLUTION first.");
                }

                begin = i;
            }
            else if (IsMarker(line, "END", markdown))
            {
                if (begin is not int b)
                {
                    throw new InvalidDataException($"{where}, line {i + 1}: END SOLUTION without a BEGIN SOLUTION above it.");
                }

                regions.Add(new Region(b, i, lines[(b + 1)..i]));
                begin = null;
            }
        }

        if (begin is not null)
        {
            throw new InvalidDataException($"{where}, line {begin + 1}: BEGIN SOLUTION is never closed; add a line END SOLUTION after the solution.");
        }

        return regions;
    }

    /// <summary>C# with every region replaced by a throwing stub at the BEGIN marker's indentation.</summary>
    /// <param name="text">C# source.</param>
    /// <param name="where">The file or cell, for errors.</param>
    public static string StubCode(string text, string where) => StubCode(text, where, ReleaseMode.Tutorial);

    /// <summary>
    /// C# with every region replaced by a throwing stub. In <see cref="ReleaseMode.Homework"/> a region without a HINT
    /// line gets <see cref="HomeworkHint"/> (never the member's summary), and the summary of each member that holds a
    /// region becomes <see cref="HomeworkSummary"/>, so neither states the box.
    /// </summary>
    /// <param name="text">C# source.</param>
    /// <param name="where">The file or cell, for errors.</param>
    /// <param name="mode">Homework or tutorial.</param>
    public static string StubCode(string text, string where, ReleaseMode mode)
    {
        var lines = Lines(text);
        var regions = Find(text, markdown: false, where);
        var emptied = new HashSet<int>();
        if (mode == ReleaseMode.Homework)
        {
            foreach (var region in regions)
            {
                emptied.UnionWith(ReplaceSummaryAbove(lines, region.Begin));
            }
        }

        var output = new StringBuilder();
        int next = 0;
        foreach (var region in regions)
        {
            for (; next < region.Begin; next++)
            {
                if (!emptied.Contains(next))
                {
                    output.Append(lines[next]).Append('\n');
                }
            }

            string indent = lines[region.Begin][..(lines[region.Begin].Length - lines[region.Begin].TrimStart().Length)];
            string hint = HintOf(region) ?? (mode == ReleaseMode.Homework ? HomeworkHint : SummaryAbove(lines, region.Begin) ?? DefaultHint);
            output.Append(indent).Append("throw new NotImplementedException(\"").Append(Escape(hint)).Append("\");\n");
            next = region.End + 1;
        }

        for (; next < lines.Length; next++)
        {
            output.Append(lines[next]);
            if (next < lines.Length - 1)
            {
                output.Append('\n');
            }
        }

        return output.ToString();
    }

    /// <summary>
    /// C# with every region's solution shown: the markers and HINT lines removed, the code kept. A staged release does this
    /// for the boxes of the problems it reveals.
    /// </summary>
    /// <param name="text">C# source.</param>
    /// <param name="where">The file or cell, for errors.</param>
    public static string RevealCode(string text, string where)
    {
        var lines = Lines(text);
        var drop = Find(text, markdown: false, where)
            .SelectMany(r => new[] { r.Begin, r.End }.Concat(Enumerable.Range(r.Begin + 1, r.End - r.Begin - 1).Where(i => lines[i].Trim().StartsWith("// HINT:", StringComparison.Ordinal))))
            .ToHashSet();
        return string.Join("\n", lines.Where((_, i) => !drop.Contains(i)));
    }

    /// <summary>Markdown with every region replaced by its question, or by <see cref="MarkdownPlaceholder"/> when it has none.</summary>
    /// <param name="text">Markdown.</param>
    /// <param name="where">The cell, for errors.</param>
    public static string StubMarkdown(string text, string where) => StubMarkdown(text, where, ReleaseMode.Homework);

    /// <summary>
    /// Markdown for a release. A region with a question becomes <see cref="QuestionLead"/> and the question in homework,
    /// and its solution (markers and question removed) in tutorial. A region without a question, a written answer's
    /// model answer, becomes <see cref="MarkdownPlaceholder"/> in both modes.
    /// </summary>
    /// <param name="text">Markdown.</param>
    /// <param name="where">The cell, for errors.</param>
    /// <param name="mode">Homework or tutorial.</param>
    public static string StubMarkdown(string text, string where, ReleaseMode mode)
    {
        var lines = Lines(text);
        var output = new List<string>();
        int next = 0;
        foreach (var region in Find(text, markdown: true, where))
        {
            output.AddRange(lines[next..region.Begin]);
            var question = Question(region, where);
            if (question is null)
            {
                output.Add(MarkdownPlaceholder);
            }
            else if (mode == ReleaseMode.Homework)
            {
                output.Add(QuestionLead + question.Value.Text);
            }
            else
            {
                output.AddRange(region.Lines.Skip(question.Value.Lines));
            }

            next = region.End + 1;
        }

        output.AddRange(lines[next..]);
        return string.Join("\n", output);
    }

    /// <summary>
    /// The question a Markdown region opens with, <c>&lt;!-- QUESTION: … --&gt;</c> on its first non-blank line and possibly
    /// running over several lines, as one line of text, with how many of the region's lines it takes; null without one.
    /// </summary>
    /// <param name="region">A Markdown region.</param>
    /// <param name="where">The cell, for errors.</param>
    public static (string Text, int Lines)? Question(Region region, string where)
    {
        ArgumentNullException.ThrowIfNull(region);
        int first = 0;
        while (first < region.Lines.Count && region.Lines[first].Trim().Length == 0)
        {
            first++;
        }

        if (first == region.Lines.Count || !region.Lines[first].TrimStart().StartsWith("<!-- QUESTION:", StringComparison.Ordinal))
        {
            return null;
        }

        var text = new StringBuilder();
        for (int i = first; i < region.Lines.Count; i++)
        {
            string line = region.Lines[i].Trim();
            if (i == first)
            {
                line = line["<!-- QUESTION:".Length..];
            }

            int close = line.IndexOf("-->", StringComparison.Ordinal);
            text.Append(' ').Append(close >= 0 ? line[..close] : line);
            if (close >= 0)
            {
                return (string.Join(' ', text.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries)), i + 1);
            }
        }

        throw new InvalidDataException($"{where}, line {region.Begin + first + 2}: the QUESTION comment is never closed; end it with -->.");
    }

    /// <summary>The solution of a Markdown region: its lines after the question, if any, joined.</summary>
    /// <param name="region">A Markdown region.</param>
    /// <param name="where">The cell, for errors.</param>
    public static string Solution(Region region, string where) =>
        string.Join("\n", region.Lines.Skip(Question(region, where)?.Lines ?? 0)).Trim('\n');

    /// <summary>The text after <c>// HINT:</c> in a region, or null.</summary>
    /// <param name="region">A C# region.</param>
    public static string? HintOf(Region region) =>
        region.Lines.Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("// HINT:", StringComparison.Ordinal))?["// HINT:".Length..].Trim();

    /// <summary>The solution lines of a C# region that carry code: not blank, not a comment, not a lone brace.</summary>
    /// <param name="region">A C# region.</param>
    public static IEnumerable<string> ReferenceLines(Region region) =>
        region.Lines.Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith("//", StringComparison.Ordinal) && l is not ("{" or "}" or "};"));

    private static string[] Lines(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');

    private static bool IsMarker(string line, string which, bool markdown) =>
        markdown
            ? line.Replace(" ", "", StringComparison.Ordinal) == $"<!--{which}SOLUTION-->"
            : line.StartsWith("//", StringComparison.Ordinal) && line.TrimStart('/').Trim() == which + " SOLUTION";

    /// <summary>The XML summary of the member the region sits in, e.g. "∂J/∂s = y − p, the error.", or null.</summary>
    private static string? SummaryAbove(string[] lines, int begin)
    {
        for (int i = begin - 1; i >= 0 && begin - i < 40; i--)
        {
            string line = lines[i].Trim();
            int start = line.IndexOf("<summary>", StringComparison.Ordinal);
            if (start >= 0)
            {
                string summary = line[(start + "<summary>".Length)..];
                int end = summary.IndexOf("</summary>", StringComparison.Ordinal);
                summary = end >= 0 ? summary[..end] : summary;
                summary = System.Text.RegularExpressions.Regex.Replace(summary, "<see cref=\"([^\"]+)\"\\s*/>", "$1").Trim();
                return summary.Length == 0 ? null : "Implement " + summary;
            }

            if (line.Contains("// END SOLUTION", StringComparison.Ordinal))
            {
                return null; // reached the previous member's body
            }
        }

        return null;
    }

    /// <summary>Replaces the XML summary of the member a region sits in with <see cref="HomeworkSummary"/>; returns the lines it emptied, which are not written.</summary>
    private static IEnumerable<int> ReplaceSummaryAbove(string[] lines, int begin)
    {
        int end = -1;
        for (int i = begin - 1; i >= 0 && begin - i < 40; i--)
        {
            string line = lines[i].Trim();
            if (line.Contains("// END SOLUTION", StringComparison.Ordinal))
            {
                return []; // reached the previous member's body
            }

            if (line.StartsWith("///", StringComparison.Ordinal) && line.Contains("</summary>", StringComparison.Ordinal))
            {
                end = i;
            }

            if (line.StartsWith("///", StringComparison.Ordinal) && line.Contains("<summary>", StringComparison.Ordinal) && end >= i)
            {
                // Only a method's summary describes its body; a property (a row of a table) keeps its own.
                string member = lines.Skip(end + 1).FirstOrDefault(l => !l.TrimStart().StartsWith("///", StringComparison.Ordinal) && !l.TrimStart().StartsWith('[')) ?? "";
                if (member.Contains("{ get;", StringComparison.Ordinal))
                {
                    return [];
                }

                string indent = lines[i][..(lines[i].Length - lines[i].TrimStart().Length)];
                lines[i] = $"{indent}/// <summary>{HomeworkSummary}</summary>";
                for (int j = i + 1; j <= end; j++)
                {
                    lines[j] = indent + "///"; // kept in the array, so that the line numbers of later regions hold, and not written
                }

                return Enumerable.Range(i + 1, end - i);
            }
        }

        return [];
    }

    private static string Escape(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
