namespace Backprop.Course;

/// <summary>A one-line progress bar, redrawn in place: <c>[#####-----] 12/200 graded</c>.</summary>
internal sealed class ProgressBar(TextWriter writer)
{
    private const int Width = 30;
    private readonly object _gate = new();

    /// <summary>Redraws the bar for <paramref name="done"/> of <paramref name="total"/>.</summary>
    public void Report(int done, int total)
    {
        lock (_gate)
        {
            int filled = total == 0 ? Width : done * Width / total;
            writer.Write($"\r[{new string('#', filled)}{new string('-', Width - filled)}] {done}/{total} graded");
            writer.Flush();
        }
    }

    /// <summary>Ends the line.</summary>
    public void Finish()
    {
        lock (_gate)
        {
            writer.WriteLine();
        }
    }
}
