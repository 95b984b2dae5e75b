using Backprop.Grading.Notebooks;
using Backprop.Grading.Reports;
using Backprop.Grading.Reports.Class;

namespace Backprop.Grading.Scoring;

/// <summary>
/// Grades a folder of submissions in parallel: each .ipynb or .cs directly inside is one submission, and each
/// sub-folder is one submission made of its files. Each is read once (<see cref="SubmissionReader"/>: regular files
/// only, never through a link), graded, and reported into &lt;out&gt;/&lt;name&gt;/; then &lt;out&gt;/gradebook.csv and the class
/// report are written. Every submission gets one row whatever happens: a grader or report failure on one submission
/// gives it an "internal error" row, and the batch goes on.
/// </summary>
public static class BatchGrader
{
    /// <summary>The gradebook's file name in the output folder; no submission folder may take it.</summary>
    public const string GradebookName = "gradebook.csv";

    /// <summary>Files the batch writes next to the submission folders (the gradebook and the class report's files).</summary>
    public static IReadOnlyList<string> ReservedNames { get; } = [GradebookName, .. ClassReport.Files];

    /// <summary>A name with every character a file name cannot hold replaced by '_' (see <see cref="FolderNames"/> for the unique folder names).</summary>
    /// <param name="name">The submission's name.</param>
    public static string FolderName(string name) => string.Concat((name ?? "").Select(c => Path.GetInvalidFileNameChars().Contains(c) || char.IsControl(c) ? '_' : c));

    /// <summary>
    /// The submissions in a folder, sorted, each with a unique name (that is also its report folder's name). A link
    /// (to a file or a folder) is a submission of its own that is refused with a message; nothing is read through it.
    /// </summary>
    /// <param name="folder">The folder.</param>
    public static IReadOnlyList<SubmissionSource> Sources(string folder)
    {
        var found = new List<(string Name, string Root, IReadOnlyList<string> Files, IReadOnlyList<string> Problems)>();
        foreach (var entry in new DirectoryInfo(folder).EnumerateFileSystemInfos("*", new EnumerationOptions { IgnoreInaccessible = true, AttributesToSkip = 0 }))
        {
            if (entry.Name.StartsWith('.'))
            {
                continue;
            }

            if (entry is DirectoryInfo directory)
            {
                var problems = new List<string>();
                found.Add(directory.LinkTarget is not null
                    ? (entry.Name, folder, [], [$"{entry.Name} is a symbolic link to a folder; the grader reads only a submission's own files, so nothing was graded. Submit the files themselves."])
                    : (entry.Name, entry.FullName, SubmissionReader.Files(entry.FullName, problems), problems));
            }
            else if (SubmissionReader.IsSubmissionFile(entry.Name))
            {
                found.Add((Path.GetFileNameWithoutExtension(entry.Name), folder, [entry.FullName], []));
            }
        }

        var sorted = found.OrderBy(s => s.Name, StringComparer.Ordinal).ThenBy(s => s.Files.Count == 1 && s.Root == folder ? 0 : 1).ToArray();
        var names = FolderNames(sorted.Select(s => s.Name).ToArray());
        return sorted.Select((s, i) => new SubmissionSource(names[i], s.Root, s.Files, s.Problems)).ToArray();
    }

    /// <summary>
    /// The files of <paramref name="sources"/> when they look like one student's set rather than a class: two or more
    /// files directly in the folder, numbered like the course's notebooks (01-word-mlp.cs, 02-rnn-bptt.cs …) with
    /// different numbers, and nothing else. Empty otherwise. A batch grades each of them as a student of its own.
    /// </summary>
    /// <param name="folder">The batch folder, as given to <see cref="Sources"/>.</param>
    /// <param name="sources">Its submissions, from <see cref="Sources"/>.</param>
    public static IReadOnlyList<string> OneStudentsSet(string folder, IReadOnlyList<SubmissionSource> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        bool numbered = sources.Count >= 2 && sources.All(s => s.Root == folder && s.Files.Count == 1 && Numbered(Path.GetFileName(s.Files[0])));
        return numbered && sources.Select(s => Path.GetFileName(s.Files[0])[..2]).Distinct().Count() >= 2
            ? sources.Select(s => Path.GetFileName(s.Files[0])).ToArray()
            : [];
    }

    private static bool Numbered(string file) => file.Length > 3 && char.IsAsciiDigit(file[0]) && char.IsAsciiDigit(file[1]) && file[2] == '-';

    /// <summary>Grades every submission and writes every report; <paramref name="progress"/> sees (done, total) after each.</summary>
    /// <param name="folder">The folder of submissions.</param>
    /// <param name="outputDirectory">Where the reports go.</param>
    /// <param name="options">How to grade.</param>
    /// <param name="reports">What else each submission's folder gets (the written-answers page and its rubrics).</param>
    /// <param name="parallelism">How many submissions at once.</param>
    /// <param name="progress">Called after each submission with (done, total).</param>
    /// <param name="graded">Called with each submission's result as soon as it is graded (before <paramref name="progress"/>).</param>
    /// <param name="cancellation">Stops starting new submissions.</param>
    public static BatchResult Grade(string folder, string outputDirectory, GraderOptions options, SubmissionReports reports, int parallelism,
        Action<int, int>? progress = null, Action<SubmissionResult>? graded = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(reports);
        var sources = Sources(folder);
        var grader = new Grader(options);
        var results = new SubmissionResult[sources.Count];
        var answers = new IReadOnlyList<SubmittedAnswer>[sources.Count];
        int done = 0;
        Directory.CreateDirectory(outputDirectory);
        try
        {
            Parallel.For(0, sources.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancellation }, i =>
            {
                (results[i], answers[i]) = GradeOne(grader, sources[i], Path.Combine(outputDirectory, sources[i].Name), options, reports);
                graded?.Invoke(results[i]);
                progress?.Invoke(Interlocked.Increment(ref done), sources.Count);
            });
        }
        finally
        {
            // Cancelled or not, every submission gets a row; one never graded says so.
            for (int i = 0; i < results.Length; i++)
            {
                results[i] ??= grader.InternalError(sources[i].Name, new OperationCanceledException("grading was stopped before this submission"));
                answers[i] ??= [];
            }

            File.WriteAllText(Path.Combine(outputDirectory, GradebookName), Gradebook.Render(results, options.Points));
        }

        var pairs = ClassReport.Write(outputDirectory, results, answers.SelectMany(a => a).ToArray(), options.Points);
        return new BatchResult(results, pairs);
    }

    /// <summary>Reads, grades and reports one submission; any failure becomes its internal-error row, never the batch's end.</summary>
    private static (SubmissionResult, IReadOnlyList<SubmittedAnswer>) GradeOne(Grader grader, SubmissionSource source, string directory, GraderOptions options, SubmissionReports reports)
    {
        SubmissionResult result;
        Submission? submission = null;
        try
        {
            submission = SubmissionReader.Read(source.Name, source.Root, source.Files, source.Problems);
            result = grader.Grade(submission);
        }
        catch (Exception e)
        {
            result = grader.InternalError(source.Name, e);
        }

        try
        {
            reports.Write(result, directory, submission);
            return (result, submission is null ? [] : ClassReport.Answers(submission, result, options.Points));
        }
        catch (Exception e)
        {
            result = result with { Problems = [.. result.Problems, $"Internal error: the reports could not be written ({e.GetType().Name}: {Grader.Bound(e.Message, 300)})."], InternalError = true };
            return (result, []);
        }
    }

    /// <summary>One folder name per submission: safe characters, never a reserved name, never two alike (ignoring case).</summary>
    /// <param name="names">The submission names, in order.</param>
    public static IReadOnlyList<string> FolderNames(IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var taken = new HashSet<string>(ReservedNames, StringComparer.OrdinalIgnoreCase);
        var result = new string[names.Count];
        for (int i = 0; i < names.Count; i++)
        {
            string safe = FolderName(names[i]).Trim();
            if (safe.Length == 0 || safe.All(c => c == '.'))
            {
                safe = "_" + safe;
            }

            if (safe.Length > 120)
            {
                safe = safe[..120];
            }

            string candidate = safe;
            for (int n = 2; !taken.Add(candidate); n++)
            {
                candidate = $"{safe} ({n})";
            }

            result[i] = candidate;
        }

        return result;
    }
}
