using Backprop.Grading.Isolation;

namespace Backprop.Grading.Scoring;

/// <summary>How to grade: the points, the sandbox limits and where to put scratch files.</summary>
/// <param name="Points">Points per item; <see cref="PointsFile.BuiltIn"/> by default.</param>
/// <param name="Sandbox">Time and memory limits for student code.</param>
/// <param name="ScratchDirectory">Parent folder for scratch files of callers; the grader itself writes none (answers travel to the children as bytes).</param>
public sealed record GraderOptions(IReadOnlyList<ItemPoints> Points, SandboxOptions Sandbox, string ScratchDirectory)
{
    /// <summary>The built-in points, default limits and the system temp folder.</summary>
    public static GraderOptions Default => new(PointsFile.BuiltIn, SandboxOptions.Default, Path.GetTempPath());
}
