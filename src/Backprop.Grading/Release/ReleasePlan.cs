using System.Text.Json.Nodes;
using Backprop.Grading.Notebooks;
using Backprop.Grading.Scoring;
using Backprop.Kernel;
using Backprop.Kernel.Checking;

namespace Backprop.Grading.Release;

/// <summary>
/// What one release hands out and grades, the way nbgrader and otter release one assignment at a time: the notebooks
/// it contains, the problems whose answers it reveals (their boxes keep the reference code, so later notebooks can use
/// them), and the items it grades — every answer and written answer in its notebooks that is not revealed. An item is
/// graded or revealed in a release, never both. The default plan ships every notebook, grades every item and reveals none.
/// </summary>
/// <param name="Notebooks">The released notebooks' repository-relative paths, e.g. notebooks/03-vanishing-gradients.ipynb.</param>
/// <param name="Revealed">The problems whose answers the release shows, e.g. "p1", "p2".</param>
/// <param name="Graded">The ids this release grades (auto and written), in the order of the points file.</param>
/// <param name="Points">The points of the graded ids, from notebooks/grading.json.</param>
public sealed record ReleasePlan(IReadOnlyList<string> Notebooks, IReadOnlyList<string> Revealed, IReadOnlyList<string> Graded, IReadOnlyList<ItemPoints> Points)
{
    /// <summary>True when the release ships every notebook and reveals nothing: its points file is the repository's own.</summary>
    public bool IsWhole { get; init; }

    /// <summary>
    /// The plan for <paramref name="notebooks"/> (two-digit prefixes such as "01", or null for every notebook) revealing
    /// <paramref name="reveal"/> (problem ids such as "p1"). Throws <see cref="InvalidDataException"/> naming what is wrong.
    /// </summary>
    /// <param name="root">The repository root.</param>
    /// <param name="notebooks">Notebook prefixes, or null for all.</param>
    /// <param name="reveal">Problems to reveal, or none.</param>
    public static ReleasePlan For(string root, IReadOnlyList<string>? notebooks, IReadOnlyList<string>? reveal)
    {
        var all = RepositoryFiles.Under(root, "notebooks")
            .Where(f => f.EndsWith(".ipynb", StringComparison.Ordinal) && !f.EndsWith(".executed.ipynb", StringComparison.Ordinal) && !f.Contains("/.ipynb_checkpoints/", StringComparison.Ordinal))
            .ToArray();
        var chosen = notebooks is null ? [.. all] : new List<string>();
        foreach (string prefix in notebooks ?? [])
        {
            var matches = all.Where(f => Path.GetFileName(f).StartsWith(prefix + "-", StringComparison.Ordinal)).ToArray();
            if (matches.Length != 1)
            {
                throw new InvalidDataException($"--notebooks: \"{prefix}\" names {(matches.Length == 0 ? "no notebook" : "several notebooks")}; use the two-digit prefixes of {string.Join(", ", all.Select(Path.GetFileName))}, e.g. --notebooks 01,02.");
            }

            chosen.Add(matches[0]);
        }

        var problems = CheckItems.All.Select(i => $"p{i.Problem}").Distinct().ToArray();
        var revealed = (reveal ?? []).Distinct().ToArray();
        foreach (string problem in revealed.Where(p => !problems.Contains(p)))
        {
            throw new InvalidDataException($"--reveal: \"{problem}\" is not a problem; the problems are {string.Join(", ", problems)}, e.g. --reveal p1,p2.");
        }

        var points = PointsFile.Validate(root);
        var inNotebooks = new HashSet<string>(StringComparer.Ordinal);
        foreach (string relative in chosen)
        {
            var notebook = NotebookReader.Read(Path.Combine(root, relative), out string? problem) ?? throw new InvalidDataException($"{relative}: {problem}");
            foreach (var cell in notebook.Cells)
            {
                if (cell.Identity.Answer is { } answer)
                {
                    inNotebooks.Add(answer);
                }

                if (cell.Identity.Manual is { } manual)
                {
                    inNotebooks.Add(manual);
                }
            }
        }

        var graded = points.Select(p => p.Id).Where(id => inNotebooks.Contains(id) && !revealed.Contains(ProblemOf(id))).ToArray();
        if (graded.Length == 0 && revealed.Length == 0)
        {
            throw new InvalidDataException($"The release of {string.Join(", ", chosen.Select(Path.GetFileName))} would grade nothing: none of its cells is an answer of notebooks/grading.json.");
        }

        return new ReleasePlan(chosen, revealed, graded, points.Where(p => graded.Contains(p.Id)).ToArray())
        {
            IsWhole = notebooks is null && revealed.Length == 0,
        };
    }

    /// <summary>The problem of an id: "p2" for "p2.dJ_dWr" and "p2.dJ_dWr.derivation".</summary>
    /// <param name="id">An item or written-answer id.</param>
    public static string ProblemOf(string id) => id[..id.IndexOf('.', StringComparison.Ordinal)];

    /// <summary>True when problem <paramref name="problem"/> (e.g. "p2") is revealed.</summary>
    /// <param name="problem">A problem id.</param>
    public bool Reveals(string problem) => Revealed.Contains(problem);

    /// <summary>
    /// The points file of this release: the repository's own for a whole release; otherwise the graded ids only, marked
    /// <c>"subset": true</c> (the grader then grades these and no others).
    /// </summary>
    /// <param name="repositoryFile">The text of notebooks/grading.json.</param>
    public string PointsJson(string repositoryFile)
    {
        if (IsWhole)
        {
            return repositoryFile;
        }

        var items = new JsonArray();
        foreach (var p in Points)
        {
            var item = new JsonObject { ["id"] = p.Id, ["points"] = p.Points };
            if (p.Manual)
            {
                item["manual"] = true;
            }

            items.Add(item);
        }

        var file = new JsonObject
        {
            ["subset"] = true,
            ["notebooks"] = new JsonArray(Notebooks.Select(n => (JsonNode)Path.GetFileName(n)!).ToArray()),
            ["revealed"] = new JsonArray(Revealed.Select(r => (JsonNode)r!).ToArray()),
            ["items"] = items,
        };
        return NotebookRelease.Serialize(file);
    }
}
