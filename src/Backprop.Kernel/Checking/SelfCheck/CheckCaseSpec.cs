using MathNet.Numerics.Random;

namespace Backprop.Kernel.Checking;

/// <summary>
/// Which case to build: the course instance (N = 8, M = 4, "I love machine" → "learning"), or sizes,
/// weights, words and the step t all drawn from <see cref="Seed"/>.
/// </summary>
/// <param name="Seed">The seed of everything random in the case.</param>
/// <param name="CourseInstance">True for the course's own instance; the seed then only picks t.</param>
/// <param name="PlainDifferences">
/// Expected values from GradCheck's default, plain central differences with ε = 1e-5, instead of the self-checks'
/// Richardson-extrapolated ones; used to show that the two agree under the one <see cref="PassRule"/>.
/// </param>
public sealed record CheckCaseSpec(int Seed, bool CourseInstance = false, bool PlainDifferences = false)
{
    /// <summary>The cases a student's self-check runs: the course instance and two small random ones.</summary>
    public static IReadOnlyList<CheckCaseSpec> Public { get; } = [new(CourseProblems.Seed, CourseInstance: true), new(7), new(11)];

    /// <summary>N in 3..12, M in 2..8, T in 2..6, the words, the target and a step t in 1..T.</summary>
    internal CheckSizes Sizes()
    {
        var random = new MersenneTwister(Seed, threadSafe: false);
        if (CourseInstance)
        {
            int[] sentence = CourseProblems.Sentence;
            return new CheckSizes(CourseProblems.Vocabulary.Count, CourseProblems.HiddenSize, sentence, CourseProblems.Target, 1 + random.Next(sentence.Length));
        }

        int N = random.Next(3, 13), M = random.Next(2, 9), T = random.Next(2, 7);
        var words = Enumerable.Range(0, T).Select(_ => random.Next(N)).ToArray();
        return new CheckSizes(N, M, words, random.Next(N), 1 + random.Next(T));
    }
}

/// <summary>The drawn sizes of one case. T = Words.Length; Step is the t a one-step answer is asked about.</summary>
internal sealed record CheckSizes(int N, int M, int[] Words, int Target, int Step)
{
    public int T => Words.Length;

    public override string ToString() => $"N={N} M={M} T={T}";
}
