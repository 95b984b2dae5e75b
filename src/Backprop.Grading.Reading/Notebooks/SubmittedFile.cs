namespace Backprop.Grading.Notebooks;

/// <summary>One file of a submission, read: its cells, or why it could not be used.</summary>
/// <param name="Name">The file's name.</param>
/// <param name="Cells">Its cells in order (empty when <paramref name="Problem"/> is set).</param>
/// <param name="Problem">Why the file is not a usable notebook or exported app, in words for the student; null when fine.</param>
public sealed record SubmittedFile(string Name, IReadOnlyList<SubmittedCell> Cells, string? Problem = null);
