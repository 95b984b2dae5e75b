using Backprop.Grading.Isolation;

namespace Backprop.Grading.Scoring;

/// <summary>How to grade: the points and the sandbox limits.</summary>
/// <param name="Points">Points per item; <see cref="PointsFile.BuiltIn"/> by default.</param>
/// <param name="Sandbox">Time and memory limits for student code.</param>
public sealed record GraderOptions(IReadOnlyList<ItemPoints> Points, SandboxOptions Sandbox)
{
    /// <summary>The built-in points and default limits.</summary>
    public static GraderOptions Default => new(PointsFile.BuiltIn, SandboxOptions.Default);
}
