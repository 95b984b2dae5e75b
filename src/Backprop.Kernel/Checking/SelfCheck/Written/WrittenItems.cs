using Backprop.Kernel.Written.Syntax;
using Backprop.Kernel;
using Backprop.Kernel.Checking;

namespace Backprop.Kernel.Written;

/// <summary>
/// A written derivation whose boxed result is checked: the code item it belongs to, the derivative its box gives, and
/// where the values of the quantities come from.
/// </summary>
/// <param name="Item">The code item, e.g. p2.dJ_dWr; the written item is "p2.dJ_dWr.derivation".</param>
/// <param name="Target">The derivative the box gives, e.g. ∂J/∂h_{t−1}.</param>
/// <param name="Recurrence">
/// Null: the quantities are the item case's inputs. Otherwise the whole recurrent case of the same spec
/// (<see cref="CheckItems.Recurrent"/>), so that a result may use any x_t, g_t, h_t, ∂J/∂h_t.
/// </param>
/// <param name="Chains">True when a result for another ∂J/∂h_k (a chain from ∂J/∂h_3) is checked too, on the recurrent case.</param>
/// <param name="OnRecurrentCase">True when the target itself is compared with the recurrent case's ∂J/∂h_k, not the item case's expected value.</param>
internal sealed record WrittenItem(string Item, Derivative Target, Recurrence? Recurrence, bool Chains = false, bool OnRecurrentCase = false)
{
    /// <summary>The written item's id in <c>notebooks/grading.json</c>.</summary>
    public string WrittenId => Item + ".derivation";

    /// <summary>The code item's row.</summary>
    public CheckItem Row => CheckItems.Find(Item);

    /// <summary>The derivatives a result may use on the right (<see cref="Written.Givens"/>), derived from <see cref="Row"/>.</summary>
    public IReadOnlyList<Given> Givens => Written.Givens.Of(this);
}

/// <summary>The written items whose boxed result is checked, one per derivation of <c>notebooks/grading.json</c>.</summary>
internal static class WrittenItems
{
    /// <summary>
    /// What a derivation cell of the homework shows before the student writes in it: how to end it. The form of the box is
    /// inline code, which the checker skips, so an untouched cell has no boxed result.
    /// </summary>
    public const string Placeholder = "*Write your derivation here, in Markdown and LaTeX, and end it with your result on a line of its own, "
        + "in the form `$$\\boxed{… = …}$$` with the derivative on the left. Save the notebook, then run the check cell below it.*";

    /// <summary>What a written answer cell in prose (e.g. <c>p3.why_residual</c>) of the homework shows before the student writes in it.</summary>
    public const string AnswerPlaceholder = "*Write your answer here.*";

    private static readonly StepIndex StepT = new("t", 0), PreviousT = new("t", -1);

    /// <summary>Every checked written item, in the order of the problem set.</summary>
    public static IReadOnlyList<WrittenItem> All { get; } =
    [
        new("p1.dJ_ds", Of("s"), null),
        new("p1.dJ_dh", Of("h"), null),
        new("p1.dJ_dWu", Of("Wu"), null),
        new("p1.dJ_dWe", Of("We"), null),
        new("p2.dJ_dg", Of("g", StepT), Kernel.Recurrence.Tanh),
        new("p2.dJ_dhPrev", Of("h", PreviousT), Kernel.Recurrence.Tanh),
        new("p2.dJ_dhs", Of("h", new StepIndex(null, 0)), Kernel.Recurrence.Tanh, Chains: true, OnRecurrentCase: true),
        new("p2.dJ_dWr", Of("Wr"), Kernel.Recurrence.Tanh),
        new("p2.dJ_dWe", Of("We"), Kernel.Recurrence.Tanh),
        new("p3.dJ_dhPrev_residual", Of("h", PreviousT), Kernel.Recurrence.Residual, Chains: true),
        new("p3.dJ_dWr_residual", Of("Wr"), Kernel.Recurrence.Residual),
        new("p3.dJ_dhPrev_leaky", Of("h", PreviousT), null),
    ];

    /// <summary>The checked written item for a written id ("p2.dJ_dWr.derivation") or a code id ("p2.dJ_dWr"), or null.</summary>
    /// <param name="id">An id from <c>notebooks/grading.json</c>.</param>
    public static WrittenItem? Find(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        string item = id.EndsWith(".derivation", StringComparison.Ordinal) ? id[..^".derivation".Length] : id;
        return All.FirstOrDefault(w => w.Item == item);
    }

    private static Derivative Of(string name, StepIndex? at = null) => new(new Symbol(name, at));
}
