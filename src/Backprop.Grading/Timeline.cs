namespace Backprop.Grading;

/// <summary>
/// Where one grading run's time goes: with <c>BACKPROP_TIMELINE=1</c> in the environment, each mark is printed to
/// stderr with the milliseconds since the process started (children spawned and ready, each compile and run sent and
/// answered, grading and reports done). Off by default; docs/instructors.md (Speed) reads it.
/// </summary>
public static class Timeline
{
    private static readonly bool On = Environment.GetEnvironmentVariable("BACKPROP_TIMELINE") == "1";
    private static readonly DateTime Start = On ? System.Diagnostics.Process.GetCurrentProcess().StartTime.ToUniversalTime() : default; // read only when printing

    /// <summary>Prints <paramref name="what"/> with the time since the process started, when the timeline is on.</summary>
    /// <param name="what">What just happened.</param>
    public static void Mark(string what)
    {
        if (On)
        {
            Console.Error.WriteLine($"timeline {(DateTime.UtcNow - Start).TotalMilliseconds,7:0.0} ms  {what}");
        }
    }
}
