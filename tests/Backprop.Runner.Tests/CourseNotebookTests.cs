using Backprop.Runner;

namespace Backprop.Runner.Tests;

/// <summary>Each course notebook runs headlessly with no error cell and every derivative check passing.</summary>
[Collection(NotebookCollection.Name)]
public sealed class CourseNotebookTests(CourseNotebookRuns runs)
{
    public static TheoryData<string> Notebooks() => new(CourseNotebookRuns.NotebookNames);

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Every_code_cell_runs_without_error(string notebook)
    {
        var run = runs.Runs[notebook];

        Assert.True(run.Failure is null, string.Join("\n", run.Problems()));
        int codeCells = run.Document!.Elements.Count(e => e.KernelName is not ("markdown" or "md"));
        Assert.Equal(codeCells, run.Runs.Count);
        Assert.All(run.Runs, cell => Assert.False(cell.Failed, cell.Error));
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Every_derivative_check_passes(string notebook)
    {
        var run = runs.Runs[notebook];

        Assert.NotEmpty(run.Checks);
        Assert.All(run.Checks, check => Assert.True(check.Passed, $"cell {check.CellNumber}: {check.Name}"));
        Assert.True(run.Succeeded);
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void The_executed_notebook_is_nbformat_4_with_jupyter_shaped_outputs(string notebook)
    {
        var path = Path.Combine(runs.ExportFolder, Path.ChangeExtension(notebook, ".ipynb"));
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path));
        var root = json.RootElement;

        Assert.Equal(4, root.GetProperty("nbformat").GetInt32());
        Assert.Equal(Backprop.Course.Setup.JupyterKernelSpec.Name, root.GetProperty("metadata").GetProperty("kernelspec").GetProperty("name").GetString());
        var codeCells = root.GetProperty("cells").EnumerateArray().Where(c => c.GetProperty("cell_type").GetString() == "code").ToList();
        Assert.NotEmpty(codeCells);
        int expectedCount = 1;
        foreach (var cell in codeCells)
        {
            Assert.Equal(expectedCount++, cell.GetProperty("execution_count").GetInt32());
            foreach (var output in cell.GetProperty("outputs").EnumerateArray())
            {
                string kind = output.GetProperty("output_type").GetString()!;
                Assert.Contains(kind, new[] { "display_data", "execute_result", "stream" });
                if (kind == "execute_result")
                {
                    Assert.True(output.GetProperty("execution_count").GetInt32() > 0);
                }

                if (kind is "display_data" or "execute_result")
                {
                    Assert.True(output.GetProperty("data").EnumerateObject().Any(), "a display output without data");
                }
            }
        }
    }
}
