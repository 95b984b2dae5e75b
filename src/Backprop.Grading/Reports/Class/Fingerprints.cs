namespace Backprop.Grading.Reports.Class;

/// <summary>
/// Winnowing (Schleimer, Wilkerson and Aiken 2003, the method behind MOSS): hash every run of <see cref="K"/>
/// consecutive tokens, and keep the smallest hash of every window of <see cref="Window"/> consecutive hashes. Any run
/// of K + Window − 1 tokens that two answers share yields at least one shared fingerprint; runs shorter than K never do.
/// </summary>
public static class Fingerprints
{
    /// <summary>Tokens per hashed run: shorter shared runs (e.g. one statement) are noise.</summary>
    public const int K = 5;

    /// <summary>Hashes per window.</summary>
    public const int Window = 4;

    /// <summary>The winnowed fingerprints of a token sequence (empty when it has fewer than K tokens).</summary>
    /// <param name="tokens">Normalised tokens, from <see cref="AnswerTokens.Of"/>.</param>
    public static IReadOnlySet<ulong> Of(IReadOnlyList<string> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var hashes = new ulong[Math.Max(0, tokens.Count - K + 1)];
        for (int i = 0; i < hashes.Length; i++)
        {
            hashes[i] = Hash(tokens, i);
        }

        var kept = new HashSet<ulong>();
        for (int start = 0; start < hashes.Length; start++)
        {
            int end = Math.Min(start + Window, hashes.Length);
            ulong smallest = ulong.MaxValue;
            for (int j = start; j < end; j++)
            {
                smallest = Math.Min(smallest, hashes[j]);
            }

            kept.Add(smallest);
            if (end == hashes.Length)
            {
                break;
            }
        }

        return kept;
    }

    // FNV-1a over the K tokens, with a separator so that ("ab","c") and ("a","bc") differ.
    private static ulong Hash(IReadOnlyList<string> tokens, int start)
    {
        ulong hash = 14695981039346656037UL;
        for (int t = start; t < start + K; t++)
        {
            foreach (char c in tokens[t])
            {
                hash = (hash ^ c) * 1099511628211UL;
            }

            hash = (hash ^ 0x1F) * 1099511628211UL;
        }

        return hash;
    }
}
