namespace Backprop.Grading.Scoring;

/// <summary>Where one submission of a batch is, before it is read.</summary>
/// <param name="Name">Its unique name in the batch (also its report folder's name).</param>
/// <param name="Root">Its folder: every file's real path must lie inside it.</param>
/// <param name="Files">Its notebook and app files.</param>
/// <param name="Problems">What was already found wrong (a linked folder, too many files).</param>
public sealed record SubmissionSource(string Name, string Root, IReadOnlyList<string> Files, IReadOnlyList<string> Problems);
