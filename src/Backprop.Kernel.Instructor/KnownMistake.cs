using Backprop.Kernel.Checking;

namespace Backprop.Kernel;

/// <summary>A common wrong answer to one item, computed from the same inputs as the answer, so a match names it.</summary>
public abstract class KnownMistake
{
    private protected KnownMistake(string name, string explanation)
    {
        Name = name;
        Explanation = explanation;
    }

    /// <summary>The mistake in a few words, one of <see cref="MistakeNames"/>.</summary>
    public string Name { get; }

    /// <summary>What is wrong, in words; never the right formula.</summary>
    public string Explanation { get; }

    /// <summary>The wrong answer on case inputs in signature order.</summary>
    /// <param name="inputs">The case inputs.</param>
    public abstract object? Compute(object[] inputs);
}

/// <summary>A known mistake written as a function of the item's own signature.</summary>
/// <typeparam name="TAnswer">The item's answer type, a <c>Func&lt;…&gt;</c>.</typeparam>
public sealed class KnownMistake<TAnswer> : KnownMistake
    where TAnswer : Delegate
{
    private readonly Func<object[], object?> _bound;

    /// <summary>A mistake of <paramref name="item"/>: <paramref name="wrong"/> takes the answer's arguments.</summary>
    /// <param name="item">The row.</param>
    /// <param name="name">One of <see cref="MistakeNames"/>.</param>
    /// <param name="explanation">What is wrong, in words.</param>
    /// <param name="wrong">The wrong answer.</param>
    public KnownMistake(CheckItem<TAnswer> item, string name, string explanation, TAnswer wrong)
        : base(name, explanation)
    {
        ArgumentNullException.ThrowIfNull(item);
        Wrong = wrong;
        _bound = item.Bind(wrong);
    }

    /// <summary>The wrong answer, with the item's signature.</summary>
    public TAnswer Wrong { get; }

    /// <inheritdoc/>
    public override object? Compute(object[] inputs) => _bound(inputs);
}
