namespace Backprop.Grading.Reports;

/// <summary>
/// The folder <c>backprop grade --out</c> writes to, claimed before anything is written: a new or empty folder gets a
/// marker file (<see cref="MarkerName"/>) that says it belongs to the grader; a folder with the marker is emptied, so
/// no file of an earlier run (a <c>feedback.md</c> of a single run beside a batch's gradebook) is left to be mistaken
/// for this one's; any other folder with files in it is refused, and nothing in it is touched.
/// </summary>
public static class OutputFolder
{
    /// <summary>The marker file a claimed folder holds.</summary>
    public const string MarkerName = ".backprop-grade";

    private const string MarkerText = "This folder holds the output of 'backprop grade'. The next 'backprop grade --out' into it deletes everything in it first.\n";

    /// <summary>Claims <paramref name="folder"/>; returns how many entries of an earlier run were deleted.</summary>
    /// <param name="folder">The output folder.</param>
    /// <param name="submissions">The submission file or folder to be graded, which must not be inside it.</param>
    /// <exception cref="IOException">It is a file, holds the submissions, or holds files the grader did not write: the message names them and the fix.</exception>
    public static int Claim(string folder, string submissions)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(submissions);
        if (File.Exists(folder))
        {
            throw new IOException($"--out '{folder}' is a file; name a folder for the results.");
        }

        string inside = Path.GetRelativePath(Path.GetFullPath(folder), Path.GetFullPath(submissions));
        if (inside == "." || !(inside.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(inside)))
        {
            throw new IOException($"--out '{folder}' holds the submissions to grade ('{submissions}'); name a folder of its own for the results.");
        }

        var directory = Directory.CreateDirectory(folder);
        var entries = directory.EnumerateFileSystemInfos("*", new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = false }).ToList();
        var marker = entries.FirstOrDefault(e => e.Name == MarkerName);
        var earlier = entries.Where(e => e.Name != MarkerName).ToList();
        if (earlier.Count > 0 && marker is not FileInfo { LinkTarget: null })
        {
            throw new IOException($"--out '{folder}' already holds files that 'backprop grade' did not write ({Listed(earlier)}); "
                + "name a new or empty folder (the grader replaces only what it wrote itself).");
        }

        foreach (var entry in earlier)
        {
            if (entry is DirectoryInfo { LinkTarget: null } sub)
            {
                sub.Delete(recursive: true); // a link inside is removed, never followed
            }
            else
            {
                entry.Delete();
            }
        }

        File.WriteAllText(Path.Combine(folder, MarkerName), MarkerText);
        return earlier.Count;
    }

    private static string Listed(IReadOnlyList<FileSystemInfo> entries) =>
        string.Join(", ", entries.Select(e => e.Name).Order(StringComparer.Ordinal).Take(3)) + (entries.Count > 3 ? $" and {entries.Count - 3} more" : "");
}
