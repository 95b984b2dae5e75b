using System.Collections.Concurrent;
using System.Diagnostics;

namespace Backprop.Grading.Isolation;

/// <summary>
/// Starts every confined child from one thread that lives as long as the grader. A child's parent-death signal
/// (<c>PR_SET_PDEATHSIG</c>, which makes it die with the grader) fires when the <em>thread</em> that forked it ends,
/// not the process: started from a thread-pool thread that later retires, a healthy child would be killed mid-item.
/// </summary>
internal static class ChildSpawner
{
    private static readonly BlockingCollection<(ProcessStartInfo Start, TaskCompletionSource<Process> Started)> Pending = CreateQueue();

    private static BlockingCollection<(ProcessStartInfo, TaskCompletionSource<Process>)> CreateQueue()
    {
        var pending = new BlockingCollection<(ProcessStartInfo, TaskCompletionSource<Process>)>();
        new Thread(() =>
        {
            foreach (var (start, started) in pending.GetConsumingEnumerable())
            {
                try
                {
                    started.SetResult(Process.Start(start) ?? throw new InvalidOperationException("Process.Start returned null"));
                }
                catch (Exception e)
                {
                    started.SetException(e);
                }
            }
        })
        { IsBackground = true, Name = "sandbox spawner" }.Start();
        return pending;
    }

    /// <summary>Starts the process on the spawner thread and returns it; throws what Process.Start throws.</summary>
    /// <param name="start">What to start.</param>
    public static Process Start(ProcessStartInfo start)
    {
        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        Pending.Add((start, started));
        return started.Task.GetAwaiter().GetResult();
    }
}
