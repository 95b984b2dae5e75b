using Microsoft.DotNet.Interactive.Documents;

namespace Backprop.Runner;

/// <summary>What running one code cell gave.</summary>
/// <param name="CellNumber">The 1-based position of the cell in the notebook (markdown cells count too).</param>
/// <param name="ExecutionCount">The cell's execution count, 1 for the first code cell run.</param>
/// <param name="Outputs">Its outputs, in order, as Jupyter stores them (display, result, stream, error).</param>
/// <param name="Error">The error message when the cell failed, else null.</param>
/// <param name="Elapsed">How long it took.</param>
public sealed record CellRun(int CellNumber, int ExecutionCount, IReadOnlyList<InteractiveDocumentOutputElement> Outputs, string? Error, TimeSpan Elapsed)
{
    /// <summary>True when the cell raised an error or did not compile.</summary>
    public bool Failed => Error is not null;
}
