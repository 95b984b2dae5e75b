using System.Text.Json.Nodes;
using Backprop.Kernel.Written;

namespace Backprop.Grading.Notebooks;

/// <summary>
/// What a cell is in the answer-cell contract: an answer (metadata <c>backprop.answer</c> or a first line
/// <c>// answer: id</c>), a check (<c>backprop.check</c>), a manual answer (<c>backprop.manual</c> or a first line
/// <c>&lt;!-- answer: id --&gt;</c>), instructor-only (<c>backprop.instructor: true</c>), or nothing special.
/// </summary>
/// <param name="Answer">The answer item, from metadata first, else from the first-line marker.</param>
/// <param name="Check">The item this cell checks.</param>
/// <param name="Manual">The manual item this markdown cell answers.</param>
/// <param name="Instructor">True if the cell is removed from the release.</param>
public sealed record CellIdentity(string? Answer, string? Check, string? Manual, bool Instructor)
{
    /// <summary>Reads the identity from the cell's metadata and first line; junk metadata counts as absent.</summary>
    /// <param name="kind">The cell type.</param>
    /// <param name="metadata">The cell's metadata, or null.</param>
    /// <param name="source">The cell's source.</param>
    public static CellIdentity Read(string kind, JsonNode? metadata, string source)
    {
        var backprop = (metadata as JsonObject)?["backprop"] as JsonObject;
        string? answer = Text(backprop?["answer"]);
        string? manual = Text(backprop?["manual"]);
        string? marker = FirstLineMarker(kind, source);
        if (kind == "code")
        {
            answer ??= marker;
        }
        else if (kind == "markdown")
        {
            manual ??= marker;
        }

        bool instructor = backprop?["instructor"] is JsonValue v && v.TryGetValue(out bool flag) && flag;
        return new CellIdentity(kind == "code" ? answer : null, Text(backprop?["check"]), kind == "markdown" ? manual : null, instructor);
    }

    /// <summary>The item named by a first line <c>// answer: id</c> (code) or <c>&lt;!-- answer: id --&gt;</c> (markdown).</summary>
    /// <param name="kind">The cell type.</param>
    /// <param name="source">The cell's source.</param>
    public static string? FirstLineMarker(string kind, string source) => AnswerMarker.OfFirstLine(kind == "code", source);

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue(out string? text) && !string.IsNullOrWhiteSpace(text) ? text.Trim() : null;
}
