using System.Text.RegularExpressions;

namespace Backprop.Kernel.Written;

/// <summary>
/// The first-line marker of an answer cell, the one rule for the grader (its cell identities) and the written
/// self-check (which finds the student's derivation cell): <c>// answer: id</c> in code, <c>&lt;!-- answer: id --&gt;</c>
/// in markdown.
/// </summary>
internal static partial class AnswerMarker
{
    /// <summary>The item id the first non-blank line of <paramref name="source"/> names, or null.</summary>
    /// <param name="code">True for a code cell, false for a markdown cell.</param>
    /// <param name="source">The cell's source.</param>
    public static string? OfFirstLine(bool code, string source)
    {
        string first = source.TrimStart().Split('\n', 2)[0].Trim();
        var match = (code ? CodeMarker() : MarkdownMarker()).Match(first);
        return match.Success ? match.Groups["id"].Value : null;
    }

    [GeneratedRegex(@"^//\s*answer\s*:\s*(?<id>[\w.]+)\s*$")]
    private static partial Regex CodeMarker();

    [GeneratedRegex(@"^<!--\s*answer\s*:\s*(?<id>[\w.]+)\s*-->\s*$")]
    private static partial Regex MarkdownMarker();
}
