namespace Backprop.Grading.Sandbox;

/// <summary>One item to run: the compiled answer's bytes and the inputs of every case. No expected values ever cross over.</summary>
/// <param name="Item">The item id, e.g. "p2.dJ_dWr".</param>
/// <param name="Assembly">The answer compiled on its own; its <c>AnswerEntry.Invoke(object[])</c> calls the student's function.</param>
/// <param name="Cases">The arguments of each case, in signature order.</param>
public sealed record SandboxRequest(string Item, byte[] Assembly, WireValue[][] Cases);

/// <summary>What the answer returned on one case: its flattened output (as the check engine sees it) or what went wrong.</summary>
/// <param name="Shape">The output's shape, as <c>CheckValue.Shape</c>.</param>
/// <param name="Values">The output's entries, as <c>CheckValue.Values</c>.</param>
/// <param name="Problem">An exception or an unusable output, in words; null when there is an output.</param>
public sealed record SandboxCaseOutput(string? Shape, double[]? Values, string? Problem);

/// <summary>The outputs of one item, one per case, in case order.</summary>
/// <param name="Item">The item id.</param>
/// <param name="Outputs">One output per case.</param>
public sealed record SandboxResponse(string Item, SandboxCaseOutput[] Outputs);

/// <summary>One answer cell to parse, vet and compile. Everything about the item comes from the grader as text.</summary>
/// <param name="Item">The item id.</param>
/// <param name="Source">The answer cell's source, untrusted.</param>
/// <param name="EntrySource">The generated <c>AnswerEntry</c> that calls the item's function through its exact delegate type.</param>
/// <param name="Signature">The signature students see, for messages.</param>
/// <param name="Usings">Namespaces the notebook opens elsewhere.</param>
/// <param name="Used">
/// The student's own answer cells of the items this answer uses (e.g. p2.dJ_dg for p2.dJ_dWr), in notebook order,
/// untrusted like <paramref name="Source"/>. Each sees the cells before it, and the answer sees them all, as in the notebook.
/// </param>
public sealed record CompileRequest(string Item, string Source, string EntrySource, string Signature, string[] Usings, UsedCell[]? Used = null);

/// <summary>One answer cell another answer is compiled with.</summary>
/// <param name="Item">The used item's id, e.g. "p2.dJ_dg".</param>
/// <param name="Source">Its answer cell's source, untrusted.</param>
public sealed record UsedCell(string Item, string Source);

/// <summary>The compiled assembly, or why there is none.</summary>
/// <param name="Item">The item id.</param>
/// <param name="Assembly">The emitted assembly; null on failure.</param>
/// <param name="Problem">Compile errors or forbidden APIs, in words; null on success.</param>
/// <param name="CompileAlone">
/// True when the compiler gave up (out of memory, stack): in a batch another answer compiled beside it may be the
/// cause, so the grader compiles this one again alone before it charges the item.
/// </param>
public sealed record CompileResponse(string Item, byte[]? Assembly, string? Problem, bool CompileAlone = false);

/// <summary>The first line a child sends, before any untrusted input is read: which confinement it applied to itself.</summary>
/// <param name="Layers">The layers the child turned on (e.g. "seccomp", "rlimits").</param>
/// <param name="Uid">The child's real user id (-1 where there is none).</param>
/// <param name="Warnings">Layers it tried and could not turn on, with the reason.</param>
public sealed record ReadyMessage(string[] Layers, int Uid, string[] Warnings);
