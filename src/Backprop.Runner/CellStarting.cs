namespace Backprop.Runner;

/// <summary>Progress: a code cell is about to run.</summary>
/// <param name="Notebook">The notebook's file name.</param>
/// <param name="CellNumber">The 1-based position of the cell in the notebook.</param>
/// <param name="CodeCell">Which code cell this is, from 1.</param>
/// <param name="CodeCells">How many code cells the notebook has.</param>
public sealed record CellStarting(string Notebook, int CellNumber, int CodeCell, int CodeCells);
