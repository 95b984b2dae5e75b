using Backprop.Kernel.Interactive;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Events;

namespace Backprop.Runner.Tests;

/// <summary>
/// The kernel extension's middleware on a bare C# kernel, as Jupyter drives it (one SubmitCode per cell): a stub's cell
/// succeeds with one line, a cell that needs what it left unset is not run, any other failure still fails its cell, and
/// once the item is answered and the cells rerun, everything runs.
/// </summary>
public sealed class UnansweredCellsTests
{
    private const string Stub = "double dJ_ds(double s) { throw new NotImplementedException(\"not answered yet: p1.dJ_ds. Hint: a nudge.\"); }";

    private static CompositeKernel NewKernel()
    {
        var composite = new CompositeKernel();
        composite.Add(new CSharpKernel().UseKernelHelpers());
        composite.DefaultKernelName = "csharp";
        UnansweredCells.Use(composite);
        UnansweredCells.Use(composite); // a second load (backprop run, then the package's #r) adds nothing
        return composite;
    }

    private static async Task<(KernelCommandResult Result, List<string> Lines)> Cell(CompositeKernel kernel, string code)
    {
        var result = await kernel.SendAsync(new SubmitCode(code, "csharp"));
        var lines = result.Events.OfType<DisplayedValueProduced>().Where(d => d.Value is NotAnsweredYet)
            .Select(d => d.FormattedValues.Single(v => v.MimeType == "text/plain").Value).ToList();
        return (result, lines);
    }

    [Fact]
    public async Task A_stub_shows_one_line_and_the_notebook_carries_on_until_it_is_answered()
    {
        using var kernel = NewKernel();
        Assert.DoesNotContain((await Cell(kernel, "// answer: p1.dJ_ds\n" + Stub)).Result.Events, e => e is CommandFailed);
        var setup = await Cell(kernel, "var words = new List<int> { 1, 2 };\nwords.Count");
        Assert.Contains(setup.Result.Events, e => e is ReturnValueProduced { Value: 2 });

        var stopped = await Cell(kernel, "var forward = words.Select(w => 2.0 * w).ToList();\nvar ds = dJ_ds(forward[0]);\nvar after = ds + 1;");
        Assert.DoesNotContain(stopped.Result.Events, e => e is CommandFailed);
        Assert.Contains(stopped.Result.Events, e => e is CommandSucceeded);
        Assert.Equal(["not answered yet: p1.dJ_ds — answer it in the cell that begins \"// answer: p1.dJ_ds\", then rerun this cell. Hint: a nudge."], stopped.Lines);

        var held = await Cell(kernel, "Console.WriteLine(after * 2);");
        Assert.Equal(["not run: it needs p1.dJ_ds, not answered yet — answer it, then rerun the cell that stopped and this one."], held.Lines);
        Assert.DoesNotContain(held.Result.Events, e => e is StandardOutputValueProduced or CommandFailed);

        // forward was set before the stub threw: a cell that needs only it runs.
        var forward = await Cell(kernel, "forward.Count");
        Assert.Contains(forward.Result.Events, e => e is ReturnValueProduced { Value: 2 });

        // Answered, the stopped cell and the held one run.
        await Cell(kernel, "// answer: p1.dJ_ds\ndouble dJ_ds(double s) => s - 1;");
        Assert.Empty((await Cell(kernel, "var forward = words.Select(w => 2.0 * w).ToList();\nvar ds = dJ_ds(forward[0]);\nvar after = ds + 1;")).Lines);
        var rerun = await Cell(kernel, "after * 2");
        Assert.Empty(rerun.Lines);
        Assert.Contains(rerun.Result.Events, e => e is ReturnValueProduced { Value: 4.0 });
    }

    [Fact]
    public async Task Where_no_answer_cell_ran_the_line_says_to_find_the_stub()
    {
        using var kernel = NewKernel();
        await Cell(kernel, Stub);
        Assert.Equal(
            ["not answered yet: p1.dJ_ds — answer it where its stub says \"not answered yet: p1.dJ_ds\", then rerun this cell. Hint: a nudge."],
            (await Cell(kernel, "dJ_ds(1.0)")).Lines);
    }

    [Fact]
    public async Task Any_other_exception_or_a_compile_error_still_fails_the_cell_with_its_exception()
    {
        using var kernel = NewKernel();
        var thrown = await Cell(kernel, "throw new InvalidOperationException(\"a real bug\");");
        var failed = Assert.Single(thrown.Result.Events.OfType<CommandFailed>());
        Assert.IsType<InvalidOperationException>(failed.Exception);
        Assert.Contains("a real bug", failed.Message);
        Assert.Empty(thrown.Lines);

        // Not the stub's form: a NotImplementedException of one's own is a failure too.
        var own = Assert.Single((await Cell(kernel, "throw new NotImplementedException(\"later\");")).Result.Events.OfType<CommandFailed>());
        Assert.IsType<NotImplementedException>(own.Exception);

        var compile = Assert.Single((await Cell(kernel, "var x = ;")).Result.Events.OfType<CommandFailed>());
        Assert.Contains("CS1525", compile.Message);
        Assert.IsType<CodeSubmissionCompilationErrorException>(compile.Exception);

        // A failure leaves nothing waiting: the next cell runs.
        Assert.Contains((await Cell(kernel, "1 + 1")).Result.Events, e => e is ReturnValueProduced { Value: 2 });
    }

    // What Jupyter's and VS Code's frontends receive for one cell: the kernel's events of the cell's command and of the
    // commands it started (Jupyter forwards those whose token begins with the cell's), in order.
    private static async Task<List<KernelEvent>> Shown(Microsoft.DotNet.Interactive.Kernel kernel, string code)
    {
        var cell = new SubmitCode(code, "csharp");
        var token = cell.GetOrCreateToken();
        var shown = new List<KernelEvent>();
        using (kernel.KernelEvents.Subscribe(e => { if (e.Command.GetOrCreateToken().StartsWith(token, StringComparison.Ordinal)) { shown.Add(e); } }))
        {
            await kernel.SendAsync(cell);
        }

        return shown;
    }

    // The texts each frontend prints for those events: Jupyter prints diagnostics and errors to stderr and a failed
    // cell's message as its error (only "compilation error" for a compile error, whose diagnostics it has printed);
    // VS Code prints errors and the cell's failure message, and underlines diagnostics.
    private static List<string> JupyterPrints(List<KernelEvent> shown) => shown.SelectMany<KernelEvent, string>(e => e switch
    {
        DiagnosticsProduced d => d.FormattedDiagnostics.Select(v => v.Value),
        ErrorProduced p => [p.Message],
        CommandFailed { Exception: CodeSubmissionCompilationErrorException } => ["compilation error"],
        CommandFailed f => [f.Message],
        _ => [],
    }).ToList();

    private static List<string> VsCodePrints(List<KernelEvent> shown, KernelCommand cell) => shown.SelectMany<KernelEvent, string>(e => e switch
    {
        ErrorProduced p => [p.Message],
        CommandFailed f when f.Command.Equals(cell) => [f.Message],
        _ => [],
    }).ToList();

    [Theory]
    [InlineData("int x = \"a\";")] // one error
    [InlineData("int x = \"a\";\nundeclared = 1;")] // two
    public async Task A_compile_error_shows_its_diagnostics_once_and_fails_the_cell_as_without_the_extension(string code)
    {
        using var bare = new CompositeKernel { new CSharpKernel().UseKernelHelpers() };
        bare.DefaultKernelName = "csharp";
        var without = await Shown(bare, code);
        using var kernel = NewKernel();
        await Cell(kernel, "// answer: p1.dJ_ds\n" + Stub); // a notebook with an item not answered yet
        var with = await Shown(kernel, code);

        var ids = code.Contains("undeclared", StringComparison.Ordinal) ? new[] { "CS0029", "CS0103" } : ["CS0029"];
        foreach (var (shown, name) in new[] { (without, "without the extension"), (with, "with it") })
        {
            var cell = shown.OfType<CommandFailed>().Select(f => f.Command).FirstOrDefault();
            Assert.True(cell is not null, $"{name}: the cell did not fail");
            var failed = Assert.Single(shown.OfType<CommandFailed>(), f => f.Command.Equals(cell));
            Assert.IsType<CodeSubmissionCompilationErrorException>(failed.Exception);
            Assert.DoesNotContain(shown, e => e is CommandSucceeded s && s.Command.Equals(cell));
            foreach (var id in ids)
            {
                Assert.True(JupyterPrints(shown).Count(t => t.Contains(id, StringComparison.Ordinal)) == 1, $"{name}, {id}, Jupyter prints: {string.Join(" | ", JupyterPrints(shown))}");
                Assert.True(VsCodePrints(shown, cell).Sum(t => t.Split(id).Length - 1) == 1, $"{name}, {id}, VS Code prints: {string.Join(" | ", VsCodePrints(shown, cell))}");
            }
        }

        // The same texts as a top-level compile error, and the same failure message and exception message.
        var cellWithout = without.OfType<CommandFailed>().First().Command;
        var cellWith = with.OfType<CommandFailed>().First().Command;
        Assert.Equal(JupyterPrints(without), JupyterPrints(with));
        Assert.Equal(VsCodePrints(without, cellWithout), VsCodePrints(with, cellWith));
        Assert.Equal(without.OfType<CommandFailed>().Single().Exception!.Message, with.OfType<CommandFailed>().Single(f => f.Command.Equals(cellWith)).Exception!.Message);

        // The kernel goes on: a runtime exception shows once, and the stub still shows its one line.
        var thrown = await Shown(kernel, "throw new InvalidOperationException(\"a real bug\");");
        Assert.Single(JupyterPrints(thrown), t => t.Contains("a real bug", StringComparison.Ordinal));
        Assert.Contains((await Cell(kernel, "dJ_ds(1.0)")).Lines, l => l.StartsWith("not answered yet: p1.dJ_ds", StringComparison.Ordinal));
    }
}
