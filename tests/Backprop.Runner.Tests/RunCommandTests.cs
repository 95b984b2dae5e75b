using System.Text.RegularExpressions;
using Backprop.Course;

namespace Backprop.Runner.Tests;

/// <summary><c>backprop run</c> end to end: exit code, the summary, and the error line naming notebook and cell.</summary>
[Collection(NotebookCollection.Name)]
public sealed class RunCommandTests : IDisposable
{
    private readonly string _out = Path.Combine(Path.GetTempPath(), $"backprop-run-command-{Guid.NewGuid():N}");

    private static string Fixture(string name) => Path.Combine(CourseNotebookRuns.Layout.Root, "tests", "Backprop.Runner.Tests", "Fixtures", name);

    public void Dispose()
    {
        if (Directory.Exists(_out))
        {
            Directory.Delete(_out, recursive: true);
        }
    }

    private async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = await CommandLine.RunAsync(["run", .. args], output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task A_throwing_cell_exits_1_naming_notebook_cell_and_error_and_still_writes_the_outputs()
    {
        var (exit, output, error) = await RunAsync(Fixture("throwing-cell.ipynb"), Fixture("missing-reference.ipynb"), "--out", _out);

        Assert.Equal(1, exit);
        Assert.Contains("backprop run: throwing-cell.ipynb: cell 3 (throw new InvalidOperationException(\"the fixture cell threw on purpose\");) failed: InvalidOperationException: the fixture cell threw on purpose", error);
        Assert.Contains("backprop run: missing-reference.ipynb: cell 1 (#r \"does-not-exist/Missing.Library.dll\") failed:", error);
        Assert.Contains("throwing-cell.ipynb: ran 2 of 3 code cells", output);
        // The error is printed once: with the problems, not again in the notebook's report.
        Assert.Single(Regex.Matches(output + error, "InvalidOperationException: the fixture cell threw on purpose"));
        Assert.True(File.Exists(Path.Combine(_out, "throwing-cell.ipynb")));
        Assert.True(File.Exists(Path.Combine(_out, "throwing-cell.html")));
    }

    [Fact]
    public async Task A_failing_check_exits_1_and_lists_each_check()
    {
        var (exit, output, error) = await RunAsync(Fixture("failing-check.ipynb"), "--out", _out);

        Assert.Equal(1, exit);
        Assert.Contains("1 of 4 checks passed", output);
        Assert.Contains("FAIL", output);
        Assert.Contains("backprop run: failing-check.ipynb: cell 4 (// Wrong sign: a student slip the self-check must catch.): check FAILED: p1.dJ_ds", error);
    }

    [Fact]
    public async Task Unanswered_items_are_listed_not_reported_as_errors_and_exit_4()
    {
        var (exit, output, error) = await RunAsync(Fixture("unanswered.ipynb"), "--out", _out);

        Assert.Equal(4, exit);
        Assert.All(error.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => Assert.StartsWith("backprop run: warning:", line)); // no error
        Assert.Contains("unanswered.ipynb: ran 5 of 9 code cells", output);
        Assert.Contains(", no checks ran\n  not answered yet: p1.dJ_ds\n", output.ReplaceLineEndings("\n"));
        Assert.Matches(@"  cell 5 \(// Needs ds, .*\): not run: it needs p1\.dJ_ds, not answered yet: answer it first", output);
        Assert.Contains("not answered yet: 1 item(s), p1.dJ_ds.", output);
        Assert.DoesNotContain("0 of 0", output);
    }

    [Fact]
    public async Task Malformed_json_exits_1_without_a_crash()
    {
        var (exit, _, error) = await RunAsync(Fixture("malformed.ipynb"), "--out", _out);

        Assert.Equal(1, exit);
        Assert.Contains("backprop run: malformed.ipynb: not a valid .ipynb notebook", error);
    }

    [Fact]
    public async Task An_unknown_option_is_a_usage_error()
    {
        var (exit, _, error) = await RunAsync("--fast");

        Assert.Equal(2, exit);
        Assert.Contains("unknown option '--fast'", error);
    }
}
