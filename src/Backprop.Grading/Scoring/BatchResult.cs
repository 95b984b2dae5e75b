using Backprop.Grading.Reports.Class;

namespace Backprop.Grading.Scoring;

/// <summary>What a batch graded: one result per submission, sorted by name, and the similar pairs the class report found.</summary>
/// <param name="Results">One result per submission.</param>
/// <param name="SimilarPairs">Pairs of unusually similar answers.</param>
public sealed record BatchResult(IReadOnlyList<SubmissionResult> Results, IReadOnlyList<SimilarPair> SimilarPairs);
