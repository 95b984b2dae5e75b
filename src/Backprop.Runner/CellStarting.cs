namespace Backprop.Runner;

/// <summary>Progress: a code cell is about to run.</summary>
/// <param name="Notebook">The notebook's file name.</param>
/// <param name="CellNumber">The 1-based position of the cell in the notebook, counting every cell (markdown too).</param>
/// <param name="Cells">How many cells the notebook has, markdown included.</param>
/// <param name="CodeCell">Which code cell this is, from 1.</param>
/// <param name="CodeCells">How many code cells the notebook has.</param>
public sealed record CellStarting(string Notebook, int CellNumber, int Cells, int CodeCell, int CodeCells)
{
    /// <summary>
    /// The progress line, naming the cell as the run's summary, an exported app and the grader do:
    /// "cell 9 of 40 (3 of 15 code cells done)".
    /// </summary>
    public string Line => $"cell {CellNumber} of {Cells} ({CodeCell - 1} of {CodeCells} code cells done)";
}
