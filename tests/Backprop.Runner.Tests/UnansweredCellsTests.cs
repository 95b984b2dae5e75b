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

        // A failure leaves nothing waiting: the next cell runs.
        Assert.Contains((await Cell(kernel, "1 + 1")).Result.Events, e => e is ReturnValueProduced { Value: 2 });
    }
}
