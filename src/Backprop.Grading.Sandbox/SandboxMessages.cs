namespace Backprop.Grading.Sandbox;

/// <summary>One item to run: the compiled answer and the inputs of every case. No expected values ever cross over.</summary>
/// <param name="Item">The item id, e.g. "p2.dJ_dWr".</param>
/// <param name="AssemblyPath">The answer compiled on its own; its <c>AnswerEntry.Invoke(object[])</c> calls the student's function.</param>
/// <param name="Cases">The arguments of each case, in signature order.</param>
public sealed record SandboxRequest(string Item, string AssemblyPath, WireValue[][] Cases);

/// <summary>What the answer returned on one case: its flattened output (as the check engine sees it) or what went wrong.</summary>
/// <param name="Shape">The output's shape, as <c>CheckValue.Shape</c>.</param>
/// <param name="Values">The output's entries, as <c>CheckValue.Values</c>.</param>
/// <param name="Problem">An exception or an unusable output, in words; null when there is an output.</param>
public sealed record SandboxCaseOutput(string? Shape, double[]? Values, string? Problem);

/// <summary>The outputs of one item, one per case, in case order.</summary>
/// <param name="Item">The item id.</param>
/// <param name="Outputs">One output per case.</param>
public sealed record SandboxResponse(string Item, SandboxCaseOutput[] Outputs);
