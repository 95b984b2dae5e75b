namespace Backprop.Grading.Reports.Class;

/// <summary>
/// Finds pairs of submissions with near-identical answer cells, calibrated so that what many students write alike is
/// not evidence. Per item, fingerprints (<see cref="Fingerprints"/>) found in at least <see cref="CommonShare"/> of the
/// submissions, or in at least <see cref="CommonMinimum"/> of them, are common, e.g. the signature and the one-line
/// answer to a 3-line box; only the rest, the distinctive fingerprints, count. A pair is reported when
/// <list type="bullet">
/// <item>on <see cref="ItemsForStructure"/> or more items their answers share most of their distinctive code
/// (an identical non-trivial structure); or</item>
/// <item>on one item both are wrong in the same way (same named mistake, or both unnamed) and share most of their
/// distinctive code (an identical mistake).</item>
/// </list>
/// </summary>
public static class SimilarityFinder
{
    /// <summary>A fingerprint in this share of submissions (or more) is common.</summary>
    public const double CommonShare = 0.2;

    /// <summary>A fingerprint in this many submissions (or more) is common, whatever the class size.</summary>
    public const int CommonMinimum = 3;

    /// <summary>Distinctive fingerprints two answers must share on an item for it to count.</summary>
    public const int MinimumShared = 3;

    /// <summary>Shared / the smaller answer's distinctive fingerprints for an item to count.</summary>
    public const double MinimumOverlap = 0.8;

    /// <summary>Matching items that make a pair without an identical mistake.</summary>
    public const int ItemsForStructure = 2;

    /// <summary>The unusual pairs, most shared first.</summary>
    /// <param name="answers">Every submission's answers (one per submission and item).</param>
    public static IReadOnlyList<SimilarPair> Find(IReadOnlyList<SubmittedAnswer> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        int submissions = answers.Select(a => a.Submission).Distinct().Count();
        int common = Math.Max(CommonMinimum, (int)Math.Ceiling(CommonShare * submissions));
        var distinctive = new Dictionary<(string Submission, string Item), (SubmittedAnswer Answer, HashSet<ulong> Prints)>();
        foreach (var item in answers.GroupBy(a => a.Item))
        {
            var prints = item.Select(a => (Answer: a, Prints: Fingerprints.Of(AnswerTokens.Of(a.Code)))).ToArray();
            var frequency = prints.SelectMany(p => p.Prints).GroupBy(h => h).ToDictionary(g => g.Key, g => g.Count());
            foreach (var (answer, all) in prints)
            {
                distinctive[(answer.Submission, answer.Item)] = (answer, all.Where(h => frequency[h] < common).ToHashSet());
            }
        }

        var names = answers.Select(a => a.Submission).Distinct().Order(StringComparer.Ordinal).ToArray();
        var items = answers.Select(a => a.Item).Distinct().ToArray();
        var pairs = new List<SimilarPair>();
        for (int i = 0; i < names.Length; i++)
        {
            for (int j = i + 1; j < names.Length; j++)
            {
                var matches = new List<SimilarItem>();
                bool identicalMistake = false;
                foreach (var item in items)
                {
                    if (!distinctive.TryGetValue((names[i], item), out var a) || !distinctive.TryGetValue((names[j], item), out var b))
                    {
                        continue;
                    }

                    int shared = a.Prints.Count(b.Prints.Contains);
                    int smaller = Math.Min(a.Prints.Count, b.Prints.Count);
                    double overlap = smaller == 0 ? 0 : (double)shared / smaller;
                    if (shared < MinimumShared || overlap < MinimumOverlap)
                    {
                        continue;
                    }

                    bool sameMistake = !a.Answer.Passed && !b.Answer.Passed && a.Answer.Mistake == b.Answer.Mistake;
                    identicalMistake |= sameMistake;
                    string why = sameMistake ? $"identical mistake: {a.Answer.Mistake ?? "same wrong answer"}" : "identical structure";
                    matches.Add(new SimilarItem(item, why, shared, overlap, a.Answer.Code, b.Answer.Code));
                }

                if (identicalMistake || matches.Count >= ItemsForStructure)
                {
                    pairs.Add(new SimilarPair(names[i], names[j], matches));
                }
            }
        }

        return pairs.OrderByDescending(p => p.Shared).ThenBy(p => p.First, StringComparer.Ordinal).ThenBy(p => p.Second, StringComparer.Ordinal).ToArray();
    }
}
