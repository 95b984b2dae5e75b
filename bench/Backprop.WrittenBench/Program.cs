using System.Diagnostics;
using System.Text.Json;
using Backprop.Grading.Scoring;
using Backprop.Grading.Written;
using Backprop.Kernel.Checking;
using Backprop.Kernel.Written;

// Times WrittenResultChecker on the grader's cases (the course instance + 4 hidden) for one submission's 12 derivation cells:
// the instructor's answers (every result agrees) and the same results scaled by 2 (every one wrong, unnamed, so the
// whole mistake search runs). Usage: dotnet run -c Release --project bench/Backprop.WrittenBench [notebooks dir] [rounds]
string notebooks = args.Length > 0 ? args[0] : Path.Combine(FindRoot(), "notebooks");
int rounds = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20;
var right = Answers(notebooks);
var wrong = right.Select(a => (a.Id, Cell: Scaled(a.Cell))).ToArray();
Console.WriteLine($"T of the cases: {string.Join(", ", WrittenCheck.Specs.Select(s => CheckItems.Recurrent(s, Backprop.Kernel.Recurrence.Tanh).Trace.T))}");
Console.WriteLine($"{right.Count} derivation cells, {WrittenCheck.Specs.Count} cases each; {Environment.ProcessorCount} cores, load average {LoadAverage()}");

var clock = Stopwatch.StartNew();
// In the grader the code check has built the hidden cases before the written check runs; PREBUILT=1 does the same here.
if (Environment.GetEnvironmentVariable("PREBUILT") is not null)
{
    foreach (var item in WrittenItems.All)
    {
        HiddenCases.For(item.Item);
    }

    Console.WriteLine($"hidden cases of the code items, built first as the code check does: {clock.Elapsed.TotalMilliseconds:0} ms");
    clock.Restart();
}

var first = right.Select(a => WrittenResultChecker.Check(a.Id, a.Cell, WrittenCheck.Specs, WrittenCheck.Hidden)).ToArray();
Console.WriteLine($"first submission in a fresh process (builds and caches the cases): {clock.Elapsed.TotalMilliseconds:0} ms; verdicts: {string.Join(", ", first.GroupBy(v => v.Label).Select(g => $"{g.Count()} {g.Key}"))}");
if (Environment.GetEnvironmentVariable("SHOW") is not null)
{
    foreach (var (id, cell) in wrong)
    {
        var v = WrittenResultChecker.Check(id, cell, WrittenCheck.Specs, WrittenCheck.Hidden);
        Console.WriteLine($"{id}: {v.Label}: {v.Feedback}\n   {v.Result}");
    }
}

Report("right answers (all agree)", right, rounds);
Report("wrong answers (full mistake search)", wrong, rounds);

void Report(string what, IReadOnlyList<(string Id, string Cell)> cells, int n)
{
    var times = new List<double>();
    string labels = "";
    for (int r = 0; r < n; r++)
    {
        var watch = Stopwatch.StartNew();
        var verdicts = cells.Select(a => WrittenResultChecker.Check(a.Id, a.Cell, WrittenCheck.Specs, WrittenCheck.Hidden)).ToArray();
        times.Add(watch.Elapsed.TotalMilliseconds);
        labels = string.Join(", ", verdicts.GroupBy(v => v.Label).Select(g => $"{g.Count()} {g.Key}"));
    }

    times.Sort();
    Console.WriteLine($"{what}: per submission median {times[n / 2]:0.0} ms, min {times[0]:0.0} ms, max {times[^1]:0.0} ms over {n} rounds; verdicts: {labels}");
}

static List<(string Id, string Cell)> Answers(string folder)
{
    var list = new List<(string, string)>();
    foreach (string path in Directory.GetFiles(folder, "*.ipynb").Order(StringComparer.Ordinal))
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var cells = document.RootElement.GetProperty("cells").EnumerateArray().ToArray();
        for (int i = 0; i < cells.Length; i++)
        {
            if (cells[i].TryGetProperty("metadata", out var m) && m.TryGetProperty("backprop", out var b) && b.TryGetProperty("manual", out var id)
                && WrittenItems.Find(id.GetString()!) is not null)
            {
                string region = Enumerable.Range(0, i).Reverse().Select(j => string.Concat(cells[j].GetProperty("source").EnumerateArray().Select(l => l.GetString())))
                    .First(s => s.Contains("BEGIN SOLUTION", StringComparison.Ordinal));
                list.Add((id.GetString()!, region));
            }
        }
    }

    return list;
}

static string Scaled(string cell)
{
    // The box's pieces between '=' signs outside braces; the last one with maths is the result.
    string latex = BoxedResult.Find(cell)!.Latex.Trim().TrimEnd('.', ',');
    var pieces = new List<string>();
    int depth = 0, start = 0;
    for (int i = 0; i < latex.Length; i++)
    {
        depth += latex[i] == '{' ? 1 : latex[i] == '}' ? -1 : 0;
        if (latex[i] == '=' && depth == 0)
        {
            pieces.Add(latex[start..i]);
            start = i + 1;
        }
    }

    pieces.Add(latex[start..]);
    string rhs = pieces.Skip(1).LastOrDefault(p => !p.Trim().StartsWith("\\text{", StringComparison.Ordinal)) ?? throw new InvalidOperationException("no result in " + latex);
    return $"$$\\boxed{{{pieces[0]} = 2 \\left({rhs}\\right)}}$$";
}

static string FindRoot()
{
    var d = new DirectoryInfo(AppContext.BaseDirectory);
    while (d is not null && !File.Exists(Path.Combine(d.FullName, "Backprop.Notebooks.sln")))
    {
        d = d.Parent;
    }

    return d?.FullName ?? ".";
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
