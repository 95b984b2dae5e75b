namespace Backprop.Grading.Answers;

/// <summary>What extraction found for one item: the answer's code and where it came from, or why there is none.</summary>
/// <param name="Item">The item id.</param>
/// <param name="Code">The cell's source, or null.</param>
/// <param name="Location">"02-rnn-bptt.ipynb, cell 14", for messages.</param>
/// <param name="Problem">Why no answer could be taken (missing, duplicated), or null.</param>
public sealed record ExtractedAnswer(string Item, string? Code, string? Location, string? Problem)
{
    /// <summary>True when an answer's code was found.</summary>
    public bool Found => Code is not null && Problem is null;
}
