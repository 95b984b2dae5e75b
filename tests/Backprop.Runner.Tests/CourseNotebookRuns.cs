using Backprop.Runner;

namespace Backprop.Runner.Tests;

/// <summary>Runs the four course notebooks once through the host and exports them; the tests share the result.</summary>
public sealed class CourseNotebookRuns : IAsyncLifetime
{
    public static readonly string[] NotebookNames = ["01-word-mlp.ipynb", "02-rnn-bptt.ipynb", "03-vanishing-gradients.ipynb", "04-long-range-learning.ipynb"];

    public static RepositoryLayout Layout { get; } =
        RepositoryLayout.Find(AppContext.BaseDirectory) ?? throw new InvalidOperationException("the tests must run inside the checkout");

    public string ExportFolder { get; } = Path.Combine(Path.GetTempPath(), $"backprop-runner-tests-{Environment.ProcessId}");

    public Dictionary<string, NotebookRun> Runs { get; } = [];

    public async Task InitializeAsync()
    {
        Assert.Null(await Layout.EnsureKernelBuiltAsync(TextWriter.Null, CancellationToken.None));
        var host = new NotebookHost();
        foreach (var name in NotebookNames)
        {
            var run = await host.RunAsync(Path.Combine(Layout.NotebooksFolder, name));
            Runs[name] = run;
            await NotebookExport.WriteAsync(run, ExportFolder);
        }
    }

    public Task DisposeAsync()
    {
        if (Directory.Exists(ExportFolder))
        {
            Directory.Delete(ExportFolder, recursive: true);
        }

        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class NotebookCollection : ICollectionFixture<CourseNotebookRuns>
{
    // Kernels share the process's working directory and two cores: run every notebook test in one collection.
    public const string Name = "notebooks";
}
