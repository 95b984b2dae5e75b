using Backprop.Kernel;

namespace Backprop.Grading.Diagnosis;

/// <summary>The grader's view of <see cref="MistakeFinder"/>: the known mistakes live in the table of items.</summary>
public static class MistakeDiagnosis
{
    /// <summary>The known mistake that reproduces every output, or null.</summary>
    /// <param name="item">The item id.</param>
    /// <param name="cases">The cases the answer ran on.</param>
    /// <param name="outputs">The answer's outputs, one per case (null where it produced none).</param>
    /// <param name="problems">What went wrong on each case without an output (null where there was one).</param>
    public static KnownMistake? Diagnose(string item, IReadOnlyList<CheckCase> cases, IReadOnlyList<CheckValue?> outputs, IReadOnlyList<string?>? problems = null) =>
        MistakeFinder.Diagnose(CheckItems.Find(item), cases, outputs, problems);
}
