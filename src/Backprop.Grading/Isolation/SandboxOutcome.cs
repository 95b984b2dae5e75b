using Backprop.Grading.Sandbox;

namespace Backprop.Grading.Isolation;

/// <summary>What came back from the child for one item: the outputs of its cases, or why there are none.</summary>
/// <param name="Outputs">One output per case, or null.</param>
/// <param name="Problem">Timeout, crash or protocol trouble, in words; null when there are outputs.</param>
public sealed record SandboxOutcome(IReadOnlyList<SandboxCaseOutput>? Outputs, string? Problem);
