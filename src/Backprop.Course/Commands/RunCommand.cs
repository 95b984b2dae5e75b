using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Backprop.Runner;

namespace Backprop.Course.Commands;

/// <summary><c>backprop run</c>: executes the course notebooks headlessly and writes the executed .ipynb and offline HTML.</summary>
internal sealed class RunCommand : ICommand
{
    private readonly Argument<string[]> _notebooks = new("NOTEBOOK.ipynb")
    {
        Description = "Notebooks to run (default: every notebooks/*.ipynb).",
        Arity = ArgumentArity.ZeroOrMore,
    };

    private readonly Option<string?> _out = CourseOptions.Path("--out", "Where to write NAME.ipynb and NAME.html (default: artifacts/run/).");

    private readonly Option<bool> _timings = new("--timings") { Description = "Also list every code cell's run time." };

    private readonly Option<double> _cellTimeout = CourseOptions.PositiveNumber("--cell-timeout", "Stop a notebook at a cell that runs longer (seconds).", 600, "600", "SECONDS");

    public Command Build(CommandContext context)
    {
        // A word like --fast is a mistyped option, not a notebook called "--fast".
        _notebooks.Validators.Add(result =>
        {
            foreach (var token in result.Tokens.Where(t => t.Value.StartsWith('-')))
            {
                result.AddError($"unknown option '{token.Value}'.");
            }
        });
        var command = new Command("run", """
            Run the notebooks headlessly; write executed .ipynb and offline HTML.
            Runs every code cell of each notebook in order (default: every notebooks/*.ipynb) with the C# kernel hosted
            in this process, in the notebook's folder, and stops a notebook at its first error. A cell that reaches an
            answer not written yet (a stub: "not answered yet: p1.dJ_ds") is listed and the run carries on; a later cell
            that needs that answer is not run and says so. Packs Backprop.Kernel into .feed/ first if the package is
            missing or older than its sources (as setup does; the notebooks load it with #r "nuget: Backprop.Kernel").
            Exits 1 if any cell errors or any derivative check fails, 4 if all that ran passed but some items are not
            answered yet.
            """)
        {
            _notebooks,
            _out,
            _timings,
            _cellTimeout,
        };
        context.SetAction(command, (result, cancellation) => RunAsync(
            (result.GetValue(_notebooks) ?? []).Select(Path.GetFullPath).ToList(),
            result.GetValue(_out),
            result.GetValue(_timings),
            TimeSpan.FromSeconds(result.GetValue(_cellTimeout)),
            context,
            cancellation));
        return command;
    }

    private static async Task<int> RunAsync(List<string> named, string? outFolder, bool timings, TimeSpan cellTimeout, CommandContext context, CancellationToken cancellation)
    {
        var output = context.Output.Writer;
        var error = context.Error.Writer;
        var (notebooks, layout, problem) = FindNotebooks(named);
        if (problem is not null)
        {
            error.WriteLine($"backprop run: {problem}");
            return 2;
        }

        if (await PrepareKernelAsync(layout, output, error, cancellation) is { } exitCode)
        {
            return exitCode;
        }

        outFolder = Path.GetFullPath(outFolder ?? layout?.DefaultRunOutput ?? Path.Combine("artifacts", "run"));
        var clock = Stopwatch.StartNew();
        var runs = new List<NotebookRun>();
        foreach (var notebook in notebooks)
        {
            var (run, failure) = await RunAndExportAsync(notebook, cellTimeout, outFolder, context.Output.Styled, output, cancellation);
            if (failure is { } code)
            {
                error.WriteLine(code.Message);
                return code.ExitCode;
            }

            runs.Add(run!);
        }

        return Summarize(runs, clock.Elapsed, timings, output, error);
    }

    /// <summary>The named notebooks, or every notebook of the kit; the kit's layout if there is one; or what is missing.</summary>
    private static (IReadOnlyList<string> Notebooks, RepositoryLayout? Layout, string? Problem) FindNotebooks(IReadOnlyList<string> named)
    {
        var layout = RepositoryLayout.Find(named.Count > 0 ? Path.GetDirectoryName(named[0])! : Environment.CurrentDirectory)
                     ?? RepositoryLayout.Find();
        if (named.Count > 0)
        {
            // A usage error, said once and with exit code 2 like every command's (not a failed run of an empty notebook).
            return named.FirstOrDefault(n => !File.Exists(n)) is { } missing
                ? (named, layout, $"no such notebook: {missing}. Name an existing .ipynb, or none to run every notebook of the kit.")
                : (named, layout, null);
        }

        if (layout is null)
        {
            return ([], null, $"cannot find the kit's root ({RepositoryLayout.SolutionFileName}) above {Environment.CurrentDirectory}. Run it inside the checkout, or name the notebooks.");
        }

        var all = layout.Notebooks().ToArray();
        return all.Length == 0 ? (all, layout, $"no notebooks in {layout.NotebooksFolder}.") : (all, layout, null);
    }

    /// <summary>Packs Backprop.Kernel into the feed if it is missing or stale and warns about a second copy; an exit code when packing failed.</summary>
    private static async Task<int?> PrepareKernelAsync(RepositoryLayout? layout, TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        if (layout is null)
        {
            return null;
        }

        if (await layout.EnsureLibraryPackageAsync(output, cancellation, dropStaleCachedCopy: true) is { } buildError)
        {
            error.WriteLine($"backprop run: {buildError}");
            return 1;
        }

        if (DifferentKernelCopy(layout) is { } warning)
        {
            error.WriteLine($"backprop run: warning: {warning}");
        }

        return null;
    }

    /// <summary>Runs one notebook and writes its executed .ipynb and HTML; on cancellation or a write error, the message and exit code.</summary>
    private static async Task<(NotebookRun? Run, (string Message, int ExitCode)? Failure)> RunAndExportAsync(
        string notebook, TimeSpan cellTimeout, string outFolder, bool live, TextWriter output, CancellationToken cancellation)
    {
        // On a terminal, one line that counts the cells up; in a log, just a line per notebook.
        void Progress(CellStarting cell)
        {
            if (live)
            {
                output.Write($"\r  {cell.Line}   ");
            }
        }

        output.WriteLine($"running {Path.GetFileName(notebook)} ...");
        NotebookRun run;
        try
        {
            run = await new NotebookHost { CellTimeout = cellTimeout }.RunAsync(notebook, Progress, cancellation);
        }
        catch (OperationCanceledException)
        {
            return (null, ($"\nbackprop run: cancelled while running {Path.GetFileName(notebook)}.", 130));
        }

        if (live)
        {
            output.Write("\r" + new string(' ', 60) + "\r");
        }

        IReadOnlyList<string> files;
        try
        {
            files = await NotebookExport.WriteAsync(run, outFolder, cancellation);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, ($"backprop run: cannot write the outputs to {outFolder}: {e.Message} Choose another folder with --out DIR.", 1));
        }

        string verdict = run.Succeeded ? "ok" : run.Failure is null && run.Checks.All(c => c.Passed) ? "not answered yet" : "FAILED";
        output.WriteLine($"  {verdict}: {run.Runs.Count} code cells in {Seconds(run.Elapsed)}; {(files.Count == 0 ? "wrote nothing" : "wrote " + string.Join(", ", files.Select(f => Path.GetRelativePath(Environment.CurrentDirectory, f))))}");
        return (run, null);
    }

    /// <summary>The report of every notebook, the closing line and the problems; the exit code.</summary>
    private static int Summarize(IReadOnlyList<NotebookRun> runs, TimeSpan elapsed, bool timings, TextWriter output, TextWriter error)
    {
        output.WriteLine();
        foreach (var run in runs)
        {
            Report(run, output, timings);
        }

        var problems = runs.SelectMany(r => r.Problems()).ToList();
        var unanswered = runs.SelectMany(r => r.UnansweredItems).Distinct(StringComparer.Ordinal).ToList();
        int checks = runs.Sum(r => r.Checks.Count);
        output.WriteLine(problems.Count > 0
            ? $"run: {problems.Count} problem(s) in {runs.Count(r => r.Problems().Any())} of {runs.Count} notebooks ({Seconds(elapsed)})."
            : unanswered.Count > 0
                ? $"run: {runs.Count} notebooks, {runs.Sum(r => r.Runs.Count)} code cells ran, {(checks == 0 ? "no checks ran" : $"{checks} checks passed")}, in {Seconds(elapsed)}; not answered yet: {unanswered.Count} item(s), {string.Join(", ", unanswered)}."
                : $"run: {runs.Count} notebooks, {runs.Sum(r => r.Runs.Count)} code cells, {checks} checks passed, in {Seconds(elapsed)}.");
        foreach (var problem in problems)
        {
            error.WriteLine($"backprop run: {problem}");
        }

        // 1 when something failed; 4 when everything that ran passed but items are not answered yet (a fresh release).
        return problems.Count > 0 ? 1 : unanswered.Count > 0 ? NotAnsweredExitCode : 0;
    }

    /// <summary>The exit code of a run whose only shortfall is items not answered yet (README's table).</summary>
    internal const int NotAnsweredExitCode = 4;

    private static void Report(NotebookRun run, TextWriter output, bool timings)
    {
        int codeCells = run.Document?.Elements.Count(e => e.KernelName is not ("markdown" or "md")) ?? 0;
        var slowest = run.Runs.MaxBy(r => r.Elapsed);
        output.WriteLine($"{run.Name}: ran {run.Runs.Count} of {codeCells} code cells in {Seconds(run.Elapsed)}" +
                         (slowest is null ? "" : $" (slowest: cell {slowest.CellNumber}, {Seconds(slowest.Elapsed)})") +
                         (run.Checks.Count == 0 ? ", no checks ran" : $", {run.Checks.Count(c => c.Passed)} of {run.Checks.Count} checks passed"));
        if (run.UnansweredItems.Count > 0)
        {
            output.WriteLine($"  not answered yet: {string.Join(", ", run.UnansweredItems)}");
        }
        if (timings)
        {
            output.WriteLine("  " + string.Join("  ", run.Runs.Select(r => $"cell {r.CellNumber}: {r.Elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s")));
        }

        foreach (var check in run.Checks)
        {
            string error = check.MaxRelativeError is { } e ? e.ToString("0.0e+00", CultureInfo.InvariantCulture) : "-";
            output.WriteLine($"  {(check.Passed ? "pass" : "FAIL"),-4}  max rel. error {error,-8}  {check.Name}  [{run.CellName(check.CellNumber)}]");
        }

        foreach (var cell in run.Unanswered)
        {
            output.WriteLine($"  {run.CellName(cell.CellNumber)}: {cell.Message}");
        }

        // A failing cell's error is printed once, with the other problems, after the summary line.
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
