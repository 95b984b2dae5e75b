using Backprop.Kernel.Interactive;
using Backprop.Runner;
using Microsoft.DotNet.Interactive.Documents;

namespace Backprop.Runner.Tests;

/// <summary>
/// A fresh homework release runs and previews: a cell that reaches a stub lists its item and the run carries on; a cell
/// that needs what the stub left unset is not run and says which item to answer first; nothing leaves a stack trace.
/// </summary>
[Collection(NotebookCollection.Name)]
public sealed class UnansweredTests
{
    private static string Fixture(string name) => Path.Combine(CourseNotebookRuns.Layout.Root, "tests", "Backprop.Runner.Tests", "Fixtures", name);

    [Fact]
    public async Task A_stub_is_listed_the_run_carries_on_and_cells_that_need_it_say_which_item_to_answer_first()
    {
        var run = await new NotebookHost().RunAsync(Fixture("unanswered.ipynb"));

        Assert.Null(run.Failure);
        Assert.False(run.Succeeded);
        Assert.Empty(run.Problems());
        Assert.Equal(["p1.dJ_ds"], run.UnansweredItems);
        Assert.Equal(
            [(4, true), (5, false), (6, true), (7, false), (8, false), (9, false)],
            run.Unanswered.Select(c => (c.CellNumber, c.Ran)));
        Assert.Equal("not run: it needs p1.dJ_ds, not answered yet: answer it first", run.Unanswered[1].Message);

        // Setup, forward and independent cells ran; the last one after every stub.
        Assert.Equal([2, 3, 4, 6, 10], run.Runs.Select(r => r.CellNumber));
        var cells = run.Document!.Elements;
        Assert.Contains(cells[1].Outputs, o => o is TextElement { Text: "setup ran: 3 words\n" });
        Assert.Contains(cells[9].Outputs, o => o is TextElement { Text: "independent cell ran: 12\n" });

        // One line per stopped cell, as the kernel extension shows it in Jupyter, no error and no stack trace; a cell not
        // run gets its one line too.
        Assert.Empty(cells.SelectMany(c => c.Outputs).OfType<ErrorElement>());
        Assert.Equal(
            ["not answered yet: p1.dJ_ds — answer it in the cell that begins \"// answer: p1.dJ_ds\", then rerun this cell. Hint: a first nudge."],
            Lines(cells[3]));
        Assert.Equal(["not run: it needs p1.dJ_ds, not answered yet — answer it, then rerun the cell that stopped and this one."], Lines(cells[4]));
    }

    private static List<string> Lines(InteractiveDocumentElement cell) =>
        cell.Outputs.OfType<DisplayElement>().Select(d => (string)d.Data["text/plain"]).ToList();

    [Fact]
    public void A_stubs_exception_names_its_item_even_when_parallel_code_wraps_it()
    {
        var stub = new NotImplementedException("not answered yet: p3.dJ_dhPrev_leaky. Hint: …");
        Assert.Equal("p3.dJ_dhPrev_leaky", Unanswered.ItemOf(stub));
        Assert.Equal("p3.dJ_dhPrev_leaky", Unanswered.ItemOf(new AggregateException(stub, stub)));
        Assert.Null(Unanswered.ItemOf(new AggregateException(stub, new InvalidOperationException("a real bug"))));
        Assert.Null(Unanswered.ItemOf(new NotImplementedException("something else")));
        Assert.Null(Unanswered.ItemOf(new InvalidOperationException("not answered yet: p1.dJ_ds")));
    }

    [Fact]
    public void The_variables_a_stopped_cell_leaves_unset_start_where_the_values_stop()
    {
        const string code = "var a = Load();\nint n = 3;\nvar b = Stub(a);\nvar c = b + 1;\ndouble F() => c;\ndouble G() => a.Length;";
        // a is set, b is still null: the stub threw at or before b's line, so b and c are unset, and F, which reads c.
        var unset = Unanswered.Unset(code, name => name switch { "a" => false, "b" or "c" => true, _ => null });
        Assert.Equal(["b", "c", "F"], unset);
        // A list a loop fills is half done when the loop stops at a stub.
        Assert.Equal(["xs"], Unanswered.Unset("var xs = new List<int>();\nforeach (var w in ws) { xs.Add(Stub(w)); }", name => name == "xs" ? false : null));
    }

    [Fact]
    public void A_loops_own_variables_are_not_the_cells()
    {
        const string code = "var runs = Make();\nforeach (var (a, b) in runs) { }\nfor (int i = 0; i < 2; i++) { }\nusing (var r = Open()) { }\nint.TryParse(\"1\", out var n);";
        Assert.Equal(["runs", "n"], Unanswered.Declared(code, variablesOnly: true));
        Assert.Equal(["runs", "n"], Unanswered.Unset(code, name => name is "runs" or "n" ? true : null));
    }
}
