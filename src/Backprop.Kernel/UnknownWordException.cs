namespace Backprop.Kernel;

/// <summary>Thrown when a word is not in the vocabulary; the message lists the words that are.</summary>
public sealed class UnknownWordException : ArgumentException
{
    /// <summary>Creates the exception for <paramref name="word"/>, listing <paramref name="vocabulary"/>.</summary>
    /// <param name="word">The word that was looked up.</param>
    /// <param name="vocabulary">The words the vocabulary does hold, in index order.</param>
    public UnknownWordException(string word, IReadOnlyList<string> vocabulary)
        : base($"Unknown word \"{word}\". The vocabulary has {vocabulary.Count} words: {string.Join(", ", vocabulary.Select((w, i) => $"{i}:{w}"))}. " +
               "Use one of these (matching is case-sensitive), or build a Vocabulary that includes it.")
    {
        Word = word;
    }

    /// <summary>The word that was not found.</summary>
    public string Word { get; }
}
