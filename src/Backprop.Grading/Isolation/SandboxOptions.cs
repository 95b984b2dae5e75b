namespace Backprop.Grading.Isolation;

/// <summary>Limits and confinement for student code.</summary>
/// <param name="ItemTimeout">Wall-clock limit per item, compilation and all its cases together.</param>
/// <param name="HeapLimitBytes">The run child's hard GC heap limit (DOTNET_GCHeapHardLimit).</param>
public sealed record SandboxOptions(TimeSpan ItemTimeout, long HeapLimitBytes)
{
    /// <summary>
    /// For benchmarks only (eng/bench-layers.sh): layer names, comma-separated, that the grader leaves out of its
    /// defaults, to measure what each costs. Every grading run under it says so in a warning, and its results.json
    /// lists only the layers that were in force, as always.
    /// </summary>
    public const string WithoutVariable = "BACKPROP_SANDBOX_WITHOUT";

    /// <summary>The layers <see cref="WithoutVariable"/> names, and the names in it that are no layer (read before <see cref="Default"/>: static initializers run in order).</summary>
    internal static (IsolationLayers Layers, string[] Unknown) LeftOut { get; } = ReadLeftOut(Environment.GetEnvironmentVariable(WithoutVariable));

    /// <summary>
    /// 10 s per item, a 256 MB heap and every layer (less any named in <see cref="WithoutVariable"/>): a correct answer
    /// needs milliseconds and a few kilobytes.
    /// </summary>
    public static SandboxOptions Default { get; } = new(TimeSpan.FromSeconds(10), 256L * 1024 * 1024) { Layers = IsolationLayers.All & ~LeftOut.Layers };

    internal static (IsolationLayers Layers, string[] Unknown) ReadLeftOut(string? names)
    {
        var left = IsolationLayers.None;
        var unknown = new List<string>();
        foreach (string name in (names ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Enum.TryParse(name, ignoreCase: true, out IsolationLayers layer) && !int.TryParse(name, out _))
            {
                left |= layer;
            }
            else
            {
                unknown.Add(name);
            }
        }

        return (left, [.. unknown]);
    }

    /// <summary>Which OS layers to try; all by default. Tests turn single layers on to show what each refuses.</summary>
    public IsolationLayers Layers { get; init; } = IsolationLayers.All;

    /// <summary>
    /// When the grader is root, each child runs as its own uid (group id the same) from this range, which holds no
    /// account: nothing on the host belongs to these ids, and no two live children share one (so they share no
    /// keyring, process count or files), as isolate's boxes do. Nothing is created for them.
    /// </summary>
    public SandboxUidRange SandboxUids { get; init; } = SandboxUidRange.Default;

    /// <summary>The compile child's GC heap limit: Roslyn needs more than an answer does.</summary>
    public long CompileHeapLimitBytes { get; init; } = 1024L * 1024 * 1024;

    /// <summary>
    /// How far a run child's address space may grow once the runtime has started (RLIMIT_AS, set a margin above its
    /// size then, since the GC reserves its heap range at start-up): native memory, thread stacks and code. The GC heap
    /// limit bounds managed memory; this bounds the rest.
    /// </summary>
    public long AddressSpaceMarginBytes { get; init; } = 1024L * 1024 * 1024;

    /// <summary>The same for the compile child, whose two compile threads each reserve a 256 MB stack.</summary>
    public long CompileAddressSpaceMarginBytes { get; init; } = 2048L * 1024 * 1024;

    /// <summary>Largest file the child may write into its private temp folder (RLIMIT_FSIZE).</summary>
    public long FileSizeLimitBytes { get; init; } = 16L * 1024 * 1024;

    /// <summary>CPU seconds a run child may use in all (RLIMIT_CPU); the wall-clock limit is per item.</summary>
    public int RunCpuSeconds { get; init; } = 120;

    /// <summary>Most tasks (processes and threads) of one child: its cgroup's pids.max, and RLIMIT_NPROC of its own uid.</summary>
    public int TaskLimit { get; init; } = 1024;

    /// <summary>Folders (and files) the children must not see, such as a batch's input and output folders.</summary>
    public IReadOnlyList<string> HiddenPaths { get; init; } = [];
}

/// <summary>The ids children run as: <paramref name="Count"/> uids from <paramref name="First"/> (group ids the same).</summary>
/// <param name="First">The first uid, above any account a system makes (Debian's range ends at 60000, user namespaces' sub-ids at a few million).</param>
/// <param name="Count">How many; a grader picks a random place in the range and counts on from there.</param>
public sealed record SandboxUidRange(int First, int Count)
{
    /// <summary>1,700,000,000 to 1,700,999,999.</summary>
    public static SandboxUidRange Default { get; } = new(1_700_000_000, 1_000_000);
}

/// <summary>The OS layers the grader can put around its children (the API gate, an allowlist, is always on).</summary>
[Flags]
public enum IsolationLayers
{
    /// <summary>No OS layer: the API gate alone.</summary>
    None = 0,

    /// <summary>When the grader is root: each child drops to a uid of its own, with no account, before it reads any input.</summary>
    UnprivilegedUser = 1,

    /// <summary>New network, mount, PID, IPC and UTS namespaces (unshare): no network, no other processes, and a file system that is <see cref="MinimalRoot"/> or, without it, everything read-only but a private /tmp.</summary>
    Namespaces = 2,

    /// <summary>setrlimit in the child (CPU time, file size, process count, open files, address space, no core dumps) and, where one is writable, a cgroup of its own (tasks, memory).</summary>
    ResourceLimits = 4,

    /// <summary>A seccomp syscall filter in the child: no sockets, no execve/fork, no signals to other processes.</summary>
    SyscallFilter = 8,

    /// <summary>
    /// With <see cref="Namespaces"/>: a tmpfs as the child's root holding only the runtime, the sandbox, the system
    /// libraries, a few devices and a private /tmp, entered with pivot_root; the rest of the host is absent.
    /// Without it, the namespace layer shows the child the whole host read-only.
    /// </summary>
    MinimalRoot = 16,

    /// <summary>Every layer.</summary>
    All = UnprivilegedUser | Namespaces | ResourceLimits | SyscallFilter | MinimalRoot,
}
