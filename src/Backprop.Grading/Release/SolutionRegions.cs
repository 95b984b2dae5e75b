using System.Text;
using Backprop.Kernel;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Backprop.Kernel.Checking;

namespace Backprop.Grading.Release;

/// <summary>
/// Finds and releases solution regions. Each region names the item of the table (<see cref="CheckItems"/>) it belongs to:
/// in C# (cells and library sources) it runs from a line <c>// BEGIN SOLUTION p1.dJ_ds</c> to <c>// END SOLUTION</c>, in
/// Markdown from <c>&lt;!-- BEGIN SOLUTION p1.dJ_ds --&gt;</c> to <c>&lt;!-- END SOLUTION --&gt;</c>. A release decides
/// per region, from that id and its <see cref="RegionRules"/>: a revealed item's region shows its solution; any other C#
/// region becomes <c>throw new NotImplementedException("not answered yet: p1.dJ_ds. …")</c> with the table's first hint;
/// any other Markdown region becomes its question (a first line <c>&lt;!-- QUESTION: … --&gt;</c>, possibly over several
/// lines) in homework and its solution in tutorial, or a placeholder when it has no question. A region whose first line is
/// <c>&lt;!-- HOMEWORK: … --&gt;</c> instead becomes that text as plain prose in homework (a sentence the tutorial needs but
/// that would narrow a graded answer, e.g. one that names the form of an earlier box) and its solution in tutorial.
/// </summary>
public static class SolutionRegions
{
    /// <summary>What a stubbed written answer shows.</summary>
    public const string MarkdownPlaceholder = Kernel.Written.WrittenItems.AnswerPlaceholder;

    /// <summary>What a stubbed written derivation (<c>&lt;item&gt;.derivation</c>) shows: how to end it with its boxed result.</summary>
    public const string DerivationPlaceholder = Kernel.Written.WrittenItems.Placeholder;

    /// <summary>How every stub's message begins; <c>backprop run</c> lists the items whose stubs a run reached.</summary>
    public const string NotAnsweredLead = "not answered yet: ";

    /// <summary>What a stubbed library member's summary says in the homework release.</summary>
    public const string HomeworkSummary = "A box of the problem set, derived and implemented in the notebooks; its body is not part of this release.";

    /// <summary>What a library stub says after the item's id.</summary>
    public const string HomeworkHint = "This box is yours to derive: its question and your answer cell are in the notebooks.";

    /// <summary>How a question that has no answer cell says so, at its end: "(Not graded.)" or "(Not graded: …)".</summary>
    public const string NotGradedMark = "(Not graded";

    /// <summary>How the homework release introduces a region's question.</summary>
    public const string QuestionLead = "**Question.** ";

    /// <summary>One region: its line range (0-based, inclusive of the markers), its lines and the id its BEGIN marker names.</summary>
    /// <param name="Begin">The BEGIN marker's line.</param>
    /// <param name="End">The END marker's line.</param>
    /// <param name="Lines">The lines strictly between the markers.</param>
    /// <param name="Id">The item id after BEGIN SOLUTION, e.g. "p1.dJ_ds", or null when the marker names none.</param>
    public sealed record Region(int Begin, int End, IReadOnlyList<string> Lines, string? Id = null);

    /// <summary>The regions of a text; an unclosed or nested region is an error naming its line.</summary>
    /// <param name="text">C# or Markdown.</param>
    /// <param name="markdown">True for Markdown markers.</param>
    /// <param name="where">The file or cell, for the error.</param>
    public static IReadOnlyList<Region> Find(string text, bool markdown, string where)
    {
        var lines = Lines(text);
        var regions = new List<Region>();
        int? begin = null;
        string? id = null;
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (Marker(line, "BEGIN", markdown) is { } named)
            {
                if (begin is not null)
                {
                    throw new InvalidDataException($"{where}, line {i + 1}: BEGIN SOLUTION inside the region opened on line {begin + 1}; close it with END SOLUTION first.");
                }

                begin = i;
                id = named.Length == 0 ? null : named;
            }
            else if (Marker(line, "END", markdown) is not null)
            {
                if (begin is not int b)
                {
                    throw new InvalidDataException($"{where}, line {i + 1}: END SOLUTION without a BEGIN SOLUTION above it.");
                }

                regions.Add(new Region(b, i, lines[(b + 1)..i], id));
                begin = null;
            }
        }

        if (begin is not null)
        {
            throw new InvalidDataException($"{where}, line {begin + 1}: BEGIN SOLUTION is never closed; add a line END SOLUTION after the solution.");
        }

        return regions;
    }

    /// <summary>
    /// The item a region belongs to: the id its BEGIN marker names, which must be a row of <see cref="CheckItems"/> or one
    /// of its written items; otherwise an error naming the region's line and the ids there are.
    /// </summary>
    /// <param name="region">A region.</param>
    /// <param name="where">The file or cell, for the error.</param>
    public static string ItemOf(Region region, string where)
    {
        ArgumentNullException.ThrowIfNull(region);
        if (region.Id is { } id && (CheckItems.TryFind(id) is not null || CheckItems.WrittenItems.Contains(id)))
        {
            return id;
        }

        string ids = string.Join(", ", CheckItems.All.Select(i => i.Id).Concat(CheckItems.WrittenItems));
        return region.Id is null
            ? throw new InvalidDataException($"{where}, line {region.Begin + 1}: BEGIN SOLUTION names no item; write the id of the item it belongs to after it, e.g. BEGIN SOLUTION p1.dJ_ds (the ids: {ids}).")
            : throw new InvalidDataException($"{where}, line {region.Begin + 1}: BEGIN SOLUTION {region.Id} names no item of the table; the ids: {ids}.");
    }

    /// <summary>The stub message of an item's own answer cell: not answered yet, and the table's first hint.</summary>
    /// <param name="id">An item id.</param>
    public static string AnswerStub(string id) => $"{NotAnsweredLead}{id}. Hint: {CheckItems.Find(id).Hint}";

    /// <summary>
    /// The stub message of a function that builds on an item answered in another cell or notebook. A copy of the answer
    /// (the same name and parameters as the item's signature) says to copy that function; a function of another name or
    /// parameters says that it is not graded, to write it from the derivations or copy an earlier function of its own name
    /// and parameters, and that a copy of the item's answer would not do as it is (its parameters differ). The item's id comes first, after <see cref="NotAnsweredLead"/>, as every stub's does.
    /// </summary>
    /// <param name="id">An item id.</param>
    /// <param name="function">The signature of the function the region is in, as <see cref="CheckItem.Signature"/> writes one; null when unknown.</param>
    public static string CopyStub(string id, string? function)
    {
        var item = CheckItems.Find(id);
        string? name = function is null ? null : FunctionNameOf(function);
        return function is not null && Normalized(function) == Normalized(item.Signature)
            ? $"{NotAnsweredLead}{id}. Not graded again here: copy your {item.FunctionName} from the cell where you answered {id} (the function only, without its // answer: line)."
            : $"{NotAnsweredLead}{id}. {(name is null ? "This function" : name)} builds on {id} and is not graded: write it from your derivations, or copy it from an earlier cell where you wrote a {(name ?? "function")} with these same parameters, if there is one; it takes other parameters than your {item.FunctionName}, so a copy of that one would not do as it is.";
    }

    private static string Normalized(string signature) => string.Join(" ", signature.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).Replace(" (", "(", StringComparison.Ordinal);

    private static string? FunctionNameOf(string signature)
    {
        int open = signature.IndexOf('(', StringComparison.Ordinal);
        return open <= 0 ? null : signature[..open].Trim().Split(' ')[^1];
    }

    /// <summary>
    /// The signature of the local function or method whose body holds <paramref name="line"/> (0-based) of a cell, written
    /// as <see cref="CheckItem.Signature"/> writes one ("Vector&lt;double&gt; dJ_ds(Vector&lt;double&gt; y, …)"), or null
    /// when the line is in none.
    /// </summary>
    /// <param name="text">The cell's C#.</param>
    /// <param name="line">A line of the cell.</param>
    public static string? EnclosingFunction(string text, int line)
    {
        var tree = CSharpSyntaxTree.ParseText(text, CSharpParseOptions.Default.WithKind(SourceCodeKind.Script));
        var lines = tree.GetText().Lines;
        if (line < 0 || line >= lines.Count)
        {
            return null;
        }

        var at = tree.GetRoot().FindToken(lines[line].Start + (lines[line].ToString().Length - lines[line].ToString().TrimStart().Length)).Parent;
        foreach (var node in at?.AncestorsAndSelf() ?? [])
        {
            var (returns, name, parameters) = node switch
            {
                LocalFunctionStatementSyntax f => (f.ReturnType, f.Identifier.ValueText, f.ParameterList),
                MethodDeclarationSyntax m => (m.ReturnType, m.Identifier.ValueText, m.ParameterList),
                _ => (null, "", null),
            };
            if (returns is not null && parameters is not null)
            {
                return $"{returns} {name}({string.Join(", ", parameters.Parameters.Select(p => $"{p.Type} {p.Identifier.ValueText}"))})";
            }
        }

        return null;
    }

    /// <summary>The stub message of a library box.</summary>
    /// <param name="id">An item id.</param>
    public static string LibraryStub(string id) => $"{NotAnsweredLead}{id}. {HomeworkHint}";

    /// <summary>
    /// C# as a release hands it out: each region of a revealed item shows its code (markers removed); every other region
    /// becomes a throwing stub at the BEGIN marker's indentation with <see cref="RegionRules.StubMessage"/>. In
    /// <see cref="ReleaseMode.Homework"/> the summary of each member that holds a stub becomes <see cref="HomeworkSummary"/>,
    /// so that it does not state the box.
    /// </summary>
    /// <param name="text">C# source.</param>
    /// <param name="where">The file or cell, for errors.</param>
    /// <param name="rules">What the release reveals and what its stubs say.</param>
    public static string ReleaseCode(string text, string where, RegionRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var lines = Lines(text);
        var regions = Find(text, markdown: false, where).Select(r => (Region: r, Id: ItemOf(r, where))).ToArray();
        var emptied = new HashSet<int>();
        if (rules.Mode == ReleaseMode.Homework)
        {
            foreach (var (region, _) in regions.Where(r => !rules.Reveals(r.Id)))
            {
                emptied.UnionWith(ReplaceSummaryAbove(lines, region.Begin));
            }
        }

        var output = new List<string>();
        int next = 0;
        foreach (var (region, id) in regions)
        {
            output.AddRange(lines[next..region.Begin].Where((_, i) => !emptied.Contains(next + i)));
            if (rules.Reveals(id))
            {
                output.AddRange(region.Lines);
            }
            else
            {
                string indent = lines[region.Begin][..(lines[region.Begin].Length - lines[region.Begin].TrimStart().Length)];
                output.Add($"{indent}throw new NotImplementedException(\"{Escape(rules.StubMessage(id, EnclosingFunction(text, region.Begin)))}\");");
            }

            next = region.End + 1;
        }

        output.AddRange(lines[next..]);
        return string.Join("\n", output);
    }

    /// <summary>
    /// Markdown as a release hands it out. A revealed item's region shows its solution (markers and opening comment
    /// removed); any other region with a question becomes <see cref="QuestionLead"/> and the question in homework, one with
    /// a homework text (<c>&lt;!-- HOMEWORK: … --&gt;</c>) becomes that text as plain prose in homework, and either shows its
    /// solution in tutorial; a region with neither, a written answer's model answer, becomes <see cref="MarkdownPlaceholder"/>.
    /// </summary>
    /// <param name="text">Markdown.</param>
    /// <param name="where">The cell, for errors.</param>
    /// <param name="rules">What the release reveals and its mode.</param>
    public static string ReleaseMarkdown(string text, string where, RegionRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var lines = Lines(text);
        var output = new List<string>();
        int next = 0;
        foreach (var region in Find(text, markdown: true, where))
        {
            string id = ItemOf(region, where);
            output.AddRange(lines[next..region.Begin]);
            var question = Question(region, where);
            var homework = HomeworkText(region, where);
            if (rules.Reveals(id) || ((question ?? homework) is not null && rules.Mode == ReleaseMode.Tutorial))
            {
                output.AddRange(region.Lines.Skip(OpeningLines(region, where)));
            }
            else
            {
                output.Add(question is { } q ? QuestionLead + q.Text : homework is { } h ? h.Text : MarkdownPlaceholder);
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
    public static (string Text, int Lines)? Question(Region region, string where) => Opening(region, where, QuestionComment);

    /// <summary>
    /// The homework text a Markdown region opens with, <c>&lt;!-- HOMEWORK: … --&gt;</c> on its first non-blank line and
    /// possibly running over several lines, as one line of text, with how many of the region's lines it takes; null without
    /// one. A homework release that does not reveal the region's item shows that text, as plain prose, in place of the region.
    /// </summary>
    /// <param name="region">A Markdown region.</param>
    /// <param name="where">The cell, for errors.</param>
    public static (string Text, int Lines)? HomeworkText(Region region, string where) => Opening(region, where, HomeworkComment);

    /// <summary>The solution of a Markdown region: its lines after the question or homework text, if any, joined.</summary>
    /// <param name="region">A Markdown region.</param>
    /// <param name="where">The cell, for errors.</param>
    public static string Solution(Region region, string where) =>
        string.Join("\n", region.Lines.Skip(OpeningLines(region, where))).Trim('\n');

    /// <summary>The solution lines of a C# region that carry code: not blank, not a comment, not a lone brace.</summary>
    /// <param name="region">A C# region.</param>
    public static IEnumerable<string> ReferenceLines(Region region) =>
        region.Lines.Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith("//", StringComparison.Ordinal) && l is not ("{" or "}" or "};"));

    private const string QuestionComment = "QUESTION";

    private const string HomeworkComment = "HOMEWORK";

    /// <summary>How many of a region's lines its opening comment (question or homework text) takes; 0 without one.</summary>
    private static int OpeningLines(Region region, string where) =>
        (Question(region, where) ?? HomeworkText(region, where))?.Lines ?? 0;

    /// <summary>The text of a region's opening comment <c>&lt;!-- KIND: … --&gt;</c>, as one line, and the lines it takes; null without one.</summary>
    private static (string Text, int Lines)? Opening(Region region, string where, string kind)
    {
        ArgumentNullException.ThrowIfNull(region);
        string open = $"<!-- {kind}:";
        int first = 0;
        while (first < region.Lines.Count && region.Lines[first].Trim().Length == 0)
        {
            first++;
        }

        if (first == region.Lines.Count || !region.Lines[first].TrimStart().StartsWith(open, StringComparison.Ordinal))
        {
            return null;
        }

        var text = new StringBuilder();
        for (int i = first; i < region.Lines.Count; i++)
        {
            string line = region.Lines[i].Trim();
            if (i == first)
            {
                line = line[open.Length..];
            }

            int close = line.IndexOf("-->", StringComparison.Ordinal);
            text.Append(' ').Append(close >= 0 ? line[..close] : line);
            if (close >= 0)
            {
                return (string.Join(' ', text.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries)), i + 1);
            }
        }

        throw new InvalidDataException($"{where}, line {region.Begin + first + 2}: the {kind} comment is never closed; end it with -->.");
    }

    private static string[] Lines(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');

    /// <summary>The id after a BEGIN or END marker ("" when none), or null when the line is not that marker.</summary>
    private static string? Marker(string line, string which, bool markdown)
    {
        string rest;
        if (markdown)
        {
            if (!line.StartsWith("<!--", StringComparison.Ordinal) || !line.EndsWith("-->", StringComparison.Ordinal))
            {
                return null;
            }

            rest = line[4..^3].Trim();
        }
        else
        {
            if (!line.StartsWith("//", StringComparison.Ordinal))
            {
                return null;
            }

            rest = line.TrimStart('/').Trim();
        }

        string marker = which + " SOLUTION";
        return rest == marker ? "" : rest.StartsWith(marker + " ", StringComparison.Ordinal) ? rest[(marker.Length + 1)..].Trim() : null;
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
