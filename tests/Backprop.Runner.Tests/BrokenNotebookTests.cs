using Backprop.Runner;

namespace Backprop.Runner.Tests;

/// <summary>Broken notebooks make the runner fail with a message that names the notebook and the cell, never crash.</summary>
[Collection(NotebookCollection.Name)]
public sealed class BrokenNotebookTests
{
    private static string Fixture(string name) => Path.Combine(CourseNotebookRuns.Layout.Root, "tests", "Backprop.Runner.Tests", "Fixtures", name);

    private static Task<NotebookRun> RunAsync(string name, Action<CellStarting>? progress = null) => new NotebookHost().RunAsync(Fixture(name), progress);

    [Fact]
    public async Task A_throwing_cell_stops_the_notebook_there_and_names_cell_and_exception()
    {
        var progress = new List<string>();
        var run = await RunAsync("throwing-cell.ipynb", cell => progress.Add(cell.Line));

        Assert.False(run.Succeeded);
        Assert.Equal(3, run.Failure!.CellNumber);
        Assert.Contains("InvalidOperationException", run.Failure.Message);
        Assert.Contains("the fixture cell threw on purpose", run.Failure.Message);
        Assert.Equal([2, 3], run.Runs.Select(r => r.CellNumber));
        var problem = Assert.Single(run.Problems());
        // Named as everywhere else (exported app, grader): the third cell counting the markdown title, first line quoted.
        Assert.StartsWith("throwing-cell.ipynb: cell 3 (throw new InvalidOperationException(\"the fixture cell threw on purpose\");) failed:", problem);
        // The cell before the error kept its output; the cell after it never ran.
        var cells = run.Document!.Elements;
        Assert.Contains(cells[1].Outputs, o => o is Microsoft.DotNet.Interactive.Documents.TextElement { Text: "before the error\n" });
        Assert.Empty(cells[3].Outputs);
        Assert.Equal(0, cells[3].ExecutionOrder);
        // The progress line numbers the cells the same way.
        Assert.Equal(["cell 2 of 4 (0 of 3 code cells done)", "cell 3 of 4 (1 of 3 code cells done)"], progress);
    }

    [Fact]
    public async Task A_cell_that_does_not_compile_fails_and_its_written_output_shows_each_diagnostic_once()
    {
        var run = await RunAsync("compile-error.ipynb");

        Assert.False(run.Succeeded);
        Assert.Equal(3, run.Failure!.CellNumber);
        Assert.StartsWith("does not compile: ", run.Failure.Message);
        Assert.Equal([2, 3], run.Runs.Select(r => r.CellNumber));

        // Jupyter and VS Code show an error output's traceback: each diagnostic once there, no stack trace.
        var error = Assert.Single(run.Document!.Elements[2].Outputs.OfType<Microsoft.DotNet.Interactive.Documents.ErrorElement>());
        string traceback = string.Join("\n", error.StackTrace);
        Assert.Equal(1, Count(traceback, "CS0029: Cannot implicitly convert type 'string' to 'int'"));
        Assert.Equal(1, Count(traceback, "CS0029: Cannot implicitly convert type 'int' to 'string'"));
        Assert.DoesNotContain(" at ", traceback, StringComparison.Ordinal);
    }

    private static int Count(string text, string part) =>
        (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;

    [Fact]
    public async Task A_failing_check_fails_the_run_although_no_cell_throws()
    {
        var run = await RunAsync("failing-check.ipynb");

        Assert.Null(run.Failure);
        Assert.Equal(6, run.Runs.Count);
        Assert.False(run.Succeeded);
        Assert.Collection(
            run.Checks,
            right => Assert.True(right.Passed && right.CellNumber == 3 && right.Name.StartsWith("p1.dJ_ds", StringComparison.Ordinal), right.ToString()),
            wrong => Assert.True(!wrong.Passed && wrong.CellNumber == 4 && wrong.MaxRelativeError > 1e-3, wrong.ToString()),
            handMade => Assert.True(!handMade.Passed && handMade.CellNumber == 5 && handMade.Name == "hand-made report", handMade.ToString()),
            kept => Assert.True(!kept.Passed && kept.CellNumber == 6 && kept.Name == "dJ/dkept" && kept.MaxRelativeError == 0.5, kept.ToString()));
        Assert.Collection(
            run.Problems(),
            wrong => Assert.StartsWith("failing-check.ipynb: cell 4 (// Wrong sign: a student slip the self-check must catch.): check FAILED: p1.dJ_ds", wrong),
            handMade => Assert.Equal("failing-check.ipynb: cell 5 (// Any object whose type implements ICheckOutcome counts.): check FAILED: hand-made report", handMade),
            kept => Assert.Equal("failing-check.ipynb: cell 6 (// A check kept in a variable counts even though the cell shows only its text.): check FAILED: dJ/dkept", kept));
    }

    [Fact]
    public async Task Malformed_json_is_reported_not_thrown()
    {
        var run = await RunAsync("malformed.ipynb");

        Assert.False(run.Succeeded);
        Assert.Null(run.Document);
        Assert.Null(run.Failure!.CellNumber);
        Assert.Contains("not a valid .ipynb notebook", run.Failure.Message);
        Assert.StartsWith("malformed.ipynb: ", Assert.Single(run.Problems()));
    }

    [Fact]
    public async Task A_missing_kernel_reference_fails_its_cell_and_names_the_dll()
    {
        var run = await RunAsync("missing-reference.ipynb");

        Assert.False(run.Succeeded);
        Assert.Equal(1, run.Failure!.CellNumber);
        Assert.Contains("Missing.Library.dll", run.Failure.Message);
        Assert.Single(run.Runs);
    }

    [Fact]
    public async Task A_cell_that_never_finishes_is_stopped_at_the_timeout()
    {
        var run = await new NotebookHost { CellTimeout = TimeSpan.FromSeconds(2) }.RunAsync(Fixture("hanging-cell.ipynb"));

        Assert.Equal(2, run.Failure!.CellNumber);
        Assert.Contains("did not finish within 2 s", run.Failure.Message);
        Assert.Equal([1, 2], run.Runs.Select(r => r.CellNumber));
    }

    [Fact]
    public async Task A_notebook_that_does_not_exist_is_reported()
    {
        var run = await RunAsync("no-such-notebook.ipynb");

        Assert.Contains("no such notebook", run.Failure!.Message);
        var folder = Directory.CreateTempSubdirectory("backprop-export-").FullName;
        Assert.Empty(await NotebookExport.WriteAsync(run, folder));
        Assert.Empty(Directory.GetFiles(folder));
        Directory.Delete(folder);
    }

    [Fact]
    public async Task The_working_directory_is_restored_after_a_run()
    {
        var before = Environment.CurrentDirectory;

        await RunAsync("throwing-cell.ipynb");

        Assert.Equal(before, Environment.CurrentDirectory);
    }
}
