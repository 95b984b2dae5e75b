using Backprop.Grading.Reports;

namespace Backprop.Grading.Scoring;

/// <summary>
/// Grades a folder of submissions in parallel: each .ipynb directly inside is one submission, and each sub-folder is
/// one submission made of its notebooks. Writes &lt;out&gt;/&lt;name&gt;/results.json and feedback.md, and &lt;out&gt;/gradebook.csv.
/// </summary>
public static class BatchGrader
{
    /// <summary>The submissions in a folder: (name, notebooks), sorted by name.</summary>
    /// <param name="folder">The folder.</param>
    public static IReadOnlyList<(string Name, IReadOnlyList<string> Notebooks)> Submissions(string folder)
    {
        var files = Directory.EnumerateFiles(folder).Where(Notebooks.ExportedAppReader.IsSubmissionFile).Select(f => (Path.GetFileNameWithoutExtension(f), (IReadOnlyList<string>)[f]));
        var folders = Directory.EnumerateDirectories(folder)
            .Where(d => !Path.GetFileName(d).StartsWith('.'))
            .Select(d => (Path.GetFileName(d), (IReadOnlyList<string>)Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories).Where(Notebooks.ExportedAppReader.IsSubmissionFile).Order(StringComparer.Ordinal).ToArray()));
        return files.Concat(folders).OrderBy(s => s.Item1, StringComparer.Ordinal).ToArray();
    }

    /// <summary>Grades every submission and writes the reports; <paramref name="progress"/> sees (done, total) after each.</summary>
    /// <param name="folder">The folder of submissions.</param>
    /// <param name="outputDirectory">Where the reports go.</param>
    /// <param name="options">How to grade.</param>
    /// <param name="parallelism">How many submissions at once.</param>
    /// <param name="progress">Called after each submission with (done, total).</param>
    /// <param name="cancellation">Stops starting new submissions.</param>
    /// <param name="graded">Called with each submission's result as soon as it is graded (before <paramref name="progress"/>).</param>
    public static IReadOnlyList<SubmissionResult> Grade(string folder, string outputDirectory, GraderOptions options, int parallelism,
        Action<int, int>? progress = null, CancellationToken cancellation = default, Action<SubmissionResult>? graded = null)
    {
        var submissions = Submissions(folder);
        var grader = new Grader(options);
        var results = new SubmissionResult[submissions.Count];
        int done = 0;
        Parallel.For(0, submissions.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancellation }, i =>
        {
            var (name, notebooks) = submissions[i];
            results[i] = grader.Grade(name, notebooks);
            ReportWriter.Write(results[i], Path.Combine(outputDirectory, FolderName(name)));
            graded?.Invoke(results[i]);
            progress?.Invoke(Interlocked.Increment(ref done), submissions.Count);
        });
        File.WriteAllText(Path.Combine(outputDirectory, "gradebook.csv"), Gradebook.Render(results, options.Points));
        return results;
    }

    /// <summary>The folder (under the output folder) of a submission's reports.</summary>
    /// <param name="name">The submission's name.</param>
    public static string FolderName(string name) => string.Concat(name.Select(c => Path.GetInvalidFileNameChars().Contains(c) ? '_' : c));
}
