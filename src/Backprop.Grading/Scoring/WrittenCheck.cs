using Backprop.Grading.Written;
using Backprop.Kernel;

namespace Backprop.Grading.Scoring;

/// <summary>
/// The automatic part of a written derivation: its boxed result checked by <see cref="WrittenResultChecker"/> on the public
/// and hidden cases, the verdict added to the item's output, and <see cref="ItemPoints.Auto"/> points when it agrees.
/// The LaTeX is parsed in this process: the parser has no regular expressions, bounds its recursion, tokens and nodes
/// (<see cref="WrittenLimits"/>) and never throws, so a hostile cell costs at most its own item.
/// </summary>
public static class WrittenCheck
{
    /// <summary>The cases: the public ones, then the hidden ones, as for the code items.</summary>
    public static IReadOnlyList<CheckCaseSpec> Specs { get; } = [.. CheckCaseSpec.Public, .. HiddenCases.Specs];

    /// <summary>The written item's result with its automatic check, or <paramref name="result"/> unchanged for prose items.</summary>
    /// <param name="result">The manual item's result.</param>
    /// <param name="points">Its points, with the automatic part.</param>
    /// <param name="markdown">The student's cell, or null when there is none.</param>
    public static ItemResult Apply(ItemResult result, ItemPoints points, string? markdown)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(points);
        if (WrittenItems.Find(points.Id) is null)
        {
            return result;
        }

        var verdict = markdown is null
            ? new WrittenVerdict(points.Id, WrittenStatus.NoResult, "No written answer cell, so no boxed result to check.", null, null, [], 0)
            : WrittenResultChecker.Check(points.Id, markdown, Specs);
        string part = points.Auto > 0 ? $"{points.Auto:0.##} of the {points.Points:0.##} points" : "no points: a person grades the derivation";
        return result with
        {
            Score = verdict.Status == WrittenStatus.Agrees ? points.Auto : 0,
            AutoPoints = points.Auto,
            Written = verdict,
            Mistake = verdict.Mistake,
            Output = result.Output + $"\nBoxed result, checked automatically ({part}): {verdict.Feedback}",
        };
    }
}
