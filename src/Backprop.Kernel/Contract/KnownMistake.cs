namespace Backprop.Kernel;

/// <summary>A common wrong answer to one item, computed from the same inputs as the answer, so a match names it.</summary>
/// <param name="Name">The mistake in a few words, one of <see cref="MistakeNames"/>.</param>
/// <param name="Explanation">What is wrong, in words; never the right formula.</param>
/// <param name="Compute">The wrong answer, from the case inputs in signature order.</param>
public sealed record KnownMistake(string Name, string Explanation, Func<object[], object> Compute);
