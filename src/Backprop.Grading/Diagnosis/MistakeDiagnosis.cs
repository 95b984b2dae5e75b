using Backprop.Kernel;

namespace Backprop.Grading.Diagnosis;

/// <summary>Names the mistake behind a wrong answer: a known variant that matches the answer's output on every case.</summary>
public static class MistakeDiagnosis
{
    /// <summary>The known mistake that reproduces every output, or null.</summary>
    /// <param name="item">The item id.</param>
    /// <param name="cases">The cases the answer ran on.</param>
    /// <param name="outputs">The answer's outputs, one per case (null where it produced none).</param>
    public static KnownMistake? Diagnose(string item, IReadOnlyList<CheckCase> cases, IReadOnlyList<CheckValue?> outputs)
    {
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
