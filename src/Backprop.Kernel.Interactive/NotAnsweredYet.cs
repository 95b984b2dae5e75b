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

    /// <summary>How an answer cell begins: "// answer: " and the item.</summary>
    public const string AnswerMark = "// answer: ";

    /// <summary>Where to answer <paramref name="item"/>: in its answer cell when the notebook has one (<paramref name="answerCell"/>), else where its stub is.</summary>
    /// <param name="item">The item, e.g. "p1.dJ_ds".</param>
    /// <param name="answerCell">True when a cell beginning "// answer: item" exists (has run).</param>
    public static string WhereToAnswer(string item, bool answerCell) => answerCell
        ? $"in the cell that begins \"{AnswerMark}{item}\""
        : $"where its stub says \"{Unanswered.Lead}{item}\"";

    /// <summary>The hint of a stub's <paramref name="message"/>: what follows "not answered yet: item.", or the whole message.</summary>
    /// <param name="item">The item the message names.</param>
    /// <param name="message">The stub's exception message.</param>
    public static string DetailOf(string item, string message)
    {
        ArgumentNullException.ThrowIfNull(item);
        string detail = (message ?? "").Trim();
        return detail.StartsWith(Unanswered.Lead + item, StringComparison.Ordinal) ? detail[(Unanswered.Lead.Length + item.Length)..].TrimStart('.', ' ') : detail;
    }
}
