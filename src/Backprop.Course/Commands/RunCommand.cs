using System.Diagnostics;
using System.Globalization;
using Backprop.Runner;

namespace Backprop.Course.Commands;

/// <summary><c>backprop run</c>: executes the course notebooks headlessly and writes the executed .ipynb and offline HTML.</summary>
internal sealed class RunCommand : ICommand
{
    public string Name => "run";

    public string Summary => "Run the notebooks headlessly; write executed .ipynb and offline HTML.";

    public string Usage => """
        Usage: backprop run [NOTEBOOK.ipynb ...] [--out DIR] [--timings] [--cell-timeout SECONDS]

        Runs every code cell of each notebook in order (default: every notebooks/*.ipynb) with the C# kernel hosted
        in this process, in the notebook's folder, and stops a notebook at its first error. Builds Backprop.Kernel
        first if it is missing. Exits 1 if any cell errors or any derivative check fails.

          --out DIR   where to write NAME.ipynb and NAME.html (default: artifacts/run/)
          --timings   also list every code cell's run time
          --cell-timeout SECONDS   stop a notebook at a cell that runs longer (default 600)
        """;

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        var notebooks = new List<string>();
        string? outFolder = null;
        bool timings = false;
        var cellTimeout = TimeSpan.FromMinutes(10);
        for (int i = 0; i < args.Count; i++)
        {
            if (args[i] == "--out")
            {
                outFolder = i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal)
                    ? args[++i]
                    : throw new UsageException("--out needs a folder, e.g. --out artifacts/run.");
            }
            else if (args[i] == "--cell-timeout")
            {
                cellTimeout = i + 1 < args.Count && double.TryParse(args[++i], NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) && seconds > 0
                    ? TimeSpan.FromSeconds(seconds)
                    : throw new UsageException("--cell-timeout needs a positive number of seconds, e.g. --cell-timeout 600.");
            }
            else if (args[i] == "--timings")
            {
                timings = true;
            }
            else if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new UsageException($"unknown option '{args[i]}'.");
            }
            else
            {
                notebooks.Add(Path.GetFullPath(args[i]));
            }
        }

        var layout = RepositoryLayout.Find(notebooks.Count > 0 ? Path.GetDirectoryName(notebooks[0])! : Environment.CurrentDirectory)
                     ?? RepositoryLayout.Find();
        if (notebooks.Count == 0)
        {
            if (layout is null)
            {
                error.WriteLine($"backprop run: cannot find the kit's root ({RepositoryLayout.SolutionFileName}) above {Environment.CurrentDirectory}. Run it inside the checkout, or name the notebooks.");
                return 2;
            }

            notebooks.AddRange(layout.Notebooks());
            if (notebooks.Count == 0)
            {
                error.WriteLine($"backprop run: no notebooks in {layout.NotebooksFolder}.");
                return 2;
            }
        }

        if (layout is not null && await layout.EnsureKernelBuiltAsync(output, cancellation) is { } buildError)
        {
            error.WriteLine($"backprop run: {buildError}");
            return 1;
        }

        if (layout is not null && DifferentKernelCopy(layout) is { } warning)
        {
            error.WriteLine($"backprop run: warning: {warning}");
        }

        outFolder = Path.GetFullPath(outFolder ?? layout?.DefaultRunOutput ?? Path.Combine("artifacts", "run"));
        var host = new NotebookHost { CellTimeout = cellTimeout };
        var runs = new List<NotebookRun>();
        var clock = Stopwatch.StartNew();
        // On a terminal, one line that counts the cells up; in a log, just a line per notebook.
        bool live = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        void Progress(CellStarting cell)
        {
            if (live)
            {
                output.Write($"\r  cell {cell.CellNumber,3}  ({cell.CodeCell}/{cell.CodeCells} code cells)   ");
            }
        }

        foreach (var notebook in notebooks)
        {
            output.WriteLine($"running {Path.GetFileName(notebook)} ...");
            NotebookRun run;
            try
            {
                run = await host.RunAsync(notebook, Progress, cancellation);
            }
            catch (OperationCanceledException)
            {
                error.WriteLine($"\nbackprop run: cancelled while running {Path.GetFileName(notebook)}.");
                return 130;
            }

            if (live)
            {
                output.Write("\r" + new string(' ', 50) + "\r");
            }

            runs.Add(run);
            IReadOnlyList<string> files;
            try
            {
                files = await NotebookExport.WriteAsync(run, outFolder, cancellation);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"backprop run: cannot write the outputs to {outFolder}: {e.Message} Choose another folder with --out DIR.");
                return 1;
            }

            output.WriteLine($"  {(run.Succeeded ? "ok" : "FAILED")}: {run.Runs.Count} code cells in {Seconds(run.Elapsed)}; {(files.Count == 0 ? "wrote nothing" : "wrote " + string.Join(", ", files.Select(f => Path.GetRelativePath(Environment.CurrentDirectory, f))))}");
        }

        output.WriteLine();
        foreach (var run in runs)
        {
            Report(run, output, timings);
        }

        var problems = runs.SelectMany(r => r.Problems()).ToList();
        int checks = runs.Sum(r => r.Checks.Count);
        output.WriteLine(problems.Count == 0
            ? $"run: {runs.Count} notebooks, {runs.Sum(r => r.Runs.Count)} code cells, {checks} checks passed, in {Seconds(clock.Elapsed)}."
            : $"run: {problems.Count} problem(s) in {runs.Count(r => !r.Succeeded)} of {runs.Count} notebooks ({Seconds(clock.Elapsed)}).");
        foreach (var problem in problems)
        {
            error.WriteLine($"backprop run: {problem}");
        }

        return problems.Count == 0 ? 0 : 1;
    }

    private static void Report(NotebookRun run, TextWriter output, bool timings)
    {
        int codeCells = run.Document?.Elements.Count(e => e.KernelName is not ("markdown" or "md")) ?? 0;
        var slowest = run.Runs.MaxBy(r => r.Elapsed);
        output.WriteLine($"{run.Name}: ran {run.Runs.Count} of {codeCells} code cells in {Seconds(run.Elapsed)}" +
                         (slowest is null ? "" : $" (slowest: cell {slowest.CellNumber}, {Seconds(slowest.Elapsed)})") +
                         $", {run.Checks.Count(c => c.Passed)} of {run.Checks.Count} checks passed");
        if (timings)
        {
            output.WriteLine("  " + string.Join("  ", run.Runs.Select(r => $"cell {r.CellNumber}: {r.Elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s")));
        }

        foreach (var check in run.Checks)
        {
            string error = check.MaxRelativeError is { } e ? e.ToString("0.0e+00", CultureInfo.InvariantCulture) : "-";
            output.WriteLine($"  {(check.Passed ? "pass" : "FAIL"),-4}  max rel. error {error,-8}  {check.Name}  [{run.CellName(check.CellNumber)}]");
        }

        if (run.Failure is { } failure)
        {
            output.WriteLine(failure.CellNumber is { } cell ? $"  ERROR in {run.CellName(cell)}: {failure.Message}" : $"  ERROR {failure.Message}");
        }

        output.WriteLine();
    }

    // This program carries its own Backprop.Kernel, and the runtime hands a notebook's #r of an assembly with the
    // same name that copy. Built together they are byte-identical (deterministic builds); say so when they are not.
    private static string? DifferentKernelCopy(RepositoryLayout layout)
    {
        var own = Path.Combine(AppContext.BaseDirectory, "Backprop.Kernel.dll");
        if (!File.Exists(own) || !File.Exists(layout.KernelAssembly))
        {
            return null;
        }

        return File.ReadAllBytes(own).AsSpan().SequenceEqual(File.ReadAllBytes(layout.KernelAssembly))
            ? null
            : $"{Path.GetRelativePath(layout.Root, layout.KernelAssembly)} differs from the copy backprop runs with ({own}); the notebooks will use backprop's copy. Rebuild both with 'dotnet build src/Backprop.Course -c Debug'.";
    }

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";
}
