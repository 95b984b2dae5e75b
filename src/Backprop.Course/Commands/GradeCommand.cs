using System.Globalization;
using Backprop.Grading.Isolation;
using Backprop.Grading.Reports;
using Backprop.Grading.Scoring;

namespace Backprop.Course.Commands;

/// <summary><c>backprop grade</c>: grades one submission or a folder of them, writing results.json, feedback and a gradebook.</summary>
internal sealed class GradeCommand : ICommand
{
    public string Name => "grade";

    public string Summary => "Grade a submission (.ipynb) or a folder of submissions; write results.json and feedback.";

    public string Usage => """
        Usage: backprop grade <submission.ipynb | folder> [--out DIR] [--single] [--jobs N] [--timeout SECONDS] [--points FILE]

        A .ipynb is one submission: DIR gets results.json (Gradescope format) and feedback.md.
        A folder is a batch: each .ipynb in it, and each sub-folder of notebooks, is one submission, graded in
        parallel into DIR/<name>/, with DIR/gradebook.csv. With --single the folder's notebooks together form one
        submission (the Gradescope layout). Student code is parsed, compiled and run only in confined child processes;
        the isolation layers in force are printed once and recorded in each results.json. Exits 0 when every
        submission was graded, whatever the scores, and 3 when the grader hit an internal error on any submission
        (those get an "internal error" result and gradebook row; the others are graded normally).

          --out DIR          where to write (default: artifacts/grade)
          --single           treat the folder as one submission
          --jobs N           submissions graded at once (default: the number of cores)
          --timeout SECONDS  wall-clock limit per answer, to compile and again to run (default 10)
          --points FILE      points per item (default: the built-in notebooks/grading.json)
        """;

    public Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        string? path = null, outDir = null, pointsFile = null;
        bool single = false;
        int jobs = Environment.ProcessorCount;
        double timeout = SandboxOptions.Default.ItemTimeout.TotalSeconds;
        for (int i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--out": outDir = AssignCommand.Value(args, ++i, "--out"); break;
                case "--points": pointsFile = AssignCommand.Value(args, ++i, "--points"); break;
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
        try
        {
            points = pointsFile is null ? PointsFile.BuiltIn : PointsFile.Load(pointsFile);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            error.WriteLine($"backprop grade: {e.Message}");
            return Task.FromResult(1);
        }

        outDir = Path.GetFullPath(outDir ?? Path.Combine("artifacts", "grade"));
        // The children never see the submissions or the reports (where the kernel gives them a mount namespace).
        var sandbox = SandboxOptions.Default with { ItemTimeout = TimeSpan.FromSeconds(timeout), HiddenPaths = [Path.GetFullPath(path), outDir] };
        var options = GraderOptions.Default with { Points = points, Sandbox = sandbox };
        var plan = IsolationPlan.For(sandbox);
        output.WriteLine($"grade: isolation: {string.Join("; ", plan.Layers.Append("api-denylist; in each child: rlimits, seccomp (confirmed per child in results.json)"))}");
        foreach (string warning in plan.Warnings)
        {
            error.WriteLine($"grade: warning: {warning}");
        }
        if (File.Exists(path) || single)
        {
            var notebooks = File.Exists(path)
                ? [path]
                : Directory.EnumerateFiles(path, "*.ipynb", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
            string name = Path.GetFileNameWithoutExtension(Path.TrimEndingDirectorySeparator(path));
            var result = new Grader(options).Grade(name, notebooks);
            ReportWriter.Write(result, outDir);
            output.WriteLine($"grade: {name}: {ResultsJson.Summary(result)}");
            output.WriteLine($"grade: wrote {Path.Combine(outDir, "results.json")} and feedback.md");
            return Task.FromResult(result.InternalError ? 3 : 0);
        }

        var bar = new ProgressBar(error);
        var results = BatchGrader.Grade(path, outDir, options, jobs, bar.Report, cancellation);
        bar.Finish();
        output.WriteLine($"grade: {results.Count} submissions graded; mean {(results.Count == 0 ? 0 : results.Average(r => r.Score)):0.##} / {points.Where(p => !p.Manual).Sum(p => p.Points):0.##}.");
        output.WriteLine($"grade: wrote {Path.Combine(outDir, BatchGrader.GradebookName)} and one folder per submission");
        int internalErrors = results.Count(r => r.InternalError);
        if (internalErrors > 0)
        {
            error.WriteLine($"grade: {internalErrors} submission(s) hit an internal error of the grader; their rows say so. Please report it.");
        }

        return Task.FromResult(internalErrors > 0 ? 3 : 0);
    }

    private static int Positive(IReadOnlyList<string> args, int i, string option) =>
        i < args.Count && int.TryParse(args[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value > 0
            ? value
            : throw new UsageException($"{option} needs a positive whole number, e.g. {option} 2.");
}
