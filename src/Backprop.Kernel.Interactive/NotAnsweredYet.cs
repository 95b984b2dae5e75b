namespace Backprop.Kernel.Interactive;

/// <summary>
/// What a cell shows, instead of an error, when it reaches an item not answered yet (<paramref name="Ran"/>) or was not
/// run because it needs one; its text is one line. <c>backprop run</c> reads it from the cell's displayed values.
/// </summary>
/// <param name="Items">The items, e.g. "p1.dJ_ds"; one when the cell ran.</param>
/// <param name="Ran">True when the cell ran and reached a stub; false when it was not run.</param>
/// <param name="Where">Where to answer the item, e.g. "in the cell that begins \"// answer: p1.dJ_ds\"".</param>
/// <param name="Detail">The rest of the stub's message (its hint), or "".</param>
public sealed record NotAnsweredYet(IReadOnlyList<string> Items, bool Ran, string Where, string Detail)
{
    /// <summary>The one line the cell shows.</summary>
    public override string ToString() => Ran
        ? $"{Unanswered.Lead}{Items[0]} — answer it {Where}, then rerun this cell.{(Detail.Length > 0 ? " " + Detail : "")}"
        : $"not run: it needs {string.Join(", ", Items)}, not answered yet — answer {(Items.Count == 1 ? "it" : "them")}, then rerun the cell that stopped and this one.";
}
