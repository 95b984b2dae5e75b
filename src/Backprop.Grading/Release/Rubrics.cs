using Backprop.Grading.Notebooks;

namespace Backprop.Grading.Release;

/// <summary>
/// The rubric of each written answer, taken from the instructor's notebooks: a written answer whose own cell holds a
/// solution region is graded against that region; any other (a <c>&lt;id&gt;.derivation</c> cell) against the question
/// and solution of the regions in the nearest Markdown cell above it that asks a question.
/// </summary>
public static class Rubrics
{
    /// <summary>One rubric: the question (or null) and the instructor's solution, both Markdown.</summary>
    /// <param name="Question">What the homework release asks, or null for a written answer without a question region.</param>
    /// <param name="Solution">The instructor's solution text.</param>
    /// <param name="Location">"02-rnn-bptt.ipynb, cell 27", where the solution is.</param>
    public sealed record Rubric(string? Question, string Solution, string Location);

    /// <summary>The rubrics of every written answer in the notebooks/NN-*.ipynb of <paramref name="notebooksFolder"/>, by item id.</summary>
    /// <param name="notebooksFolder">The instructor's notebooks folder.</param>
    public static IReadOnlyDictionary<string, Rubric> FromFolder(string notebooksFolder)
    {
        var rubrics = new SortedDictionary<string, Rubric>(StringComparer.Ordinal);
        if (!Directory.Exists(notebooksFolder))
        {
            return rubrics;
        }

        foreach (string path in Directory.EnumerateFiles(notebooksFolder, "*.ipynb").Where(p => !p.EndsWith(".executed.ipynb", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var notebook = NotebookReader.Read(path, out string? problem) ?? throw new InvalidDataException($"{path}: {problem}");
            foreach (var (id, rubric) in Of(notebook))
            {
                rubrics[id] = rubric;
            }
        }

        return rubrics;
    }

    /// <summary>The rubrics of the written answers of one solution notebook.</summary>
    /// <param name="notebook">A solution notebook.</param>
    public static IEnumerable<(string Id, Rubric Rubric)> Of(Notebook notebook)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        NotebookCell? asking = null;
        foreach (var cell in notebook.Cells.Where(c => c.Kind == "markdown"))
        {
            string where = $"{notebook.Name}, cell {cell.Index}";
            var regions = SolutionRegions.Find(cell.Source, markdown: true, where);
            if (cell.Identity.Manual is { } id)
            {
                if (regions.Count > 0)
                {
                    yield return (id, new Rubric(null, string.Join("\n\n", regions.Select(r => SolutionRegions.Solution(r, where))), where));
                }
                else if (asking is not null)
                {
                    string at = $"{notebook.Name}, cell {asking.Index}";
                    // The regions of the item the derivation is for, leaving out questions that say they are not graded (a slip).
                    string item = id.EndsWith(NotebookRelease.DerivationSuffix, StringComparison.Ordinal) ? id[..^NotebookRelease.DerivationSuffix.Length] : id;
                    var asked = SolutionRegions.Find(asking.Source, markdown: true, at)
                        .Where(r => SolutionRegions.Question(r, at) is { } q && !q.Text.Contains(SolutionRegions.NotGradedMark, StringComparison.Ordinal) && (r.Id is null || r.Id == item))
                        .ToArray();
                    yield return (id, new Rubric(
                        string.Join(" ", asked.Select(r => SolutionRegions.Question(r, at)!.Value.Text)),
                        string.Join("\n\n", asked.Select(r => SolutionRegions.Solution(r, at))),
                        at));
                }
            }
            else if (regions.Any(r => SolutionRegions.Question(r, where) is not null))
            {
                asking = cell;
            }
        }
    }
}
