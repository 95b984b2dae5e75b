using Backprop.Grading.Notebooks;

namespace Backprop.Grading.Answers;

/// <summary>
/// Finds each item's answer by identity, never by position: the cell whose metadata or first line names the item.
/// Reordered and extra cells do not matter; a missing or duplicated answer affects that item only.
/// </summary>
public static class AnswerExtractor
{
    /// <summary>One extracted answer per item id, code cells for auto items and markdown cells for manual ones.</summary>
    /// <param name="submission">The submission.</param>
    /// <param name="itemIds">The items to look for.</param>
    /// <param name="manualIds">Which of them are written answers in markdown cells.</param>
    public static IReadOnlyDictionary<string, ExtractedAnswer> Extract(Submission submission, IEnumerable<string> itemIds, ISet<string> manualIds)
    {
        ArgumentNullException.ThrowIfNull(submission);
        ArgumentNullException.ThrowIfNull(itemIds);
        ArgumentNullException.ThrowIfNull(manualIds);
        var result = new Dictionary<string, ExtractedAnswer>();
        foreach (string id in itemIds)
        {
            bool manual = manualIds.Contains(id);
            var cells = submission.Cells.Where(c => (manual ? c.Identity.Manual : c.Identity.Answer) == id).ToList();
            result[id] = cells.Count switch
            {
                0 => new ExtractedAnswer(id, null, null,
                    $"No answer cell for {id} was found. Keep the cell whose first line is {(manual ? $"<!-- answer: {id} -->" : $"// answer: {id}")} (and do not delete that line)."),
                1 => new ExtractedAnswer(id, cells[0].Source, cells[0].Location, null),
                // Copies with the same text are harmless; different ones leave the grader no way to choose.
                _ when cells.Select(c => c.Source.Trim()).Distinct().Count() == 1 => new ExtractedAnswer(id, cells[0].Source, cells[0].Location, null),
                _ => new ExtractedAnswer(id, null, null,
                    $"{cells.Count} different answer cells claim {id} ({string.Join("; ", cells.Select(c => c.Location))}). Delete all but one, so the grader knows which is your answer."),
            };
        }

        return result;
    }
}
