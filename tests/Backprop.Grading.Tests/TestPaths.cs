namespace Backprop.Grading.Tests;

/// <summary>Where the repository, the fixture notebook and scratch folders are.</summary>
internal static class TestPaths
{
    /// <summary>The repository root (the folder with Backprop.Notebooks.sln).</summary>
    public static string Root { get; } = Backprop.Runner.RepositoryLayout.Find(AppContext.BaseDirectory)!.Root;

    /// <summary>The fixture solution notebook, following docs/answer-cells.md.</summary>
    public static string SolutionNotebook { get; } = Path.Combine(AppContext.BaseDirectory, "Fixtures", "solution.ipynb");

    /// <summary>A fresh, empty temp folder.</summary>
    public static string NewTempFolder(string purpose)
    {
        string path = Path.Combine(Path.GetTempPath(), "backprop-grading-tests", purpose + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(path);
        return path;
    }
}
