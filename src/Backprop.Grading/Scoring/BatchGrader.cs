using Backprop.Grading.Reports;

namespace Backprop.Grading.Scoring;

/// <summary>
/// Grades a folder of submissions in parallel: each .ipynb directly inside is one submission, and each sub-folder is
/// one submission made of its notebooks. Writes &lt;out&gt;/&lt;name&gt;/results.json and feedback.md, and &lt;out&gt;/gradebook.csv
/// with one row per submission whatever happens: a grader bug on one submission gives it an "internal error" row.
/// </summary>
public static class BatchGrader
{
    /// <summary>The gradebook's file name in the output folder; no submission folder may take it.</summary>
    public const string GradebookName = "gradebook.csv";

    /// <summary>Files the batch writes next to the submission folders (the gradebook and the class report's files).</summary>
    public static IReadOnlyList<string> ReservedNames { get; } = [GradebookName, "report.html", "items.csv", "similarity.csv"];

    /// <summary>A name with every character a file name cannot hold replaced by '_' (see <see cref="FolderNames"/> for the unique folder names).</summary>
    /// <param name="name">The submission's name.</param>
    public static string FolderName(string name) => string.Concat((name ?? "").Select(c => Path.GetInvalidFileNameChars().Contains(c) || char.IsControl(c) ? '_' : c));

    /// <summary>The submissions in a folder: (name, notebooks), sorted by name.</summary>
    /// <param name="folder">The folder.</param>
    public static IReadOnlyList<(string Name, IReadOnlyList<string> Notebooks)> Submissions(string folder)
    {
        var files = Directory.EnumerateFiles(folder).Where(Backprop.Grading.Notebooks.ExportedAppReader.IsSubmissionFile).Select(f => (Path.GetFileNameWithoutExtension(f), (IReadOnlyList<string>)[f]));
        var folders = Directory.EnumerateDirectories(folder)
            .Where(d => !Path.GetFileName(d).StartsWith('.'))
            .Select(d => (Path.GetFileName(d), (IReadOnlyList<string>)Notebooks(d)));
        return files.Concat(folders).OrderBy(s => s.Item1, StringComparer.Ordinal).ToArray();
    }

    private static string[] Notebooks(string folder)
    {
        try
        {
            return Directory.EnumerateFiles(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, MaxRecursionDepth = 16 })
                .Where(Backprop.Grading.Notebooks.ExportedAppReader.IsSubmissionFile).Order(StringComparer.Ordinal).Take(100).ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>Grades every submission and writes the reports; <paramref name="progress"/> sees (done, total) after each.</summary>
    /// <param name="folder">The folder of submissions.</param>
    /// <param name="outputDirectory">Where the reports go.</param>
    /// <param name="options">How to grade.</param>
    /// <param name="parallelism">How many submissions at once.</param>
    /// <param name="progress">Called after each submission with (done, total).</param>
    /// <param name="cancellation">Stops starting new submissions.</param>
    /// <param name="graded">Called with each submission's result as soon as it is graded (before <paramref name="progress"/>).</param>
    /// <param name="rubrics">Rubrics of the written answers for each submission's written-answers.md, or null.</param>
    public static IReadOnlyList<SubmissionResult> Grade(string folder, string outputDirectory, GraderOptions options, int parallelism,
        Action<int, int>? progress = null, CancellationToken cancellation = default, Action<SubmissionResult>? graded = null,
        IReadOnlyDictionary<string, Release.Rubrics.Rubric>? rubrics = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var submissions = Submissions(folder);
        var folders = FolderNames(submissions.Select(s => s.Name).ToArray());
        var grader = new Grader(options);
        var results = new SubmissionResult[submissions.Count];
        int done = 0;
        Directory.CreateDirectory(outputDirectory);
        try
        {
            Parallel.For(0, submissions.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancellation }, i =>
            {
                var (name, notebooks) = submissions[i];
                results[i] = grader.Grade(name, notebooks);
                try
                {
                    ReportWriter.Write(results[i], Path.Combine(outputDirectory, folders[i]), notebooks, rubrics);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    results[i] = results[i] with { Problems = [.. results[i].Problems, $"Internal error: the reports could not be written ({e.Message})."] };
                    results[i] = results[i] with { InternalError = true };
                }

                graded?.Invoke(results[i]);
                progress?.Invoke(Interlocked.Increment(ref done), submissions.Count);
            });
        }
        finally
        {
            // Cancelled or not, every submission gets a row; one never graded says so.
            for (int i = 0; i < results.Length; i++)
            {
                results[i] ??= grader.InternalError(submissions[i].Name, new OperationCanceledException("grading was stopped before this submission"));
            }

            File.WriteAllText(Path.Combine(outputDirectory, GradebookName), Gradebook.Render(results, options.Points));
        }

        return results;
    }

    /// <summary>One folder name per submission: safe characters, never the gradebook's name, never two alike (ignoring case).</summary>
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
