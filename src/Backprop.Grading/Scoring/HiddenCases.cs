using System.Collections.Concurrent;
using Backprop.Kernel;

namespace Backprop.Grading.Scoring;

/// <summary>
/// The cases the grader uses: the same <see cref="CheckItems"/> builders and <see cref="CheckEngine"/> comparison as the
/// self-checks, on secret seeds that draw their own sizes (N, M, T, words, target, step). Built once per process.
/// </summary>
public static class HiddenCases
{
    /// <summary>The secret seeds. They live only in the grader, which students never receive.</summary>
    public static IReadOnlyList<CheckCaseSpec> Specs { get; } = [new(90417), new(271828), new(314159), new(577215)];

    private static readonly ConcurrentDictionary<string, IReadOnlyList<CheckCase>> Built = new();

    /// <summary>The hidden cases of one item, with their expected values from central differences.</summary>
    /// <param name="item">The item id.</param>
    public static IReadOnlyList<CheckCase> For(string item) =>
        Built.GetOrAdd(item, id => Specs.Select(ItemKeys.For(id).Build).ToArray());
}
