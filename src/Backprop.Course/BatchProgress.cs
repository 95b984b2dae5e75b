using System.Diagnostics;
using Spectre.Console;

namespace Backprop.Course;

/// <summary>
/// Progress while a batch is graded. On a terminal: a Spectre.Console bar with the time left, and one line per item
/// saying how many of the submissions graded so far passed it. Redirected (CI, Gradescope logs): a plain line at every
/// tenth of the batch, "grade: 20/200 graded, about 1m 30s left", and always at the end.
/// </summary>
internal static class BatchProgress
{
    /// <summary>Runs <paramref name="grade"/>, giving it the two callbacks that report progress, and returns its results.</summary>
    /// <param name="terminal">Where progress goes (standard error).</param>
    /// <param name="total">How many submissions the batch has.</param>
    /// <param name="items">The auto-graded item ids, for the per-item lines.</param>
    /// <param name="grade">Grades the batch, calling progress (done, total) and graded (each item's id and verdict) as submissions finish.</param>
    public static T Run<T>(Terminal terminal, int total, IReadOnlyList<string> items,
        Func<Action<int, int>, Action<IEnumerable<(string Item, bool Passed)>>, T> grade)
    {
        return terminal.Styled ? Styled(terminal.Console, total, items, grade) : Plain(terminal.Writer, grade);
    }

    private static T Plain<T>(TextWriter writer, Func<Action<int, int>, Action<IEnumerable<(string Item, bool Passed)>>, T> grade)
    {
        var clock = Stopwatch.StartNew();
        var gate = new object();
        int lastTenth = -1;
        return grade((done, total) =>
        {
            lock (gate)
            {
                int tenth = total == 0 ? 10 : done * 10 / total;
                if (tenth == lastTenth && done != total)
                {
                    return;
                }

                lastTenth = tenth;
                string left = done == total ? $"in {Duration(clock.Elapsed)}" : $"about {Duration(clock.Elapsed * ((double)(total - done) / done))} left";
                writer.WriteLine($"grade: {done}/{total} graded, {left}");
                writer.Flush();
            }
        }, _ => { });
    }

    private static T Styled<T>(IAnsiConsole console, int total, IReadOnlyList<string> items,
        Func<Action<int, int>, Action<IEnumerable<(string Item, bool Passed)>>, T> grade)
    {
        T results = default!;
        console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                var overall = context.AddTask($"graded 0/{total}", maxValue: Math.Max(1, total));
                var perItem = items.ToDictionary(id => id, id => context.AddTask($"  {Markup.Escape(id)}: -", maxValue: Math.Max(1, total)));
                var passed = items.ToDictionary(id => id, _ => 0);
                int seen = 0;
                var gate = new object();
                results = grade(
                    (done, all) =>
                    {
                        lock (gate)
                        {
                            overall.Value = done;
                            overall.Description = $"graded {done}/{all}";
                        }
                    },
                    result =>
                    {
                        lock (gate)
                        {
                            seen++;
                            foreach (var (id, ok) in result.Where(i => perItem.ContainsKey(i.Item)))
                            {
                                passed[id] += ok ? 1 : 0;
                                perItem[id].Value = passed[id];
                                string colour = passed[id] == seen ? "green" : passed[id] * 2 >= seen ? "yellow" : "red";
                                perItem[id].Description = $"  {Markup.Escape(id)}: [{colour}]{passed[id]} of {seen} passed[/]";
                            }
                        }
                    });
                overall.Value = overall.MaxValue;
                foreach (var task in perItem.Values)
                {
                    task.StopTask();
                }
            });
        return results;
    }

    private static string Duration(TimeSpan time) =>
        time.TotalMinutes >= 1 ? $"{(int)time.TotalMinutes}m {time.Seconds:00}s" : $"{Math.Max(0, time.TotalSeconds):0}s";
}
