using Backprop.Kernel;

namespace Backprop.Grading.Diagnosis;

/// <summary>Names the mistake behind a wrong answer: a known variant that matches the answer's output on every case.</summary>
public static class MistakeDiagnosis
{
    /// <summary>The known mistake that reproduces every output, or null.</summary>
    /// <param name="item">The item id.</param>
    /// <param name="cases">The cases the answer ran on.</param>
    /// <param name="outputs">The answer's outputs, one per case (null where it produced none).</param>
    /// <param name="problems">What went wrong on each case without an output (null where there was one).</param>
    public static KnownMistake? Diagnose(string item, IReadOnlyList<CheckCase> cases, IReadOnlyList<CheckValue?> outputs, IReadOnlyList<string?>? problems = null)
    {
        // A BPTT loop that stops one step early leaves ∂J/∂h_0 unset: the list comes back with a null in it.
        if (item == "p2.dJ_dhs" && problems is not null && problems.All(p => p?.Contains("null vector", StringComparison.Ordinal) == true))
        {
            return new KnownMistake(item, MistakeCatalog.Names.OffByOne, "the loop must run down to t = 1 so that ∂J/∂h_0 (index 0) is filled in too.", _ => throw new InvalidOperationException());
        }

        if (outputs.All(o => o is null))
        {
            return null;
        }

        return MistakeCatalog.For(item).FirstOrDefault(mistake => cases.Select((c, i) => (Case: c, Output: outputs[i]))
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

        // The same comparison as grading, with the wrong answer in place of central differences.
        return CheckEngine.Compare(@case with { Expected = wrong }, output).Passed;
    }
}
