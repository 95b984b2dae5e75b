namespace Backprop.Runner;

/// <summary>A cell that stopped at an unanswered item, or was not run because it needs one.</summary>
/// <param name="CellNumber">The 1-based position of the cell, markdown counted.</param>
/// <param name="Items">The items it needs, e.g. "p1.dJ_ds".</param>
/// <param name="Ran">True when the cell ran and reached a stub; false when it was not run.</param>
public sealed record UnansweredCell(int CellNumber, IReadOnlyList<string> Items, bool Ran)
{
    /// <summary>One line for the cell: which item to answer first.</summary>
    public string Message => Ran
        ? $"stopped at {Items[0]}, not answered yet: answer it first"
        : $"not run: it needs {string.Join(", ", Items)}, not answered yet: answer {(Items.Count == 1 ? "it" : "them")} first";
}
