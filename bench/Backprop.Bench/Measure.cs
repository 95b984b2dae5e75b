using System.Diagnostics;

namespace Backprop.Bench;

/// <summary>Median and minimum time of one call, in microseconds, over <paramref name="Runs"/> timed runs.</summary>
internal sealed record Timing(double MedianUs, double MinUs, int Runs)
{
    public static Timing Of(IReadOnlyList<double> samplesUs)
    {
        var sorted = samplesUs.Order().ToArray();
        return new Timing(sorted[sorted.Length / 2], sorted[0], sorted.Length);
    }
}

/// <summary>Times an action after warm-up: each run times <c>inner</c> calls and records the time per call.</summary>
internal static class Measure
{
    /// <summary>
    /// Warm-up is <paramref name="warmup"/> runs and at least one second, so that tiered compilation has
    /// promoted the hot methods (it waits 100 ms after start-up before it counts calls) before the timed runs.
    /// </summary>
    public static Timing Time(Action call, int inner, int runs, int warmup)
    {
        long warmupStart = Stopwatch.GetTimestamp();
        for (int i = 0; i < warmup * inner || Stopwatch.GetElapsedTime(warmupStart).TotalSeconds < 1.0; i++)
        {
            call();
        }

        var samples = new double[runs];
        for (int run = 0; run < runs; run++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < inner; i++)
            {
                call();
            }

            samples[run] = Stopwatch.GetElapsedTime(start).TotalMicroseconds / inner;
        }

        return Timing.Of(samples);
    }

    /// <summary>Bytes allocated on this thread per call, averaged over <paramref name="calls"/> calls after one warm call.</summary>
    public static double AllocatedBytesPerCall(Action call, int calls)
    {
        call();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < calls; i++)
        {
            call();
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / (double)calls;
    }
}
