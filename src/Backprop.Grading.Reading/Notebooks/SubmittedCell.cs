namespace Backprop.Grading.Notebooks;

/// <summary>One cell of a submitted file as the student sees it: the file, the cell's number there, its kind, source and identity.</summary>
/// <param name="File">The file's name, e.g. "02-rnn-bptt.ipynb" or "02-rnn-bptt.cs".</param>
/// <param name="Number">The cell's number in the notebook, counting every cell from 1: what an exported app's
/// <c>#region cell N</c> says, so a cell has the same number in a notebook and in the app exported from it.</param>
/// <param name="Kind">"code", "markdown" or "raw".</param>
/// <param name="Source">The source, lines joined (untrusted text; never compiled or run in the grader).</param>
/// <param name="Identity">What the cell's metadata and first line say it is.</param>
public sealed record SubmittedCell(string File, int Number, string Kind, string Source, CellIdentity Identity)
{
    /// <summary>True for code cells.</summary>
    public bool IsCode => Kind == "code";

    /// <summary>Where the cell is, for messages: "02-rnn-bptt.ipynb, cell 14".</summary>
    public string Location => $"{File}, cell {Number}";
}
