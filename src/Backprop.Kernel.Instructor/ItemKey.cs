using Backprop.Kernel.Checking;

namespace Backprop.Kernel;

/// <summary>
/// The instructor's side of one row of <see cref="CheckItems"/>: the whole hint ladder (the row's first hint, then
/// rungs that look closer) and the known mistakes. The grader's feedback may use them; no release contains them.
/// </summary>
public abstract class ItemKey
{
    private protected ItemKey(CheckItem item, IReadOnlyList<string> laterHints)
    {
        Item = item;
        Hints = [item.Hint, .. laterHints];
    }

    /// <summary>The row.</summary>
    public CheckItem Item { get; }

    /// <summary>The hint ladder: [0] is the row's first nudge (the one a release shows), later rungs look closer.</summary>
    public IReadOnlyList<string> Hints { get; }

    /// <summary>The common wrong answers to the item, each with what is wrong in words.</summary>
    public abstract IReadOnlyList<KnownMistake> Mistakes { get; }

    /// <summary>
    /// Builds one case of the item: the row's own builder, except where the row has public cases only (gradient
    /// clipping), whose other cases are built here.
    /// </summary>
    /// <param name="spec">A public or a hidden spec.</param>
    public virtual CheckCase Build(CheckCaseSpec spec) => Item.Build(spec);
}

/// <summary>The key of a row whose answers have the delegate type <typeparamref name="TAnswer"/>.</summary>
/// <typeparam name="TAnswer">The answer's signature.</typeparam>
public sealed class ItemKey<TAnswer> : ItemKey
    where TAnswer : Delegate
{
    private readonly Func<CheckCaseSpec, CheckCase>? _build;

    internal ItemKey(CheckItem<TAnswer> item, IReadOnlyList<string> laterHints, IReadOnlyList<(string Name, string Explanation, TAnswer Wrong)> mistakes,
        Func<CheckCaseSpec, CheckCase>? build = null)
        : base(item, laterHints)
    {
        Row = item;
        Mistakes = mistakes.Select(m => (KnownMistake)new KnownMistake<TAnswer>(item, m.Name, m.Explanation, m.Wrong)).ToArray();
        _build = build;
    }

    /// <summary>The row, typed.</summary>
    public CheckItem<TAnswer> Row { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<KnownMistake> Mistakes { get; }

    /// <inheritdoc/>
    public override CheckCase Build(CheckCaseSpec spec) => _build is { } build ? build(spec) : base.Build(spec);
}
