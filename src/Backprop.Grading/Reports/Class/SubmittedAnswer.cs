namespace Backprop.Grading.Reports.Class;

/// <summary>One submission's answer cell for one item, with how it was graded.</summary>
/// <param name="Submission">The submission's name.</param>
/// <param name="Item">The item id.</param>
/// <param name="Code">The cell's source (untrusted; only tokenized and HTML-escaped).</param>
/// <param name="Passed">True when the answer met the pass rule (<see cref="Scoring.ItemResult.Passed"/>).</param>
/// <param name="Mistake">The named mistake, if the grader diagnosed one.</param>
public sealed record SubmittedAnswer(string Submission, string Item, string Code, bool Passed, string? Mistake);
