using System.CommandLine;
using Backprop.Grading.Isolation;
using Backprop.Grading.Notebooks;
using Backprop.Grading.Release;
using Backprop.Grading.Reports;
using Backprop.Grading.Scoring;

namespace Backprop.Course.Commands;

/// <summary><c>backprop grade</c>: grades one submission or a folder of them, writing results.json, feedback and a gradebook.</summary>
internal sealed class GradeCommand : ICommand
{
    private readonly Argument<string> _path = new("submission.ipynb | submission.cs | folder") { Description = "One submission (a notebook, or an app that 'backprop export' wrote), or a folder of submissions." };

    private readonly Option<string?> _out = CourseOptions.Path("--out", "Where to write (default: artifacts/grade).");

    private readonly Option<bool> _single = new("--single") { Description = "Treat the folder's .ipynb and .cs files, in every sub-folder, as one submission (the Gradescope layout)." };

    private readonly Option<int> _jobs = CourseOptions.PositiveInteger("--jobs", "Submissions graded at once (default: the number of cores).", Environment.ProcessorCount, "2");

    private readonly Option<double> _timeout = CourseOptions.PositiveNumber("--timeout", "Wall-clock limit per answer, in seconds, to compile and again to run.", SandboxOptions.Default.ItemTimeout.TotalSeconds, "10", "SECONDS");

    private readonly Option<string?> _points = CourseOptions.Path("--points", "Points per item (default: the built-in notebooks/grading.json).", "FILE");

    private readonly Option<string?> _rubrics = CourseOptions.Path("--rubrics",
        "The instructor's notebooks, whose solution regions are the rubrics of written answers (default: notebooks/ of the course repository this runs in, if any).");

    public Command Build(CommandContext context)
    {
        var command = new Command("grade", """
            Grade a submission or a folder of submissions; write results.json and feedback.
            A submission is a notebook (.ipynb) or an app that 'backprop export' wrote (.cs), or a folder of them; both
            are graded the same way. One file is one submission: --out gets results.json (Gradescope format) and
            feedback.md, and, when the points file has written answers, written-answers.md and written-answers.html: the
            student's written derivations next to the rubrics, for grading by hand (they hold the solutions: do not
            hand them out).
            A folder is a batch: each .ipynb or .cs in it, and each sub-folder of them, is one submission, graded in
            parallel into DIR/<name>/, with DIR/gradebook.csv, DIR/report.html (the class report: what the class got
            wrong), DIR/items.csv (for Canvas or Moodle) and DIR/similarity.csv (pairs of unusually similar answers).
            Only regular files are read: a symbolic link, device or pipe is refused with a message in its row.
            With --single the folder's files together form one submission (the Gradescope layout). A folder that holds
            only files numbered like the course's notebooks (01-word-mlp.cs, 02-rnn-bptt.cs …) looks like one
            student's set: it is still graded as a batch, with a warning that names --single.
            --out is claimed before anything is written: a new or empty folder gets a marker file (.backprop-grade), a
            folder with that marker is emptied first (so no file of an earlier run stays beside this one's), and a
            folder holding other files is refused.
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
            throw new UsageException($"'{path}' does not exist; name a submission (.ipynb or .cs) or a folder of submissions.");
        }

        if (rubricsDir is not null && !Directory.Exists(rubricsDir))
        {
            throw new UsageException($"--rubrics '{rubricsDir}' is not a folder; name the folder of the instructor's notebooks.");
        }

        outDir = Path.GetFullPath(outDir ?? Path.Combine("artifacts", "grade"));
        ClaimOutput(outDir, path, output);
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
        output.WriteLine($"grade: isolation: {string.Join("; ", plan.Layers.Append("api-allowlist; in each child: rlimits, seccomp (confirmed per child in results.json)"))}");
        foreach (string warning in plan.Warnings)
        {
            error.WriteLine($"grade: warning: {warning}");
        }
        var reports = new SubmissionReports(rubrics, WrittenAnswersPages.Page);
        if (File.Exists(path) || single)
        {
            string name = Path.GetFileNameWithoutExtension(Path.TrimEndingDirectorySeparator(path));
            var submission = File.Exists(path) ? SubmissionReader.Read(path) : SubmissionReader.ReadFolder(path, name);
            var result = new Grader(options).Grade(submission);
            Backprop.Grading.Timeline.Mark("graded");
            reports.Write(result, outDir, submission);
            Backprop.Grading.Timeline.Mark("reports written");
            output.WriteLine($"grade: {name}: {ResultsJson.Summary(result)}");
            output.WriteLine($"grade: wrote {Path.Combine(outDir, "results.json")} and feedback.md" +
                             (points.Any(p => p.Manual) ? $", and {WrittenAnswersPage.FileName} with its page {SubmissionReports.WrittenAnswersHtmlName} ({rubrics.Count} rubrics) for grading by hand" : ""));
            return result.InternalError ? 3 : 0;
        }

        var sources = BatchGrader.Sources(path);
        if (BatchGrader.OneStudentsSet(path, sources) is { Count: > 0 } set)
        {
            error.WriteLine($"grade: warning: '{path}' holds only numbered notebooks or apps ({string.Join(", ", set.Take(4))}{(set.Count > 4 ? ", …" : "")}), like one student's set, and each is graded as a submission of its own; to grade them as one student's submission, add --single.");
        }

        var batch = BatchProgress.Run(context.Error, sources.Count, points.Where(p => !p.Manual).Select(p => p.Id).ToArray(),
            (progress, graded) => BatchGrader.Grade(path, outDir, options, reports, jobs, progress, r => graded(r.Items.Where(i => !i.Manual).Select(i => (i.Id, i.Passed))), cancellation));
        var results = batch.Results;
        output.WriteLine($"grade: {results.Count} submissions graded; mean {(results.Count == 0 ? 0 : results.Average(r => r.Score)):0.##} / {points.Where(p => !p.Manual).Sum(p => p.Points):0.##}.");
        output.WriteLine($"grade: wrote {Path.Combine(outDir, BatchGrader.GradebookName)} and one folder per submission" +
                         (points.Any(p => p.Manual) ? $", each with {WrittenAnswersPage.FileName} and {SubmissionReports.WrittenAnswersHtmlName}, the written derivations next to their rubrics, for grading by hand" : ""));
        output.WriteLine($"grade: wrote {Path.Combine(outDir, "report.html")} (what the class got wrong), items.csv (for the LMS) and similarity.csv ({batch.SimilarPairs.Count} similar pair(s) to look at)");
        int internalErrors = results.Count(r => r.InternalError);
        if (internalErrors > 0)
        {
            error.WriteLine($"grade: {internalErrors} submission(s) hit an internal error of the grader; their rows say so. Please report it.");
        }

        return internalErrors > 0 ? 3 : 0;
    }

    private static void ClaimOutput(string outDir, string submissions, TextWriter output)
    {
        try
        {
            int cleared = OutputFolder.Claim(outDir, submissions);
            if (cleared > 0)
            {
                output.WriteLine($"grade: deleted {cleared} entries an earlier run left in {outDir} (it holds {OutputFolder.MarkerName}, so it is the grader's)");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException(e.Message);
        }
    }
}
