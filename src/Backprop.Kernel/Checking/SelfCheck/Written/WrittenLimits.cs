namespace Backprop.Kernel.Written;

/// <summary>
/// The budget of one written check. A student's LaTeX is untrusted input: every stage stops at these bounds with a
/// message, so a hostile cell costs at most its own item. The largest boxed result of the problem set is about 300
/// characters, 120 tokens and 8 levels deep.
/// </summary>
internal static class WrittenLimits
{
    /// <summary>The longest written-answer cell that is searched for a boxed result, in characters.</summary>
    public const int MaxCellChars = 200_000;

    /// <summary>The longest boxed result that is read, in characters.</summary>
    public const int MaxResultChars = 4_000;

    /// <summary>The most tokens of a boxed result.</summary>
    public const int MaxTokens = 1_500;

    /// <summary>The deepest nesting of groups, fractions and function arguments.</summary>
    public const int MaxDepth = 40;

    /// <summary>The most nodes of the expression tree.</summary>
    public const int MaxNodes = 1_000;

    /// <summary>The most terms one sum may add up.</summary>
    public const int MaxSumTerms = 64;

    /// <summary>The most node visits of one whole check: the result on every case, then the mistake search until this runs out.</summary>
    public const int MaxTotalSteps = 100_000;

    /// <summary>The most alternative forms tried when naming a mistake.</summary>
    public const int MaxMutations = 80;
}

/// <summary>A boxed result exceeded <see cref="WrittenLimits"/>; the message says which bound.</summary>
/// <param name="message">The bound and the size met.</param>
internal sealed class WrittenLimitException(string message) : Exception(message);
