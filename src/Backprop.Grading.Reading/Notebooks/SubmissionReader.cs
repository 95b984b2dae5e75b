using System.Text;

namespace Backprop.Grading.Notebooks;

/// <summary>
/// The one reader of submissions: turns notebooks (.ipynb) and exported apps (.cs, from <c>backprop export</c>) into a
/// <see cref="Submission"/>, each file read once, bounded, and only if it is a regular file inside the submission's folder
/// (<see cref="OwnedFile"/>). Which reader a file needs is decided here and nowhere else; a new format is one more case in
/// <see cref="ReadFile"/>. Nothing read is compiled or run.
/// </summary>
public static class SubmissionReader
{
    /// <summary>Most files one submission may consist of; more are left out with a message.</summary>
    public const int MaxFiles = 100;

    /// <summary>Deepest folder nesting searched inside a submission folder.</summary>
    public const int MaxDepth = 16;

    /// <summary>True for the files a submission may consist of: notebooks (.ipynb) and exported apps (.cs).</summary>
    /// <param name="path">A file path or name.</param>
    public static bool IsSubmissionFile(string path) =>
        path.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".cs", StringComparison.OrdinalIgnoreCase);

    /// <summary>Most bytes a file of this kind may have.</summary>
    /// <param name="fileName">The file's name.</param>
    public static int LimitFor(string fileName) =>
        fileName.EndsWith(".cs", StringComparison.OrdinalIgnoreCase) ? ExportedAppReader.MaxBytes : NotebookReader.MaxBytes;

    /// <summary>Reads one file as a whole submission, named after the file; it must be a regular file.</summary>
    /// <param name="path">An .ipynb or .cs file.</param>
    public static Submission Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string full = Path.GetFullPath(path);
        return Read(Path.GetFileNameWithoutExtension(full), Path.GetDirectoryName(full)!, [full], []);
    }

    /// <summary>Reads the given files as one submission; each must be a regular file, read from its own folder.</summary>
    /// <param name="name">The submission's name, for reports.</param>
    /// <param name="paths">Its .ipynb and .cs files, in order.</param>
    public static Submission Read(string name, IReadOnlyList<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var files = paths.Select(p => Path.GetFullPath(p)).Select(p => ReadOwned(p, Path.GetDirectoryName(p)!)).ToArray();
        return Assemble(name, files, []);
    }

    /// <summary>Reads every submission file under a folder (the Gradescope layout) as one submission.</summary>
    /// <param name="folder">The submission's folder.</param>
    /// <param name="name">The submission's name, for reports.</param>
    public static Submission ReadFolder(string folder, string name)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var problems = new List<string>();
        var files = Files(folder, problems);
        return Read(name, folder, files, problems);
    }

    /// <summary>Reads the given files of one submission.</summary>
    /// <param name="name">The submission's name.</param>
    /// <param name="root">The submission's folder: every file's real path must lie inside it.</param>
    /// <param name="paths">Its files, in order.</param>
    /// <param name="problems">Problems already found (a linked folder, too many files), kept first.</param>
    public static Submission Read(string name, string root, IReadOnlyList<string> paths, IReadOnlyList<string> problems)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var found = new List<string>(problems);
        var files = new List<SubmittedFile>();
        foreach (string path in paths)
        {
            files.Add(ReadOwned(path, root));
        }

        return Assemble(name, files, found);
    }

    private static SubmittedFile ReadOwned(string path, string root)
    {
        string fileName = Path.GetFileName(path);
        var bytes = OwnedFile.Read(path, root, LimitFor(fileName), out string? problem);
        return bytes is null ? new SubmittedFile(fileName, [], problem) : ReadFile(fileName, bytes);
    }

    /// <summary>Reads one submitted file from a stream (e.g. an upload), at most its size limit.</summary>
    /// <param name="name">The submission's name.</param>
    /// <param name="fileName">The file's name, which says its format (.ipynb or .cs).</param>
    /// <param name="stream">The file's bytes.</param>
    public static Submission Read(string name, string fileName, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        int limit = LimitFor(fileName);
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while (buffer.Length <= limit && (read = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, limit + 1 - buffer.Length))) > 0)
        {
            buffer.Write(chunk, 0, read);
        }

        var file = buffer.Length > limit
            ? new SubmittedFile(fileName, [], $"{fileName} is larger than the {limit / (1024 * 1024)} MB a submitted file may be. Clear the outputs and submit it again.")
            : ReadFile(fileName, buffer.ToArray());
        return Assemble(name, [file], []);
    }

    /// <summary>Parses one file's bytes with the reader its name calls for.</summary>
    /// <param name="fileName">The file's name: .cs is an exported app, anything else a notebook.</param>
    /// <param name="bytes">The file's bytes (already bounded by the caller).</param>
    public static SubmittedFile ReadFile(string fileName, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(bytes);
        if (fileName.EndsWith(".cs", StringComparison.OrdinalIgnoreCase))
        {
            return ExportedAppReader.Parse(fileName, DecodeText(bytes));
        }

        var notebook = NotebookReader.Parse(fileName, bytes, out string? problem);
        return notebook is null
            ? new SubmittedFile(fileName, [], problem)
            : new SubmittedFile(fileName, notebook.Cells.Select(c => new SubmittedCell(fileName, c.Index, c.Kind, c.Source, c.Identity)).ToArray());
    }

    private static string DecodeText(byte[] bytes)
    {
        var span = bytes.AsSpan();
        if (span.StartsWith(Encoding.UTF8.Preamble))
        {
            span = span[Encoding.UTF8.Preamble.Length..];
        }

        return Encoding.UTF8.GetString(span);
    }

    private static Submission Assemble(string name, IReadOnlyList<SubmittedFile> files, List<string> problems)
    {
        problems.AddRange(files.Where(f => f.Problem is not null).Select(f => f.Problem!));
        if (files.Count == 0)
        {
            problems.Add("No notebook (.ipynb) or exported app (.cs) was submitted. Upload the notebook(s) you worked in, or the NAME.cs files that 'backprop export' wrote.");
        }
        else if (files.Any(f => f.Problem is null))
        {
            var readable = files.Where(f => f.Problem is null).ToArray();
            if (!readable.SelectMany(f => f.Cells).Any(c => c.Identity.Answer is not null || c.Identity.Manual is not null))
            {
                problems.Add($"No answer cells were found in {string.Join(", ", readable.Select(f => f.Name))}. Answer cells start with a line such as // answer: p1.dJ_ds; submit the course notebooks with your answers in those cells.");
            }
        }

        return new Submission(name, files, problems);
    }

    /// <summary>
    /// The submission files under a folder, sorted, never through a symbolic link: a linked file is listed (and then
    /// refused with a message when read), a linked folder is not entered and says so.
    /// </summary>
    /// <param name="folder">The submission's folder.</param>
    /// <param name="problems">Gets what was left out and why.</param>
    public static IReadOnlyList<string> Files(string folder, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var files = new List<string>();
        Walk(new DirectoryInfo(folder), 0, files, problems);
        if (files.Count > MaxFiles)
        {
            problems.Add($"The submission has {files.Count} notebook or app files; only the first {MaxFiles} were read.");
        }

        return files.Order(StringComparer.Ordinal).Take(MaxFiles).ToArray();
    }

    private static void Walk(DirectoryInfo folder, int depth, List<string> files, List<string> problems)
    {
        IEnumerable<FileSystemInfo> entries;
        try
        {
            entries = folder.EnumerateFileSystemInfos("*", new EnumerationOptions { IgnoreInaccessible = true, AttributesToSkip = 0 }).ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add($"The folder {folder.Name} could not be listed: {e.Message}");
            return;
        }

        foreach (var entry in entries.OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            if (files.Count > MaxFiles)
            {
                return;
            }

            if (entry is DirectoryInfo directory)
            {
                if (directory.LinkTarget is not null)
                {
                    problems.Add($"{directory.Name} is a symbolic link to a folder; the grader reads only files inside the submission, so it was not read.");
                }
                else if (depth < MaxDepth && !directory.Name.StartsWith('.'))
                {
                    Walk(directory, depth + 1, files, problems);
                }
            }
            else if (IsSubmissionFile(entry.Name))
            {
                files.Add(entry.FullName);
            }
        }
    }
}
