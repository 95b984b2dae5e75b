using System.CommandLine;
using Backprop.Grading.Isolation;
using Backprop.Grading.Release;
using Backprop.Grading.Reports;
using Backprop.Grading.Reports.Class;
using Backprop.Grading.Scoring;

namespace Backprop.Course.Commands;

/// <summary><c>backprop grade</c>: grades one submission or a folder of them, writing results.json, feedback and a gradebook.</summary>
internal sealed class GradeCommand : ICommand
{
    private readonly Argument<string> _path = new("submission.ipynb | folder") { Description = "One submission, or a folder of submissions." };

    private readonly Option<string?> _out = CourseOptions.Path("--out", "Where to write (default: artifacts/grade).");

    private readonly Option<bool> _single = new("--single") { Description = "Treat the folder as one submission (the Gradescope layout)." };

    private readonly Option<int> _jobs = CourseOptions.PositiveInteger("--jobs", "Submissions graded at once (default: the number of cores).", Environment.ProcessorCount, "2");

    private readonly Option<double> _timeout = CourseOptions.PositiveNumber("--timeout", "Wall-clock limit per answer, in seconds, to compile and again to run.", SandboxOptions.Default.ItemTimeout.TotalSeconds, "10", "SECONDS");

    private readonly Option<string?> _points = CourseOptions.Path("--points", "Points per item (default: the built-in notebooks/grading.json).", "FILE");

    private readonly Option<string?> _rubrics = CourseOptions.Path("--rubrics",
        "The instructor's notebooks, whose solution regions are the rubrics of written answers (default: notebooks/ of the course repository this runs in, if any).");

    public Command Build(CommandContext context)
    {
        var command = new Command("grade", """
            Grade a submission (.ipynb) or a folder of submissions; write results.json and feedback.
            A .ipynb is one submission: --out gets results.json (Gradescope format) and feedback.md, and, when the points
            file has written answers, written-answers.md: the student's written derivations next to the rubrics, for
            grading by hand (it holds the solutions: do not hand it out).
            A folder is a batch: each .ipynb in it, and each sub-folder of notebooks, is one submission, graded in
            parallel into DIR/<name>/, with DIR/gradebook.csv, DIR/report.html (the class report: what the class got
            wrong), DIR/items.csv (for Canvas or Moodle) and DIR/similarity.csv (pairs of unusually similar answers).
            With --single the folder's notebooks together form one submission (the Gradescope layout).
            Student code is parsed, compiled and run only in confined child processes; the isolation layers in force
            are printed once and recorded in each results.json. Exits 0 when every submission was graded, whatever
            the scores, and 3 when the grader hit an internal error on any submission (those get an "internal error"
            result and gradebook row; the others are graded normally).
            """)
        {
            _path,
            _out,
            _single,
            _jobs,
            _timeout,
            _points,
            _rubrics,
        };
        context.SetAction(command, (result, cancellation) => Task.FromResult(Run(
            result.GetValue(_path)!, result.GetValue(_out), result.GetValue(_points), result.GetValue(_rubrics), result.GetValue(_single), result.GetValue(_jobs), result.GetValue(_timeout), context, cancellation)));
        return command;
    }

    private static int Run(string path, string? outDir, string? pointsFile, string? rubricsDir, bool single, int jobs, double timeout, CommandContext context, CancellationToken cancellation)
    {
        var output = context.Output.Writer;
        var error = context.Error.Writer;
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new UsageException($"'{path}' does not exist; name a submission .ipynb or a folder of submissions.");
        }

        if (rubricsDir is not null && !Directory.Exists(rubricsDir))
        {
            throw new UsageException($"--rubrics '{rubricsDir}' is not a folder; name the folder of the instructor's notebooks.");
        }

        outDir = Path.GetFullPath(outDir ?? Path.Combine("artifacts", "grade"));
        // The children never see the submissions or the reports (where the kernel gives them a mount namespace).
        var sandbox = SandboxOptions.Default with { ItemTimeout = TimeSpan.FromSeconds(timeout), HiddenPaths = [Path.GetFullPath(path), outDir] };
        // A compile child starts warming up (Roslyn's first compilation takes most of a second) while the points, the
        // rubrics and the submissions are read.
        Backprop.Grading.Timeline.Mark("grade: warming a compile child");
        Grader.StartWarming(sandbox);
        _ = Task.Run(WrittenAnswersPages.Warm, CancellationToken.None); // the written-answers pages share 700 kB of KaTeX, built on a spare core now

        IReadOnlyList<ItemPoints> points;
        IReadOnlyDictionary<string, Rubrics.Rubric> rubrics;
        try
        {
            points = pointsFile is null ? PointsFile.BuiltIn : PointsFile.Load(pointsFile);
            rubrics = Rubrics.FromFolder(rubricsDir ?? Runner.RepositoryLayout.Find(Directory.GetCurrentDirectory())?.NotebooksFolder ?? "");
        }
        catch (Exception e) when (e is InvalidDataException or IOException or TypeInitializationException { InnerException: InvalidDataException })
        {
            error.WriteLine($"backprop grade: {(e.InnerException as InvalidDataException ?? e).Message}");
            return 1;
        }

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
            Backprop.Grading.Timeline.Mark("graded");
            ReportWriter.Write(result, outDir, notebooks, rubrics);
            Backprop.Grading.Timeline.Mark("reports written");
            bool page = WrittenAnswersPages.WriteBeside(outDir, error) > 0;
            output.WriteLine($"grade: {name}: {ResultsJson.Summary(result)}");
            output.WriteLine($"grade: wrote {Path.Combine(outDir, "results.json")} and feedback.md" +
                             (points.Any(p => p.Manual) ? $", and {WrittenAnswersPage.FileName}{(page ? $" with its page {WrittenAnswersPages.FileName}" : "")} ({rubrics.Count} rubrics) for grading by hand" : ""));
            Backprop.Grading.Timeline.Mark("written-answers page written");
            return result.InternalError ? 3 : 0;
        }

        var results = BatchProgress.Run(context.Error, BatchGrader.Submissions(path).Count, points.Where(p => !p.Manual).Select(p => p.Id).ToArray(),
            (progress, graded) => BatchGrader.Grade(path, outDir, options, jobs, progress, cancellation, r => graded(r.Items.Where(i => !i.Manual).Select(i => (i.Id, i.Passed))), rubrics));
        output.WriteLine($"grade: {results.Count} submissions graded; mean {(results.Count == 0 ? 0 : results.Average(r => r.Score)):0.##} / {points.Where(p => !p.Manual).Sum(p => p.Points):0.##}.");
        output.WriteLine($"grade: wrote {Path.Combine(outDir, BatchGrader.GradebookName)} and one folder per submission");
        int pages = WrittenAnswersPages.WriteBeside(outDir, error);
        if (pages > 0)
        {
            output.WriteLine($"grade: wrote {pages} {WrittenAnswersPages.FileName} page(s), the written derivations next to their rubrics, for grading by hand");
        }

        var pairs = ClassReport.Write(path, outDir, results, points);
        output.WriteLine($"grade: wrote {Path.Combine(outDir, "report.html")} (what the class got wrong), items.csv (for the LMS) and similarity.csv ({pairs.Count} similar pair(s) to look at)");
        int internalErrors = results.Count(r => r.InternalError);
        if (internalErrors > 0)
        {
            error.WriteLine($"grade: {internalErrors} submission(s) hit an internal error of the grader; their rows say so. Please report it.");
        }

        return internalErrors > 0 ? 3 : 0;
    }
}
