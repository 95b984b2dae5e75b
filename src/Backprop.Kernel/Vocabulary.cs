using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Kernel;

/// <summary>Maps words to indices 0..N−1 and to one-hot vectors x of length N.</summary>
public sealed class Vocabulary
{
    private readonly string[] _words;
    private readonly Dictionary<string, int> _indexOf;

    /// <summary>Builds a vocabulary from distinct, non-empty words; index order is the given order.</summary>
    /// <param name="words">The words, shape (N).</param>
    public Vocabulary(IEnumerable<string> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        _words = words.ToArray();
        if (_words.Length == 0)
        {
            throw new ArgumentException("A vocabulary needs at least one word (N ≥ 1).", nameof(words));
        }

        _indexOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < _words.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(_words[i]))
            {
                throw new ArgumentException($"Word {i} is empty; every vocabulary entry must be a non-empty word.", nameof(words));
            }

            if (!_indexOf.TryAdd(_words[i], i))
            {
                throw new ArgumentException(
                    $"\"{_words[i]}\" appears twice (indices {_indexOf[_words[i]]} and {i}); vocabulary words must be distinct.", nameof(words));
            }
        }
    }

    /// <summary>
    /// The course vocabulary, N = 8: the problem's sentence "I love machine", the word that most
    /// plausibly follows it ("learning"), and a few others to choose between.
    /// </summary>
    public static Vocabulary Default { get; } =
        new(["I", "love", "machine", "learning", "you", "deep", "models", "."]);

    /// <summary>The problem's input sentence, x_1 x_2 x_3.</summary>
    public const string ProblemSentence = "I love machine";

    /// <summary>The word the course uses as the target y after <see cref="ProblemSentence"/>.</summary>
    public const string ProblemTarget = "learning";

    /// <summary>N, the number of words.</summary>
    public int Count => _words.Length;

    /// <summary>The words in index order, shape (N).</summary>
    public IReadOnlyList<string> Words => _words;

    /// <summary>The word with index <paramref name="index"/>.</summary>
    public string this[int index]
    {
        get
        {
            Guard.WordIndex(index, Count, nameof(index));
            return _words[index];
        }
    }

    /// <summary>True when <paramref name="word"/> is in the vocabulary.</summary>
    public bool Contains(string word) => word is not null && _indexOf.ContainsKey(word);

    /// <summary>The index of <paramref name="word"/>; throws <see cref="UnknownWordException"/> listing the vocabulary otherwise.</summary>
    public int IndexOf(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        return _indexOf.TryGetValue(word, out int index) ? index : throw new UnknownWordException(word, _words);
    }

    /// <summary>Splits a sentence on white space and returns the word indices, shape (T).</summary>
    public int[] Encode(string sentence)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        var words = sentence.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            throw new ArgumentException("The sentence has no words; give at least one word, e.g. \"I love machine\".", nameof(sentence));
        }

        return words.Select(IndexOf).ToArray();
    }

    /// <summary>The words for a sequence of indices, joined by spaces.</summary>
    public string Decode(IEnumerable<int> indices) => string.Join(" ", indices.Select(i => this[i]));

    /// <summary>The one-hot vector x for a word index, shape (N).</summary>
    public Vector<double> OneHot(int index)
    {
        Guard.WordIndex(index, Count, nameof(index));
        return OneHot(index, Count);
    }

    /// <summary>The one-hot vector of word <paramref name="index"/> among <paramref name="N"/> words: 1 there, 0 elsewhere.</summary>
    internal static Vector<double> OneHot(int index, int N) => Vector<double>.Build.Dense(N, c => c == index ? 1.0 : 0.0);

    /// <summary>The one-hot vector x for a word, shape (N).</summary>
    public Vector<double> OneHot(string word) => OneHot(IndexOf(word));
}
