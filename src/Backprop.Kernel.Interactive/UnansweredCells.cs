using System.Collections.Concurrent;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace Backprop.Kernel.Interactive;

/// <summary>
/// The kernel middleware that lets a notebook carry on past items not answered yet, in Jupyter, VS Code and
/// <c>backprop run</c>. A C# cell runs as a command of its own; when it stops at a stub (<see cref="Unanswered.ItemOf"/>),
/// the cell shows one line (<see cref="NotAnsweredYet"/>) and succeeds, so that "Run All" goes on, and the variables it
/// left unset (<see cref="Unanswered.Unset"/>) wait for that item. A later cell that reads one of them is not run and
/// says which item it needs; what it declares waits too. A cell that runs through sets what it declares again. Any other
/// failure fails the cell as before, and shows once: a compile error's diagnostics as in a cell run without the extension.
/// </summary>
public sealed class UnansweredCells
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Microsoft.DotNet.Interactive.Kernel, UnansweredCells> Watching = [];

    private readonly Microsoft.DotNet.Interactive.Kernel _kernel;
    private readonly Dictionary<string, IReadOnlyList<string>> _needs = new(StringComparer.Ordinal); // a variable or function → its items
    private readonly HashSet<string> _answerCells = new(StringComparer.Ordinal); // items whose "// answer: id" cell has run
    private readonly ConcurrentDictionary<KernelCommand, bool> _own = new(ReferenceEqualityComparer.Instance); // the commands it runs cells as

    private UnansweredCells(Microsoft.DotNet.Interactive.Kernel kernel) => _kernel = kernel;

    /// <summary>
    /// Adds the middleware to <paramref name="kernel"/> (the notebook's composite kernel), once however often it is called:
    /// <c>backprop run</c> adds it to every kernel it makes, before the notebook's #r loads the extension.
    /// </summary>
    /// <param name="kernel">The kernel whose C# cells to watch.</param>
    public static void Use(Microsoft.DotNet.Interactive.Kernel kernel)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        var cells = new UnansweredCells(kernel);
        if (Watching.TryAdd(kernel, cells))
        {
            Formatter.Register<NotAnsweredYet>(line => line.ToString(), PlainTextFormatter.MimeType);
            Formatter.SetPreferredMimeTypesFor(typeof(NotAnsweredYet), PlainTextFormatter.MimeType);
            kernel.AddMiddleware(cells.InvokeAsync);
        }
    }

    // The middleware: runs a C# cell as described above; passes every other command on.
    private async Task InvokeAsync(KernelCommand command, KernelInvocationContext context, KernelPipelineContinuation next)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (command is not SubmitCode cell || _own.ContainsKey(command) || !IsCSharp(cell.TargetKernelName) || context is null)
        {
            await next(command, context!);
            return;
        }

        if (Waiting(cell.Code) is { Count: > 0 } items)
        {
            // Not run: it reads what an unanswered item was to give, and so does everything it declares.
            foreach (string name in Unanswered.Declared(cell.Code))
            {
                _needs[name] = items;
            }

            context.Display(new NotAnsweredYet(items, Ran: false, "", ""), PlainTextFormatter.MimeType);
            return;
        }

        var run = new SubmitCode(cell.Code, cell.TargetKernelName);
        run.SetParent(context.Command, bubbleEvents: true); // what it shows is the cell's
        _own[run] = true;
        var compileErrors = new CompileErrors(context, cell, run);
        KernelCommandResult result;
        try
        {
            // As a command of its own, its failure is its own: this cell decides whether it fails.
            using (context.KernelEvents.Subscribe(compileErrors.OnNext))
            {
                result = await _kernel.SendAsync(run, context.CancellationToken);
            }
        }
        catch (OperationCanceledException) when (compileErrors.Failed)
        {
            return; // failing the cell cancels what it started
        }
        finally
        {
            _own.TryRemove(run, out _);
        }

        if (compileErrors.Failed)
        {
            return;
        }

        NoteAnswerCells(cell.Code);
        var failed = result.Events.OfType<CommandFailed>().FirstOrDefault(f => ReferenceEquals(f.Command, run));
        if (failed is null)
        {
            foreach (string name in Unanswered.Declared(cell.Code))
            {
                _needs.Remove(name); // set now
            }
        }
        else if (Unanswered.ItemOf(failed.Exception) is { } item)
        {
            foreach (string name in Unanswered.Unset(cell.Code, IsNull))
            {
                _needs[name] = [item];
            }

            context.Display(Stopped(item, failed.Exception!), PlainTextFormatter.MimeType);
        }
        else
        {
            context.Fail(cell, failed.Exception, failed.Message);
        }
    }

    /// <summary>
    /// Fails the cell, once, when the command it runs as does not compile. The C# kernel reports a compile error first
    /// as diagnostics (Jupyter prints them, VS Code underlines them) and then by failing the command it ran with the
    /// same text as its message; a command that is not the cell repeats that message as an error of the cell
    /// (ErrorProduced, which Jupyter and VS Code print), and the cell's own failure would print it a third time. So at
    /// the diagnostics the cell fails as a top-level compile error does (a <see cref="CodeSubmissionCompilationErrorException"/>
    /// whose message lists the errors), and its context, complete, drops the repeat.
    /// </summary>
    private sealed class CompileErrors(KernelInvocationContext context, SubmitCode cell, SubmitCode run)
    {
        public bool Failed { get; private set; }

        public void OnNext(KernelEvent e)
        {
            if (Failed || e is not DiagnosticsProduced produced || !IsRun(produced.Command))
            {
                return;
            }

            // The kernel formats each diagnostic in the same order (FormattedDiagnostics), as its failure message does.
            var errors = produced.Diagnostics.Zip(produced.FormattedDiagnostics)
                .Where(p => p.First.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error).Select(p => p.Second.Value).ToList();
            if (errors.Count == 0)
            {
                return;
            }

            Failed = true;
            var compilation = new Microsoft.CodeAnalysis.Scripting.CompilationErrorException(errors[0], []);
            context.Fail(cell, new CodeSubmissionCompilationErrorException(compilation), string.Join(Environment.NewLine, errors));
        }

        // The command itself, or one the kernel split it into.
        private bool IsRun(KernelCommand command) => ReferenceEquals(command, run) || command.Equals(run) ||
            command.GetOrCreateToken().StartsWith(run.GetOrCreateToken() + ".", StringComparison.Ordinal);
    }

    private static bool IsCSharp(string? kernelName) => kernelName is null or "csharp" or "c#" or "C#";

    // The items a cell waits for: those of every unset variable or missing function it names and does not declare
    // itself (rerun, the cell that stopped sets its own variables again).
    private IReadOnlyList<string> Waiting(string code)
    {
        if (_needs.Count == 0)
        {
            return [];
        }

        var named = Unanswered.Named(code).Except(Unanswered.Declared(code), StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);
        return _needs.Where(n => named.Contains(n.Key)).SelectMany(n => n.Value).Distinct(StringComparer.Ordinal).ToList();
    }

    private void NoteAnswerCells(string code)
    {
        foreach (var line in code.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith(AnswerMark, StringComparison.Ordinal)))
        {
            _answerCells.Add(line[AnswerMark.Length..].Trim());
        }
    }

    private const string AnswerMark = NotAnsweredYet.AnswerMark;

    private NotAnsweredYet Stopped(string item, Exception exception)
    {
        var stub = exception is AggregateException all ? all.Flatten().InnerExceptions[0] : exception;
        return new NotAnsweredYet([item], Ran: true, NotAnsweredYet.WhereToAnswer(item, _answerCells.Contains(item)), NotAnsweredYet.DetailOf(item, stub.Message));
    }

    // Whether a variable of the notebook is null now; null when that cannot tell (a value type, or no such variable).
    private bool? IsNull(string name)
    {
        var state = (_kernel.FindKernelByName("csharp") as CSharpKernel)?.ScriptState;
        var variable = state?.Variables.LastOrDefault(v => v.Name == name);
        return variable is null || variable.Type.IsValueType ? null : variable.Value is null;
    }
}
