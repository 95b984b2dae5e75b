using Backprop.Grading.Written;
using Backprop.Kernel;
using Backprop.Kernel.Checking;
using Backprop.Kernel.Written;

namespace Backprop.Grading.Scoring;

/// <summary>
/// The automatic part of a written derivation: its boxed result checked by <see cref="WrittenResultChecker"/> on the public
/// and hidden cases, the verdict added to the item's output, and <see cref="ItemPoints.Auto"/> points when it agrees.
/// The LaTeX is parsed in this process: the parser has no regular expressions, bounds its recursion, tokens and nodes
/// (<see cref="WrittenLimits"/>) and never throws, so a hostile cell costs at most its own item.
/// </summary>
public static class WrittenCheck
{
    /// <summary>
    /// The cases: the course instance (T = 3, the problem set's own), then the hidden ones the code answers are checked on.
    /// </summary>
    public static IReadOnlyList<CheckCaseSpec> Specs { get; } = [CheckCaseSpec.Public[0], .. HiddenCases.Specs];

    /// <summary>An item's hidden case from <see cref="HiddenCases"/>, which the code check has built already; null for the course instance.</summary>
    /// <param name="item">The code item.</param>
    /// <param name="spec">One of <see cref="Specs"/>.</param>
    public static CheckCase? Hidden(CheckItem item, CheckCaseSpec spec)
    {
        ArgumentNullException.ThrowIfNull(item);
        int index = HiddenCases.Specs.ToList().IndexOf(spec);
        return index < 0 ? null : HiddenCases.For(item.Id)[index];
    }

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
            : WrittenResultChecker.Check(points.Id, markdown, Specs, Hidden);
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
