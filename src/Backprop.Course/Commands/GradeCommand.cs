using System.Globalization;
using Backprop.Grading.Isolation;
using Backprop.Grading.Release;
using Backprop.Grading.Reports;
using Backprop.Grading.Scoring;

namespace Backprop.Course.Commands;

/// <summary><c>backprop grade</c>: grades one submission or a folder of them, writing results.json, feedback and a gradebook.</summary>
internal sealed class GradeCommand : ICommand
{
    public string Name => "grade";

    public string Summary => "Grade a submission (.ipynb) or a folder of submissions; write results.json and feedback.";

    public string Usage => """
        Usage: backprop grade <submission.ipynb | folder> [--out DIR] [--single] [--jobs N] [--timeout SECONDS] [--points FILE] [--rubrics DIR]

        A .ipynb is one submission: DIR gets results.json (Gradescope format) and feedback.md, and, when the points
        file has written answers, written-answers.md: the student's written derivations next to the rubrics, for
        grading by hand (it holds the solutions: do not hand it out).
        A folder is a batch: each .ipynb in it, and each sub-folder of notebooks, is one submission, graded in
        parallel into DIR/<name>/, with DIR/gradebook.csv. With --single the folder's notebooks together form one
        submission (the Gradescope layout). Exits 0 whenever grading completed, whatever the scores.

          --out DIR          where to write (default: artifacts/grade)
          --single           treat the folder as one submission
          --jobs N           submissions graded at once (default: the number of cores)
          --timeout SECONDS  wall-clock limit per answer (default 10)
          --points FILE      points per item (default: the built-in notebooks/grading.json)
          --rubrics DIR      the instructor's notebooks, whose solution regions are the rubrics of written answers
                             (default: notebooks/ of the course repository this runs in, if any)
        """;

    public Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        string? path = null, outDir = null, pointsFile = null, rubricsDir = null;
        bool single = false;
        int jobs = Environment.ProcessorCount;
        double timeout = SandboxOptions.Default.ItemTimeout.TotalSeconds;
        for (int i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--out": outDir = AssignCommand.Value(args, ++i, "--out"); break;
                case "--points": pointsFile = AssignCommand.Value(args, ++i, "--points"); break;
                case "--rubrics": rubricsDir = AssignCommand.Value(args, ++i, "--rubrics"); break;
                case "--single": single = true; break;
                case "--jobs": jobs = Positive(args, ++i, "--jobs"); break;
                case "--timeout": timeout = Positive(args, ++i, "--timeout"); break;
                default:
                    if (args[i].StartsWith("--", StringComparison.Ordinal) || path is not null)
                    {
                        throw new UsageException($"unexpected argument '{args[i]}'.");
                    }

                    path = args[i];
                    break;
            }
        }

        if (path is null)
        {
            throw new UsageException("name a submission .ipynb or a folder of submissions.");
        }

        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new UsageException($"'{path}' does not exist; name a submission .ipynb or a folder of submissions.");
        }

        IReadOnlyList<ItemPoints> points;
        IReadOnlyDictionary<string, Rubrics.Rubric> rubrics;
        try
        {
            points = pointsFile is null ? PointsFile.BuiltIn : PointsFile.Load(pointsFile);
            if (rubricsDir is not null && !Directory.Exists(rubricsDir))
            {
                throw new UsageException($"--rubrics '{rubricsDir}' is not a folder; name the folder of the instructor's notebooks.");
            }

            rubrics = Rubrics.FromFolder(rubricsDir ?? Runner.RepositoryLayout.Find(Directory.GetCurrentDirectory())?.NotebooksFolder ?? "");
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            error.WriteLine($"backprop grade: {e.Message}");
            return Task.FromResult(1);
        }

        outDir = Path.GetFullPath(outDir ?? Path.Combine("artifacts", "grade"));
        var options = GraderOptions.Default with { Points = points, Sandbox = SandboxOptions.Default with { ItemTimeout = TimeSpan.FromSeconds(timeout) } };
        if (File.Exists(path) || single)
        {
            var notebooks = File.Exists(path)
                ? [path]
                : Directory.EnumerateFiles(path, "*.ipynb", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
            string name = Path.GetFileNameWithoutExtension(Path.TrimEndingDirectorySeparator(path));
            var result = new Grader(options).Grade(name, notebooks);
            ReportWriter.Write(result, outDir, notebooks, rubrics);
            output.WriteLine($"grade: {name}: {ResultsJson.Summary(result)}");
            output.WriteLine($"grade: wrote {Path.Combine(outDir, "results.json")} and feedback.md" +
                             (points.Any(p => p.Manual) ? $", and {WrittenAnswersPage.FileName} ({rubrics.Count} rubrics) for grading by hand" : ""));
            return Task.FromResult(0);
        }

        var bar = new ProgressBar(error);
        var results = BatchGrader.Grade(path, outDir, options, jobs, bar.Report, cancellation, rubrics);
        bar.Finish();
        output.WriteLine($"grade: {results.Count} submissions graded; mean {(results.Count == 0 ? 0 : results.Average(r => r.Score)):0.##} / {points.Where(p => !p.Manual).Sum(p => p.Points):0.##}.");
        output.WriteLine($"grade: wrote {Path.Combine(outDir, "gradebook.csv")} and one folder per submission");
        return Task.FromResult(0);
    }

    private static int Positive(IReadOnlyList<string> args, int i, string option) =>
        i < args.Count && int.TryParse(args[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value > 0
            ? value
            : throw new UsageException($"{option} needs a positive whole number, e.g. {option} 2.");
}
