using Backprop.Kernel;

namespace Backprop.Grading.Answers;

/// <summary>
/// One auto-graded item as the grader sees it, read from its row of <see cref="CheckItems"/>: the id (p2.dJ_dWr), the
/// function an answer cell defines (dJ_dWr), the row's delegate type (the answer's exact signature) and the signature
/// in C# for messages.
/// </summary>
/// <param name="Id">The item id.</param>
/// <param name="FunctionName">The name of the function the answer cell defines.</param>
/// <param name="DelegateType">The row's <c>Func&lt;…&gt;</c> type: the answer's exact signature.</param>
/// <param name="Signature">The signature as students see it in docs/answer-cells.md.</param>
public sealed record GradedItem(string Id, string FunctionName, Type DelegateType, string Signature)
{
    /// <summary>Every auto-graded item, in the order of <see cref="CheckItems.All"/>.</summary>
    public static IReadOnlyList<GradedItem> All { get; } = CheckItems.All.Select(From).ToArray();

    /// <summary>The item with this id, or null.</summary>
    /// <param name="id">An item id.</param>
    public static GradedItem? Find(string id) => All.FirstOrDefault(i => i.Id == id);

    /// <summary>
    /// The items whose answer cells this answer is compiled with (the row's <see cref="CheckItem.UsedItems"/>, in
    /// notebook order): e.g. p2.dJ_dhs uses p2.dJ_dg and p2.dJ_dhPrev.
    /// </summary>
    public IReadOnlyList<string> Uses { get; init; } = [];

    /// <summary>The argument types, in order.</summary>
    public IReadOnlyList<Type> ParameterTypes => DelegateType.GetGenericArguments()[..^1];

    /// <summary>The return type.</summary>
    public Type ReturnType => DelegateType.GetGenericArguments()[^1];

    /// <summary>The grader's view of one row of the table.</summary>
    /// <param name="row">A row of <see cref="CheckItems"/>.</param>
    public static GradedItem From(CheckItem row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new GradedItem(row.Id, row.FunctionName, row.DelegateType, row.Signature) { Uses = row.UsedItems.Select(u => u.Id).ToArray() };
    }
}
