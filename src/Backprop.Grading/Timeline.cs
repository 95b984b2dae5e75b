namespace Backprop.Grading;

/// <summary>TEMPORARY timeline trace.</summary>
public static class Timeline
{
    private static readonly bool On = Environment.GetEnvironmentVariable("BACKPROP_TIMELINE") == "1";
    private static readonly DateTime Start = System.Diagnostics.Process.GetCurrentProcess().StartTime.ToUniversalTime();

    /// <summary>Mark.</summary>
    /// <param name="what">What.</param>
    public static void Mark(string what)
    {
        if (On)
        {
            Console.Error.WriteLine($"T {(DateTime.UtcNow - Start).TotalMilliseconds,7:0.0} ms  {what}");
        }
    }
}
