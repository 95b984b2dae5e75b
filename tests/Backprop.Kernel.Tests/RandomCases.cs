using MathNet.Numerics.Random;

namespace Backprop.Kernel.Tests;

/// <summary>Seeded random problem sizes for property tests; each case is identified by its seed alone.</summary>
public static class RandomCases
{
    public static TheoryData<int> Seeds()
    {
        var data = new TheoryData<int>();
        for (int seed = 1; seed <= 30; seed++)
        {
            data.Add(seed);
        }

        return data;
    }

    /// <summary>N in 2..24, M in 1..12, T in 1..8, and the input words and target, all from <paramref name="seed"/>.</summary>
    public static (int N, int M, int[] Words, int Target) Sizes(int seed)
    {
        var random = new MersenneTwister(seed, threadSafe: false);
        int N = random.Next(2, 25), M = random.Next(1, 13), T = random.Next(1, 9);
        var words = Enumerable.Range(0, T).Select(_ => random.Next(N)).ToArray();
        return (N, M, words, random.Next(N));
    }

    public static void AssertAllPassed(GradCheckReport report, int seed)
    {
        var failed = report.Where(r => !r.Passed).ToList();
        Assert.True(report.Count > 0, $"seed {seed}: the report is empty.");
        Assert.True(failed.Count == 0, $"seed {seed}: {string.Join("; ", failed.Select(f => $"{f.Name} rel. error {f.MaxRelativeError:e2} at {f.WorstIndex}"))}\n{report}");
    }
}
