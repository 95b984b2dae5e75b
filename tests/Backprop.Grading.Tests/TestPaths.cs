using Backprop.Grading.Release;

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

    /// <summary>
    /// A throwaway copy of this repository for <c>assign</c>: the build files and the solution, the points file,
    /// <paramref name="files"/>, every file under <paramref name="folders"/>, and the course notebooks (not executed copies).
    /// </summary>
    /// <param name="purpose">Names the temp folder.</param>
    /// <param name="files">More single files, copied when they exist.</param>
    /// <param name="folders">Folders copied whole.</param>
    public static string CopyRepository(string purpose, IEnumerable<string> files, IEnumerable<string> folders)
    {
        string root = NewTempFolder(purpose);
        var copied = StudentRelease.BuildFiles.Append(StudentRelease.SolutionName).Append("notebooks/grading.json").Concat(files)
            .Where(f => File.Exists(Path.Combine(Root, f)))
            .Concat(folders.SelectMany(f => RepositoryFiles.Under(Root, f)))
            .Concat(RepositoryFiles.Under(Root, "notebooks").Where(f => f.EndsWith(".ipynb", StringComparison.Ordinal) && !f.EndsWith(".executed.ipynb", StringComparison.Ordinal)));
        foreach (string relative in copied)
        {
            string target = Path.Combine(root, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(Root, relative), target);
        }

        return root;
    }
}
