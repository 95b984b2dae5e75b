using MathNet.Numerics.Random;

namespace Backprop.Kernel;

/// <summary>
/// "Find the key": a vocabulary of N words whose first K are keys and the other N − K distractors. A sequence of T words
/// holds exactly one key, at a position p drawn uniformly from 2..⌊T/2⌋; every other word is a distractor drawn
/// uniformly. The target is the key, y = x_p. The key never sits at step 1 and always lies at least ⌈T/2⌉ steps before
/// the end, so no position is special, h_0 = 0 tells nothing, and the answer has to be carried over T − p ≥ T/2 steps.
/// Guessing among the keys scores 1/K.
/// </summary>
/// <param name="N">Vocabulary size, 3 ≤ N ≤ 1000.</param>
/// <param name="K">Number of keys, 2 ≤ K ≤ N − 1 (words 0..K−1).</param>
/// <param name="T">Sequence length, 4 ≤ T ≤ 500.</param>
/// <param name="KeyAtStart">Put the key at step 1 every time instead (the shortcut variant, for comparison: step 1 is the
/// only step without recurrent input, h_0 = 0, so it is special).</param>
public sealed record KeyWordTask(int N, int K, int T, bool KeyAtStart = false)
{
    /// <summary>The accuracy of guessing a key uniformly, 1/K.</summary>
    public double Chance => 1.0 / K;

    /// <summary>Throws a clear error when N, K or T is out of range.</summary>
    public void Validate()
    {
        if (N is < 3 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(N), N, "The vocabulary size N must be between 3 and 1000.");
        }

        if (K < 2 || K > N - 1)
        {
            throw new ArgumentOutOfRangeException(nameof(K), K, $"The number of keys K must be between 2 and N − 1 = {N - 1}, so that at least one distractor is left.");
        }

        if (T is < 4 or > 500)
        {
            throw new ArgumentOutOfRangeException(nameof(T), T, "The sequence length T must be between 4 and 500 (the key sits at 2..T/2).");
        }
    }

    /// <summary><paramref name="count"/> seeded examples: the same seed gives the same sequences.</summary>
    /// <param name="count">How many, 1..100000.</param>
    /// <param name="seed">Seed of the words and key positions.</param>
    public IReadOnlyList<KeyExample> Sample(int count, int seed)
    {
        Validate();
        if (count is < 1 or > 100_000)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "Draw between 1 and 100000 examples.");
        }

        var random = new MersenneTwister(seed, threadSafe: false);
        var examples = new KeyExample[count];
        for (int i = 0; i < count; i++)
        {
            var words = new int[T];
            for (int t = 0; t < T; t++)
            {
                words[t] = K + random.Next(N - K); // a distractor
            }

            int p = KeyAtStart ? 1 : 2 + random.Next(T / 2 - 1); // 2..⌊T/2⌋
            int key = random.Next(K);
            words[p - 1] = key;
            examples[i] = new KeyExample(words, key, p);
        }

        return examples;
    }

    /// <summary>
    /// The control: the same examples with one more distractor, drawn from <paramref name="seed"/>, put in front, so every
    /// word moves one step later and the sequences are T + 1 long. A model that reads the key keeps its accuracy; one that
    /// had learned a position would not.
    /// </summary>
    /// <param name="examples">Examples of this task.</param>
    /// <param name="seed">Seed of the inserted words.</param>
    public IReadOnlyList<KeyExample> WithWordInFront(IReadOnlyList<KeyExample> examples, int seed)
    {
        ArgumentNullException.ThrowIfNull(examples);
        var random = new MersenneTwister(seed, threadSafe: false);
        return examples.Select(e => new KeyExample([K + random.Next(N - K), .. e.Words], e.Target, e.KeyPosition + 1)).ToArray();
    }
}

/// <summary>One sequence of <see cref="KeyWordTask"/>.</summary>
/// <param name="Words">x_1 … x_T, shape (T).</param>
/// <param name="Target">The key y = x_p.</param>
/// <param name="KeyPosition">p, the step (1-based) at which the key is read.</param>
public sealed record KeyExample(int[] Words, int Target, int KeyPosition);
