using System.Globalization;
using Backprop.Runner;

namespace Backprop.Course.Submit;

/// <summary>
/// Runs each file from the top, as a student would before handing it in: a notebook with the headless kernel of
/// <c>backprop run</c>, an exported app with <c>dotnet run</c>. A cell that stops the run and every failing self-check
/// become findings.
/// </summary>
internal static class SelfChecks
{
    /// <summary>Longest an exported app may run.</summary>
    public static readonly TimeSpan AppTimeout = TimeSpan.FromMinutes(10);

    public static async Task<IReadOnlyList<SubmitFinding>> RunAsync(IReadOnlyList<string> files, TextWriter progress, CancellationToken cancellation)
    {
        var findings = new List<SubmitFinding>();
        foreach (var file in files)
        {
            string name = Path.GetFileName(file);
            progress.WriteLine($"submit: running {name} from the top (self-checks)…");
            if (file.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase))
            {
                var run = await new NotebookHost().RunAsync(file, cancellation: cancellation);
                findings.AddRange(Of(run));
            }
            else
            {
                var ran = await ExternalProcess.RunAsync("dotnet", ["run", file], Path.GetDirectoryName(file)!, AppTimeout, cancellation);
                if (ran is null || !ran.Succeeded)
                {
                    var said = ran is null ? $"it did not finish within {AppTimeout.TotalMinutes} minutes" : string.Join(" / ", ran.Printed.Split('\n').Where(l => l.Trim().Length > 0).TakeLast(3));
                    findings.Add(new SubmitFinding(name, null, $"dotnet run {name} fails: {said}", $"run it yourself (dotnet run {name}) and fix the first failing check or error it names"));
                }
            }
        }

        return findings;
    }

    /// <summary>The compiler's first error in a run's message, "(7,15): error CS0103: …", or null when the cell compiled.</summary>
    private static string? CompileError(string message)
    {
        int at = message.IndexOf(": error CS", StringComparison.Ordinal);
        if (!message.StartsWith("does not compile", StringComparison.Ordinal) || at < 0)
        {
            return null;
        }

        int start = message.LastIndexOf('(', at);
        return start < 0 ? null : message[start..].Split('\n', 2)[0].Trim();
    }

    /// <summary>The findings of one notebook run: where it stopped, and each failing self-check.</summary>
    public static IEnumerable<SubmitFinding> Of(NotebookRun run)
    {
        if (run.Failure is { } failure)
        {
            string where = failure.CellNumber is { } n ? $"{run.Name}, {run.CellName(n)}" : run.Name;
            string message = failure.Message.Split('\n', 2)[0];
            yield return new SubmitFinding(where, null, $"the notebook stops here when run from the top: {(message.Length > 300 ? message[..297] + "..." : message)}",
                message.Contains("NotImplementedException", StringComparison.Ordinal)
                    ? "write this answer (the stub still throws), then run the notebook from the top"
                    : CompileError(message) is { } error
                        ? $"fix the compiler's first error, {error} ((line,column) counts from the cell's first line), then run the notebook from the top"
                        : "make this cell run, then run the notebook from the top");
        }

        foreach (var cell in run.Unanswered.Where(c => c.Ran).DistinctBy(c => c.Items[0]))
        {
            yield return new SubmitFinding($"{run.Name}, {run.CellName(cell.CellNumber)}", null, $"{cell.Items[0]} is not answered yet (its stub still throws)",
                "write this answer, then run the notebook from the top");
        }

        foreach (var check in run.FailedChecks)
        {
            string error = check.MaxRelativeError is { } e ? $" (largest relative error {e.ToString("0.0e+0", CultureInfo.InvariantCulture)})" : "";
            yield return new SubmitFinding($"{run.Name}, {run.CellName(check.CellNumber)}", null, $"the self-check {check.Name} fails{error}",
                "fix the answer this cell checks; run the cell to see its hint");
        }
    }
}
