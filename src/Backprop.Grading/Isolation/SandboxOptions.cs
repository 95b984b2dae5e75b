namespace Backprop.Grading.Isolation;

/// <summary>Limits for student code: wall-clock time per item (all its cases) and the child's GC heap.</summary>
/// <param name="ItemTimeout">How long one item may run before the child is killed.</param>
/// <param name="HeapLimitBytes">The child's hard GC heap limit (DOTNET_GCHeapHardLimit).</param>
public sealed record SandboxOptions(TimeSpan ItemTimeout, long HeapLimitBytes)
{
    /// <summary>10 s per item and a 256 MB heap: a correct answer needs milliseconds and a few kilobytes.</summary>
    public static SandboxOptions Default { get; } = new(TimeSpan.FromSeconds(10), 256L * 1024 * 1024);
}
