using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Backprop.Kernel.Interactive;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Documents.Jupyter;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;
using Microsoft.DotNet.Interactive.PackageManagement;

namespace Backprop.Runner;

/// <summary>
/// Runs .ipynb notebooks headlessly with the .NET Interactive C# kernel hosted in this process: every code cell in
/// order, in the notebook's folder, stopping at the first error cell. A cell that reaches an unanswered item's stub is
/// not an error: the course's kernel extension shows it as one line and carries on, as in Jupyter (see
/// <see cref="UnansweredCells"/>), and the run lists it. Each notebook gets a fresh kernel, so no state
/// leaks between notebooks; the process, the compiler and NuGet's restore cache are shared, which is what makes the
/// second and third notebook fast. Notebooks run one at a time because the working directory is process-wide.
/// </summary>
public sealed class NotebookHost
{
    private const string CSharpKernelName = "csharp";

    // A relative #r path resolves against the process's working directory, so only one notebook may run at a time.
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);
    private static bool _formattersConfigured;

    /// <summary>How long one cell may run before the notebook is stopped there (default 10 minutes).</summary>
    public TimeSpan CellTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Runs the notebook at <paramref name="notebookPath"/>; never throws for a bad notebook, it reports it.</summary>
    /// <param name="notebookPath">The .ipynb file.</param>
    /// <param name="progress">Told before each code cell runs.</param>
    /// <param name="cancellation">Stops between cells (and inside a cell where the kernel can).</param>
    public async Task<NotebookRun> RunAsync(string notebookPath, Action<CellStarting>? progress = null, CancellationToken cancellation = default)
    {
        var path = Path.GetFullPath(notebookPath);
        var clock = Stopwatch.StartNew();
        NotebookRun Unreadable(string message) => new(path, null, [], [], new NotebookFailure(null, message), clock.Elapsed);

        if (!File.Exists(path))
        {
            return Unreadable($"no such notebook: {path}");
        }

        InteractiveDocument document;
        try
        {
            document = Notebook.Parse(await File.ReadAllTextAsync(path, cancellation));
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or NotSupportedException)
        {
            return Unreadable($"not a valid .ipynb notebook (JSON): {e.Message} Open it in an editor or restore it from git.");
        }

        await OneAtATime.WaitAsync(cancellation);
        var previousDirectory = Environment.CurrentDirectory;
        try
        {
            Environment.CurrentDirectory = Path.GetDirectoryName(path)!;
            return await RunCellsAsync(path, document, progress, clock, CellTimeout, cancellation);
        }
        finally
        {
            Environment.CurrentDirectory = previousDirectory;
            OneAtATime.Release();
        }
    }

    private static async Task<NotebookRun> RunCellsAsync(
        string path, InteractiveDocument document, Action<CellStarting>? progress, Stopwatch clock, TimeSpan cellTimeout, CancellationToken cancellation)
    {
        ConfigureFormatters();
        var kernel = CreateKernel();
        var (run, abandoned) = await RunCellsOnAsync(kernel, path, document, progress, clock, cellTimeout, cancellation);
        // A cell that timed out may still be running on its kernel: leave that kernel to the end of the process.
        if (!abandoned)
        {
            kernel.Dispose();
        }

        return run;
    }

    private static async Task<(NotebookRun Run, bool Abandoned)> RunCellsOnAsync(
        CompositeKernel kernel, string path, InteractiveDocument document, Action<CellStarting>? progress, Stopwatch clock, TimeSpan cellTimeout,
        CancellationToken cancellation)
    {
        var checks = new CheckDetector();
        var runs = new List<RawCellRun>();
        var found = new List<CheckOutcome>();
        var unanswered = new List<UnansweredCell>();
        NotebookFailure? failure = null;
        bool abandoned = false;

        var codeCells = document.Elements.Select((cell, i) => (cell, number: i + 1)).Where(c => IsCode(c.cell)).ToList();
        foreach (var cell in document.Elements.Where(IsCode))
        {
            cell.Outputs.Clear();
            cell.ExecutionOrder = 0;
        }

        for (int i = 0; i < codeCells.Count; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            var (cell, number) = codeCells[i];
            progress?.Invoke(new CellStarting(Path.GetFileName(path), number, document.Elements.Count, i + 1, codeCells.Count));

            var cellClock = Stopwatch.StartNew();
            var run = await RunCellAsync(kernel, cell, number, executionCount: i + 1, cellTimeout, cancellation);
            if (run.Unanswered is { Ran: false } skipped)
            {
                // Not run: it reads what an unanswered item was to give (the kernel extension decided, and said so).
                unanswered.Add(new UnansweredCell(number, skipped.Items, Ran: false));
                cell.Outputs.AddRange(run.Outputs);
                continue;
            }

            runs.Add(run with { Elapsed = cellClock.Elapsed });
            cell.ExecutionOrder = i + 1;
            cell.Outputs.AddRange(run.Outputs);
            found.AddRange(run.Values.Concat(Variables(kernel)).SelectMany(v => checks.Find(v, number)));

            if (run.Unanswered is { } stopped)
            {
                unanswered.Add(new UnansweredCell(number, stopped.Items, Ran: true));
            }
            else if (run.Error is not null)
            {
                failure = new NotebookFailure(number, run.Error);
                abandoned = run.TimedOut;
                break;
            }
        }

        var result = new NotebookRun(path, document, runs.Select(r => r.ToCellRun()).ToList(), found, failure, clock.Elapsed) { Unanswered = unanswered };
        return (result, abandoned);
    }

    // The notebook's variables, so that a check kept in a variable counts even when its cell shows only its text
    // (e.g. `var dsCheck = GradCheck.Compare(...); report.ToString()`). Checks are objects; boxed values are skipped,
    // since they would be new objects each time and counted again.
    private static IEnumerable<object?> Variables(CompositeKernel kernel) =>
        kernel.ChildKernels.OfType<CSharpKernel>().FirstOrDefault()?.ScriptState?.Variables
            .Select(ValueOrNull)
            .Where(v => v is not null && !v.GetType().IsValueType)
        ?? [];

    // A variable whose type cannot be loaded (the cell was compiled against another copy of a library than the one
    // loaded) is not a check: it is skipped here, and the cell that declared it has already reported its error.
    private static object? ValueOrNull(Microsoft.CodeAnalysis.Scripting.ScriptVariable variable)
    {
        try
        {
            return variable.Value;
        }
        catch (TypeLoadException)
        {
            return null;
        }
    }

    private static bool IsCode(InteractiveDocumentElement cell) => cell.KernelName is not ("markdown" or "md");

    private static async Task<RawCellRun> RunCellAsync(
        CompositeKernel kernel, InteractiveDocumentElement cell, int number, int executionCount, TimeSpan timeout, CancellationToken cancellation)
    {
        if (cell.KernelName is { } name && !string.Equals(name, CSharpKernelName, StringComparison.OrdinalIgnoreCase) && name is not ("C#" or "c#"))
        {
            string message = $"this is a '{name}' cell; backprop run hosts only the C# kernel. Mark the cell as C# (metadata polyglot_notebook.kernelName = \"csharp\").";
            return new RawCellRun(number, executionCount, [new ErrorElement(message, "UnsupportedKernel", [message])], [], message, TimeSpan.Zero);
        }

        KernelCommandResult result;
        try
        {
            var sending = kernel.SendAsync(new SubmitCode(cell.Contents, CSharpKernelName), cancellation);
            if (await Task.WhenAny(sending, Task.Delay(timeout, cancellation)) != sending)
            {
                cancellation.ThrowIfCancellationRequested();
                string message = $"the cell did not finish within {timeout.TotalSeconds:0} s (is there an endless loop?); stopped the notebook here.";
                return new RawCellRun(number, executionCount, [new ErrorElement(message, "Timeout", [message])], [], message, TimeSpan.Zero) { TimedOut = true };
            }

            result = await sending;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            string message = $"{e.GetType().Name}: {e.Message}";
            return new RawCellRun(number, executionCount, [new ErrorElement(message, e.GetType().Name, [e.ToString()])], [], message, TimeSpan.Zero);
        }

        return Collect(result, number, executionCount);
    }

    private static RawCellRun Collect(KernelCommandResult result, int number, int executionCount)
    {
        var outputs = new List<InteractiveDocumentOutputElement>();
        var values = new List<object?>();
        var displays = new Dictionary<string, DisplayElement>();
        string? error = null;
        NotAnsweredYet? unanswered = null;

        foreach (var e in result.Events)
        {
            switch (e)
            {
                case ReturnValueProduced r:
                    var returned = new ReturnValueElement { ExecutionOrder = executionCount };
                    foreach (var (mime, text) in Data(r))
                    {
                        returned.Data[mime] = text;
                    }

                    outputs.Add(returned);
                    values.Add(r.Value);
                    break;

                case DisplayedValueUpdated u when u.ValueId is not null && displays.TryGetValue(u.ValueId, out var earlier):
                    earlier.Data.Clear();
                    foreach (var (mime, text) in Data(u))
                    {
                        earlier.Data[mime] = text;
                    }

                    break;

                case DisplayedValueProduced { Value: NotAnsweredYet line } d:
                    // The kernel extension's one line for a stub (no stack trace) or for a cell it did not run.
                    unanswered = line;
                    error = line.Ran ? line.ToString() : null;
                    outputs.Add(new DisplayElement(Data(d).ToDictionary(p => p.Key, p => (object)p.Value)));
                    break;

                case DisplayedValueProduced d:
                    var shown = new DisplayElement(Data(d).ToDictionary(p => p.Key, p => (object)p.Value));
                    if (d.ValueId is not null)
                    {
                        displays[d.ValueId] = shown;
                    }

                    outputs.Add(shown);
                    values.Add(d.Value);
                    break;

                case StandardOutputValueProduced o:
                    AppendStream(outputs, "stdout", Text(o));
                    break;

                case StandardErrorValueProduced o:
                    AppendStream(outputs, "stderr", Text(o));
                    break;

                case CommandFailed f when error is null:
                    error = ErrorMessage(f);
                    outputs.Add(new ErrorElement(error, f.Exception?.GetType().Name ?? "Error", Traceback(f)));
                    break;
            }
        }

        return new RawCellRun(number, executionCount, outputs, values, error, TimeSpan.Zero) { Unanswered = unanswered };
    }

    // What a frontend shows of a failure: a compile error's diagnostics once (its exception's text repeats them and adds a
    // stack trace of the kernel's, not of the cell), any other exception in full.
    private static string[] Traceback(CommandFailed failed) =>
        (failed.Exception is null || IsCompileError(failed.Exception) ? failed.Message : failed.Exception.ToString()).Trim().Split('\n');

    private static bool IsCompileError(Exception e) => e.GetType().Name == "CodeSubmissionCompilationErrorException";

    // One line or a few: the exception's type and message (its stack trace stays in the notebook's traceback).
    private static string ErrorMessage(CommandFailed failed) => failed.Exception switch
    {
        null => failed.Message.Trim(),
        { } e when IsCompileError(e) => "does not compile: " + e.Message.Trim() +
            (e.Message.Contains("CS0006", StringComparison.Ordinal)
                ? $" (a #r path is relative to the notebook's folder, {Environment.CurrentDirectory}; if it is Backprop.Kernel.dll, build it with 'dotnet build src/Backprop.Kernel -c Debug')"
                : ""),
        { } e => $"{e.GetType().Name}: {e.Message.Trim()}",
    };

    private static IEnumerable<KeyValuePair<string, string>> Data(DisplayEvent e) =>
        e.FormattedValues.Where(v => !v.SuppressDisplay).Select(v => new KeyValuePair<string, string>(v.MimeType, v.Value));

    private static string Text(DisplayEvent e) =>
        e.FormattedValues.FirstOrDefault(v => v.MimeType == PlainTextFormatter.MimeType)?.Value ?? e.Value?.ToString() ?? "";

    private static void AppendStream(List<InteractiveDocumentOutputElement> outputs, string name, string text)
    {
        // Consecutive writes to one stream become one output, as Jupyter shows them.
        if (outputs.Count > 0 && outputs[^1] is TextElement last && last.Name == name)
        {
            outputs[^1] = new TextElement(last.Text + text, name);
        }
        else
        {
            outputs.Add(new TextElement(text, name));
        }
    }

    private static CompositeKernel CreateKernel()
    {
        var composite = new CompositeKernel();
        var csharp = new CSharpKernel().UseKernelHelpers().UseValueSharing();
        csharp.UseNugetDirective(async (kernel, packages) =>
        {
            kernel.AddAssemblyReferences(packages.SelectMany(p => p.AssemblyPaths));
            // Backprop.Kernel's extension shows the check tables as text and draws charts offline, as in Jupyter.
            await KernelExtensionLoader.LoadAsync(composite, packages);
        });
        composite.Add(csharp, ["c#", "C#"]);
        composite.DefaultKernelName = CSharpKernelName;
        // Loaded here too, so that a notebook that does not load the package (a test's) carries on past stubs the same way.
        UnansweredCells.Use(composite);
        return composite;
    }

    // As the dotnet-interactive tool does for a browser front end: HTML by default, strings as plain text.
    private static void ConfigureFormatters()
    {
        if (_formattersConfigured)
        {
            return;
        }

        Formatter.DefaultMimeType = HtmlFormatter.MimeType;
        Formatter.SetPreferredMimeTypesFor(typeof(string), PlainTextFormatter.MimeType);
        _formattersConfigured = true;
    }

    /// <summary>A cell's run together with the raw values it produced, for the check detector.</summary>
    private sealed record RawCellRun(
        int CellNumber, int ExecutionCount, IReadOnlyList<InteractiveDocumentOutputElement> Outputs, IReadOnlyList<object?> Values, string? Error, TimeSpan Elapsed)
    {
        public bool TimedOut { get; init; }

        /// <summary>The item whose stub the cell reached, or the items it was not run for; null when neither.</summary>
        public NotAnsweredYet? Unanswered { get; init; }

        public CellRun ToCellRun() => new(CellNumber, ExecutionCount, Outputs, Error, Elapsed);
    }
}
