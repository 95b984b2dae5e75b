using MathNet.Numerics.Random;

namespace Backprop.Kernel;

/// <summary>
/// "Remember the first word": a sequence x_1, x_2 … x_T of words drawn uniformly from N, and the target y = x_1.
/// Only the first step carries information about the target; the T − 1 words after it are distractors.
/// Guessing scores 1/N.
/// </summary>
/// <param name="N">Vocabulary size, 2 ≤ N ≤ 1000.</param>
/// <param name="T">Sequence length, 1 ≤ T ≤ 500.</param>
public sealed record FirstWordTask(int N, int T)
{
    /// <summary>Throws a clear error when N or T is out of range.</summary>
    public void Validate()
    {
        if (N is < 2 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(N), N, "The vocabulary size N must be between 2 and 1000.");
        }

        if (T is < 1 or > 500)
        {
            throw new ArgumentOutOfRangeException(nameof(T), T, "The sequence length T must be between 1 and 500.");
        }
    }

    /// <summary><paramref name="count"/> seeded examples: the same seed gives the same sequences.</summary>
    /// <param name="count">How many, 1..100000.</param>
    /// <param name="seed">Seed of the words.</param>
    public IReadOnlyList<(int[] Words, int Target)> Sample(int count, int seed)
    {
        Validate();
        if (count is < 1 or > 100_000)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "Draw between 1 and 100000 examples.");
        }

        var random = new MersenneTwister(seed, threadSafe: false);
        var examples = new (int[] Words, int Target)[count];
        for (int i = 0; i < count; i++)
        {
            var words = new int[T];
            for (int t = 0; t < T; t++)
            {
                words[t] = random.Next(N);
            }

            examples[i] = (words, words[0]); // y = x_1
        }

        return examples;
    }
}
