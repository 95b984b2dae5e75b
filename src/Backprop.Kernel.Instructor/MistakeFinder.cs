using Backprop.Kernel.Checking;

namespace Backprop.Kernel;

/// <summary>Names the mistake behind a wrong answer: a known mistake of the item's key that matches the answer's output on every case.</summary>
public static class MistakeFinder
{
    /// <summary>The known mistake that reproduces every output, or null.</summary>
    /// <param name="item">The row.</param>
    /// <param name="cases">The cases the answer ran on.</param>
    /// <param name="outputs">The answer's outputs, one per case (null where it produced none).</param>
    /// <param name="problems">What went wrong on each case without an output (null where there was one).</param>
    public static KnownMistake? Diagnose(CheckItem item, IReadOnlyList<CheckCase> cases, IReadOnlyList<CheckValue?> outputs, IReadOnlyList<string?>? problems = null)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(outputs);
        var mistakes = ItemKeys.For(item).Mistakes;
        if (mistakes.Count == 0)
        {
            return null;
        }

        // A BPTT loop that stops one step early leaves ∂J/∂h_0 unset: the list comes back with a null in it.
        if (item.Id == CheckItems.P2.dJ_dhs.Id && problems is { Count: > 0 } && problems.All(p => p?.Contains("null vector", StringComparison.Ordinal) == true))
        {
            return mistakes.FirstOrDefault(m => m.Explanation == ItemKeys.StopsEarly);
        }

        if (outputs.All(o => o is null))
        {
            return null;
        }

        return mistakes.FirstOrDefault(mistake => cases.Select((c, i) => (Case: c, Output: outputs[i]))
            .All(x => x.Output is not null && Matches(mistake, x.Case, x.Output)));
    }

    private static bool Matches(KnownMistake mistake, CheckCase @case, CheckValue output)
    {
        CheckValue wrong;
        try
        {
            wrong = CheckValue.From(mistake.Compute(@case.FreshInputs()));
        }
        catch (Exception e) when (e is CheckOutputException or ArgumentException or InvalidCastException or IndexOutOfRangeException)
        {
            return false;
        }

        // The same rule as grading, with the wrong answer in place of central differences.
        return CheckEngine.Compare(@case with { Expected = wrong }, output).Passed;
    }
}
