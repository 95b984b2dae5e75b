namespace Backprop.Grading.Diagnosis;

/// <summary>A common wrong answer to one item, computed from the same inputs as the answer, so a match names it.</summary>
/// <param name="Item">The item id.</param>
/// <param name="Name">The mistake in a few words, e.g. "flipped sign".</param>
/// <param name="Explanation">What the right answer does instead.</param>
/// <param name="Compute">The wrong answer, from the case inputs in signature order.</param>
public sealed record KnownMistake(string Item, string Name, string Explanation, Func<object[], object> Compute);
