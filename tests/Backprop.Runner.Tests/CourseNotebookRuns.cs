using Backprop.Runner;

namespace Backprop.Runner.Tests;

/// <summary>Runs every course notebook (notebooks/NN-*.ipynb) once through the host and exports them; the tests share the result.</summary>
public sealed class CourseNotebookRuns : IAsyncLifetime
{
    public static RepositoryLayout Layout { get; } =
        RepositoryLayout.Find(AppContext.BaseDirectory) ?? throw new InvalidOperationException("the tests must run inside the checkout");

    public static string NotebookFolder => Layout.NotebooksFolder;

    /// <summary>The course notebooks by file name, in order (at least the three of the problem set).</summary>
    public static readonly string[] NotebookNames = Directory.GetFiles(Layout.NotebooksFolder, "*.ipynb")
        .Select(Path.GetFileName).OfType<string>()
        .Where(name => name.Length > 3 && char.IsAsciiDigit(name[0]) && char.IsAsciiDigit(name[1]) && name[2] == '-')
        .Order(StringComparer.Ordinal).ToArray();

    public string ExportFolder { get; } = Path.Combine(Path.GetTempPath(), $"backprop-runner-tests-{Environment.ProcessId}");

    public Dictionary<string, NotebookRun> Runs { get; } = [];

    public async Task InitializeAsync()
    {
        Assert.Null(await Layout.EnsureLibraryPackageAsync(TextWriter.Null, CancellationToken.None, dropStaleCachedCopy: true));
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
