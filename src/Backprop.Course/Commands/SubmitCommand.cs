using System.CommandLine;
using Backprop.Course.Submit;
using Backprop.Runner;

namespace Backprop.Course.Commands;

/// <summary>
/// <c>backprop submit</c>: what a student runs before handing in. It reads the files as the grader will, lists every
/// answer or written cell the grader cannot find, compiles each answer as the grader will, runs the self-checks, and
/// writes a clean copy of each file to hand in (outputs and the kernel's bootstrap stripped, answers unchanged).
/// </summary>
internal sealed partial class SubmitCommand : ICommand
{
    private readonly Argument<List<string>> _files = new("files") { Arity = ArgumentArity.ZeroOrMore, Description = "Notebooks (.ipynb) or exported apps (.cs) to hand in (default: every notebooks/NN-*.ipynb)." };

    private readonly Option<string?> _out = CourseOptions.Path("--out", "Where to write the clean files (default: artifacts/submit).");

    private readonly Option<bool> _noRun = new("--no-run") { Description = "Skip running the self-checks (reading, compiling and cleaning still happen)." };

    public Command Build(CommandContext context)
    {
        var command = new Command("submit", """
            Check your files before you hand them in, and write clean copies to upload.
            Reads each notebook (.ipynb) or exported app (.cs) as the grader will and lists, with the cell as you see it and
            a one-line fix: every answer cell (// answer: id) or written-answer cell (<!-- answer: id -->) the grader cannot
            find (renamed, deleted or duplicated), every written answer in prose still at its placeholder (not answered
            yet), every written derivation whose boxed result is missing, wrong on the
            public cases or unreadable, every answer that does not compile as the grader compiles it (in the course
            repository; in a student release the run from the top compiles them), and every self-check that fails when the
            notebook runs from the top (--no-run skips that). Then writes a clean copy of each
            file to --out: outputs and execution counts removed (with them the notebook kernel's start-up script, which
            names web addresses and this machine's loopback port), frontend metadata removed, every cell's source and
            metadata unchanged. The grader grades the clean copy exactly as the original. Exits 0 when nothing was found,
            1 when something needs fixing (the clean copies are written either way).
            """)
        {
            _files,
            _out,
            _noRun,
        };
        context.SetAction(command, (result, cancellation) => RunAsync(
            (result.GetValue(_files) ?? []).Select(Path.GetFullPath).ToList(), result.GetValue(_out), result.GetValue(_noRun), context, cancellation));
        return command;
    }

    private static async Task<int> RunAsync(List<string> files, string? outFolder, bool noRun, CommandContext context, CancellationToken cancellation)
    {
        var output = context.Output.Writer;
        var layout = RepositoryLayout.Find();
        if (files.Count == 0)
        {
            if (layout is null)
            {
                throw new UsageException($"name the files to hand in, or run it inside the kit (no {RepositoryLayout.SolutionFileName} above {Environment.CurrentDirectory}).");
            }

            files = layout.Notebooks().Where(IsCourseNotebook).ToList();
        }

        foreach (var file in files)
        {
            if (!File.Exists(file))
            {
                throw new UsageException($"{file} does not exist.");
            }

            if (!file.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase) && !file.EndsWith(".cs", StringComparison.OrdinalIgnoreCase))
            {
                throw new UsageException($"{Path.GetFileName(file)} is neither a notebook (.ipynb) nor an exported app (.cs).");
            }
        }

        var findings = new List<SubmitFinding>();
        string? points = layout is null ? null : Path.Combine(layout.Root, PointsFileName);
        SubmissionView? view = null;
        if (points is not null && File.Exists(points))
        {
            view = Scoped(GraderAdapter.Read(files, points), files, layout!, points);
            findings.AddRange(SubmitReview.OfReading(view));
            if (GraderAdapter.CanCompile)
            {
                findings.AddRange(SubmitReview.OfCompiling(view, GraderAdapter.CompileProblems(view, cancellation)));
            }
            else
            {
                output.WriteLine("submit: this copy of the kit has no grader's compiler (a student release): each answer is compiled when its notebook runs from the top"
                                 + (noRun ? "; with --no-run, it is not compiled at all." : ", below."));
            }

            findings.AddRange(SubmitReview.OfWritten(view));
        }
        else
        {
            output.WriteLine($"submit: there is no {PointsFileName} here, so answer and written cells are not looked for as the grader does; the self-checks still run.");
        }

        if (!noRun)
        {
            findings.AddRange(await SelfChecks.RunAsync(files, output, cancellation));
        }

        string outDir = Path.GetFullPath(outFolder ?? Path.Combine(layout?.Root ?? Environment.CurrentDirectory, "artifacts", "submit"));
        Directory.CreateDirectory(outDir);
        var written = new List<string>();
        foreach (var file in files)
        {
            string target = Path.Combine(outDir, Path.GetFileName(file));
            if (Path.GetFullPath(target) == Path.GetFullPath(file))
            {
                throw new UsageException($"--out is the folder of {Path.GetFileName(file)}; choose another, so your file stays as it is.");
            }

            try
            {
                string text = await File.ReadAllTextAsync(file, cancellation);
                await File.WriteAllTextAsync(target, file.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase) ? SubmissionCleaner.CleanNotebook(text) : text, cancellation);
                written.Add(target);
            }
            catch (InvalidDataException e)
            {
                findings.Add(new SubmitFinding(Path.GetFileName(file), null, $"{Path.GetFileName(file)} cannot be cleaned: {e.Message}", "open it in Jupyter or VS Code and save it again"));
            }
        }

        if (view is not null && written.Count > 0)
        {
            // The clean copies must hold exactly the answers the originals hold, as the grader reads them.
            var again = Scoped(GraderAdapter.Read(written, points!), written, layout!, points!);
            var changed = view.Items.Zip(again.Items).Where(p => p.First.Code != p.Second.Code || p.First.Problem != p.Second.Problem).Select(p => p.First.Id).ToList();
            if (changed.Count > 0)
            {
                throw new InvalidOperationException($"cleaning changed what the grader reads for {string.Join(", ", changed)}; hand in your original files and report this");
            }
        }

        foreach (var finding in findings)
        {
            output.WriteLine(finding.Format());
        }

        output.WriteLine(findings.Count == 0
            ? $"submit: nothing to fix. Hand in these {written.Count} file(s) from {outDir}: {string.Join(", ", written.Select(Path.GetFileName))}"
            : $"submit: {findings.Count} thing(s) to fix (above). Clean copies are in {outDir}; fix the originals and run submit again before you hand them in.");
        return findings.Count == 0 ? 0 : 1;
    }

    private const string PointsFileName = Grading.Scoring.PointsFile.RelativePath;

    // NN-name.ipynb, not a copy beside it such as NN-name.fresh.ipynb (doctor's advice) or NN-name.executed.ipynb.
    private static bool IsCourseNotebook(string path) => CourseNotebookName().IsMatch(Path.GetFileName(path));

    [System.Text.RegularExpressions.GeneratedRegex(@"^\d\d-[^.]+\.ipynb$")]
    private static partial System.Text.RegularExpressions.Regex CourseNotebookName();

    /// <summary>
    /// When only some of the course's notebooks are handed in (by their names), only their items are looked for: an
    /// item belongs to the course notebook whose answer cell it is in. Otherwise every item.
    /// </summary>
    private static SubmissionView Scoped(SubmissionView view, IReadOnlyList<string> files, RepositoryLayout layout, string points)
    {
        var course = layout.Notebooks().Where(IsCourseNotebook).ToList();
        var names = files.Select(f => Path.GetFileNameWithoutExtension(f)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (course.Count == 0 || course.All(c => names.Contains(Path.GetFileNameWithoutExtension(c))))
        {
            return view;
        }

        var home = GraderAdapter.Read(course, points).Items.Where(i => i.Location is not null)
            .ToDictionary(i => i.Id, i => Path.GetFileNameWithoutExtension(i.Location!.Split(',')[0]));
        if (!home.Values.Any(names.Contains))
        {
            return view;
        }

        return view with { Items = view.Items.Where(i => !home.TryGetValue(i.Id, out var notebook) || names.Contains(notebook)).ToList() };
    }
}
