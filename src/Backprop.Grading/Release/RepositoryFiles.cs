namespace Backprop.Grading.Release;

/// <summary>Lists source files of the repository: no build output, no hidden folders, sorted for determinism.</summary>
public static class RepositoryFiles
{
    private static readonly HashSet<string> SkippedFolders = ["bin", "obj", "TestResults", "artifacts", "node_modules"];

    /// <summary>Every file under <paramref name="folder"/> as repository-relative paths with '/' separators, sorted.</summary>
    /// <param name="root">The repository root.</param>
    /// <param name="folder">A folder relative to the root.</param>
    public static IReadOnlyList<string> Under(string root, string folder)
    {
        string start = Path.Combine(root, folder);
        if (!Directory.Exists(start))
        {
            return [];
        }

        var found = new List<string>();
        var pending = new Stack<string>([start]);
        while (pending.Count > 0)
        {
            string dir = pending.Pop();
            foreach (string sub in Directory.EnumerateDirectories(dir))
            {
                string name = Path.GetFileName(sub);
                if (!SkippedFolders.Contains(name) && (!name.StartsWith('.') || name == ".devcontainer"))
                {
                    pending.Push(sub);
                }
            }

            found.AddRange(Directory.EnumerateFiles(dir).Select(f => Path.GetRelativePath(root, f).Replace('\\', '/')));
        }

        return found.Order(StringComparer.Ordinal).ToArray();
    }
}
