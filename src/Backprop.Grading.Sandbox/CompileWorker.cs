namespace Backprop.Grading.Sandbox;

/// <summary>
/// The compile child's work: one answer at a time on a thread with a large stack, so deep nesting ends in a message
/// rather than a crash as often as possible; whatever still crashes or hangs is charged by the grader to this item.
/// </summary>
internal static class CompileWorker
{
    private const int StackBytes = 256 * 1024 * 1024;

    /// <summary>Compiles one request.</summary>
    /// <param name="request">The cell and the item's entry.</param>
    public static CompileResponse Compile(CompileRequest request)
    {
        CompileResponse? response = null;
        var thread = new Thread(() =>
        {
            try
            {
                response = AnswerCompilation.Compile(request);
            }
            catch (Exception e) when (e is InsufficientExecutionStackException or OutOfMemoryException or InvalidOperationException or ArgumentException)
            {
                response = new CompileResponse(request.Item, null, $"could not be compiled: the compiler gave up ({e.GetType().Name})");
            }
        }, StackBytes);
        thread.Start();
        thread.Join();
        return response ?? new CompileResponse(request.Item, null, "could not be compiled");
    }
}
