using Microsoft.DotNet.Interactive.Documents;

namespace Backprop.Runner;

/// <summary>The outcome of running one notebook: each code cell run, each check seen, and the first failure.</summary>
/// <param name="NotebookPath">The notebook's full path.</param>
/// <param name="Document">The notebook, with the outputs of the cells that ran; null when it could not be read.</param>
/// <param name="Runs">One entry per code cell that ran, in order.</param>
/// <param name="Checks">Every derivative check that a cell returned or displayed.</param>
/// <param name="Failure">Why the notebook failed (error cell, unreadable file), or null.</param>
/// <param name="Elapsed">Wall time for the whole notebook.</param>
public sealed record NotebookRun(
    string NotebookPath,
    InteractiveDocument? Document,
    IReadOnlyList<CellRun> Runs,
    IReadOnlyList<CheckOutcome> Checks,
    NotebookFailure? Failure,
    TimeSpan Elapsed)
{
    /// <summary>The notebook's file name, e.g. "02-rnn-bptt.ipynb".</summary>
    public string Name => Path.GetFileName(NotebookPath);

    /// <summary>The checks that failed.</summary>
    public IEnumerable<CheckOutcome> FailedChecks => Checks.Where(c => !c.Passed);

    /// <summary>The cells that stopped at an unanswered item or were not run because they need one, in order.</summary>
    public IReadOnlyList<UnansweredCell> Unanswered { get; init; } = [];

    /// <summary>The items not answered yet that the run reached, each once, in the order it reached them.</summary>
    public IReadOnlyList<string> UnansweredItems => Unanswered.SelectMany(c => c.Items).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>True when every code cell ran without error, nothing was left unanswered and every check passed.</summary>
    public bool Succeeded => Failure is null && Unanswered.Count == 0 && Checks.All(c => c.Passed);

    /// <summary>One line per problem, naming the notebook, the cell and the error; empty when it succeeded.</summary>
    public IEnumerable<string> Problems()
    {
        if (Failure is { } failure)
        {
            yield return failure.CellNumber is { } cell
                ? $"{Name}: {CellName(cell)} failed: {failure.Message}"
                : $"{Name}: {failure.Message}";
        }

        foreach (var check in FailedChecks)
        {
            yield return $"{Name}: {CellName(check.CellNumber)}: check FAILED: {check.Name}";
        }
    }

    /// <summary>
    /// A cell as the student sees it: its number counting every cell from 1, markdown included (the number an exported
    /// app's <c>#region cell N</c> and the grader's feedback give it), and its first line, e.g.
    /// <c>cell 7 (// answer: p1.dJ_ds)</c>.
    /// </summary>
    /// <param name="cellNumber">The cell's 1-based position among all cells, markdown included.</param>
    public string CellName(int cellNumber)
    {
        var elements = Document?.Elements;
        if (elements is null || cellNumber < 1 || cellNumber > elements.Count)
        {
            return $"cell {cellNumber}";
        }

        var cell = elements[cellNumber - 1];
        if (cell.KernelName is "markdown" or "md")
        {
            return $"cell {cellNumber} (markdown)";
        }

        string first = cell.Contents.TrimStart().Split('\n', 2)[0].Trim();
        first = first.Length > 80 ? first[..77] + "..." : first;
        return first.Length == 0 ? $"cell {cellNumber}" : $"cell {cellNumber} ({first})";
    }
}

/// <summary>Why a notebook stopped.</summary>
/// <param name="CellNumber">The 1-based position of the failing cell, or null when the notebook could not be read.</param>
/// <param name="Message">What went wrong.</param>
public sealed record NotebookFailure(int? CellNumber, string Message);
