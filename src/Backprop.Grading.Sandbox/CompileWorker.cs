namespace Backprop.Grading.Sandbox;

/// <summary>
/// The compile child's work: each answer on a thread with a large stack, so deep nesting ends in a message rather than
/// a crash as often as possible. A batch compiles two answers at a time; whatever crashes or hangs in a batch is
/// compiled again alone by the grader, and charged to the item that does it alone.
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
                response = new CompileResponse(request.Item, null, $"could not be compiled: the compiler gave up ({e.GetType().Name})", CompileAlone: true);
            }
        }, StackBytes);
        thread.Start();
        thread.Join();
        return response ?? new CompileResponse(request.Item, null, "could not be compiled", CompileAlone: true);
    }

    /// <summary>Most answers of a batch compiled at once: two, so the second core works while the run child waits.</summary>
    private static int Workers => Math.Clamp(Environment.ProcessorCount, 1, 2);

    /// <summary>
    /// Compiles a batch, in order, on <see cref="Workers"/> threads, and hands each response to <paramref name="reply"/>
    /// as soon as it is ready (from any of the threads), so the grader can run it while the rest compile.
    /// </summary>
    /// <param name="requests">The batch.</param>
    /// <param name="reply">Sends one response; called from the worker threads.</param>
    public static void CompileAll(IReadOnlyList<CompileRequest> requests, Action<CompileResponse> reply)
    {
        int next = -1;
        var workers = Enumerable.Range(0, Math.Min(Workers, requests.Count)).Select(_ => new Thread(() =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests.Count)
            {
                reply(Compile(requests[i]));
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
    }
}
