using System.Text.Json.Nodes;

namespace Backprop.Grading.Notebooks;

/// <summary>One cell of a notebook as the grader sees it: its kind, its source text and its backprop identity.</summary>
/// <param name="Index">The cell's position, counting from 1, for messages.</param>
/// <param name="Kind">"code", "markdown" or "raw".</param>
/// <param name="Source">The source, lines joined.</param>
/// <param name="Identity">What the backprop metadata and the first-line marker say about the cell.</param>
/// <param name="Node">The cell's JSON, for rewriting it in the release.</param>
public sealed record NotebookCell(int Index, string Kind, string Source, CellIdentity Identity, JsonObject Node)
{
    /// <summary>True for code cells.</summary>
    public bool IsCode => Kind == "code";
}
