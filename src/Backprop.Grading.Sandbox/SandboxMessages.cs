namespace Backprop.Grading.Sandbox;

/// <summary>One item to run: the compiled answer's bytes and the inputs of every case. No expected values ever cross over.</summary>
/// <param name="Item">The item id, e.g. "p2.dJ_dWr".</param>
/// <param name="Assembly">The answer compiled on its own; its <c>AnswerEntry.Invoke(object[])</c> calls the student's function.</param>
/// <param name="Cases">The arguments of each case, in signature order.</param>
public sealed record SandboxRequest(string Item, byte[] Assembly, WireValue[][] Cases);

/// <summary>What the answer returned on one case: its value in wire form, or what went wrong (exactly one of the two).</summary>
/// <param name="Value">The returned value, as <see cref="WireValue.From"/> made it.</param>
/// <param name="Problem">An exception or an unusable output, in words; null when there is a value.</param>
public sealed record SandboxCaseOutput(WireValue? Value, string? Problem = null);

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

/// <summary>
/// The first line the grader sends a child: its per-start secret and the confinement it is to apply to itself before
/// it reads anything else. Its command line carries nothing but the mode.
/// </summary>
/// <param name="Secret">The secret every reply line must carry.</param>
/// <param name="Mounts">The file-system layer (the child is root in a new mount namespace), or null for none.</param>
/// <param name="Uid">The uid (and gid) to drop to, or null to keep the grader's user.</param>
/// <param name="Limits">The rlimits, or null for none.</param>
/// <param name="Seccomp">Whether to install the syscall filter.</param>
/// <param name="Cgroups">The <c>cgroup.procs</c> files of the child's own control group, which it joins first; null for none.</param>
public sealed record ConfinementRequest(string Secret, MountRequest? Mounts, uint? Uid, ResourceLimits? Limits, bool Seccomp, string[]? Cgroups = null);

/// <summary>The child's view of the file system: a minimal root, or every mount read-only with these covered or mounted.</summary>
/// <param name="Tmpfs">Shared temp folders to cover with an empty tmpfs (without a minimal root).</param>
/// <param name="Hidden">Folders and files the child must not see.</param>
/// <param name="Private">The child's own writable folder, or null when its temp folder is a covered one (without a minimal root).</param>
/// <param name="Root">
/// The folders a minimal root holds, read-only at their own paths (besides a few devices and a private /tmp): nothing
/// else of the host is there. Null for the read-only view of the whole host.
/// </param>
public sealed record MountRequest(string[] Tmpfs, string[] Hidden, string? Private, string[]? Root = null);

/// <summary>The rlimits a child sets on itself (core dumps are always off when any is set).</summary>
/// <param name="FileSizeBytes">RLIMIT_FSIZE.</param>
/// <param name="OpenFiles">RLIMIT_NOFILE.</param>
/// <param name="AddressSpaceMarginBytes">RLIMIT_AS, as a margin above the address space once the runtime has started.</param>
/// <param name="CpuSeconds">RLIMIT_CPU, or null for none.</param>
/// <param name="Processes">RLIMIT_NPROC (threads of the child's own uid), or null for none.</param>
public sealed record ResourceLimits(ulong FileSizeBytes, ulong OpenFiles, ulong AddressSpaceMarginBytes, ulong? CpuSeconds, ulong? Processes);
