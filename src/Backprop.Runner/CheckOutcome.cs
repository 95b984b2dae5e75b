namespace Backprop.Runner;

/// <summary>A derivative check that a cell returned or displayed, and whether it passed.</summary>
/// <param name="CellNumber">The 1-based position of the cell in the notebook.</param>
/// <param name="Name">What was checked, e.g. "p2.dJ_dWr  ∂J/∂Wr" or a report's title.</param>
/// <param name="Passed">The check's own verdict.</param>
/// <param name="MaxRelativeError">Its largest relative error, when it has one.</param>
public sealed record CheckOutcome(int CellNumber, string Name, bool Passed, double? MaxRelativeError);
