using Backprop.Grading.Notebooks;
using Backprop.Grading.Scoring;
using Backprop.Kernel;
using Backprop.Kernel.Checking;
#if GRADING
using Backprop.Grading.Answers;
using Backprop.Grading.Compilation;
using Backprop.Grading.Isolation;
using Backprop.Grading.Sandbox;
#endif

namespace Backprop.Course.Submit;

/// <summary>
/// The ONE place where <c>backprop submit</c> calls the grader: its reader (notebooks and exported apps), its answer
/// extraction by cell identity and its points file (Backprop.Grading.Reading, which the student release ships too), and
/// its compiler (a confined compile child, the same wrapping and API walk as grading; only where Backprop.Grading is
/// part of the build). Everything else in Submit/ works on the plain records below, so repointing submit at a new grader
/// API means editing this file only.
/// </summary>
internal static class GraderAdapter
{
    /// <summary>Whether the grader's compiler is part of this build (not in a student release).</summary>
#if GRADING
    public static bool CanCompile => true;
#else
    public static bool CanCompile => false;
#endif

    /// <summary>
    /// Reads <paramref name="files"/> as one submission, as the grader does, and returns every item it will look for
    /// (from <paramref name="pointsFile"/>, plus the items those answers are compiled with).
    /// </summary>
    public static SubmissionView Read(IReadOnlyList<string> files, string pointsFile)
    {
        var submission = SubmissionReader.Read("submission", files);
        var problems = submission.Files.Where(f => f.Problem is not null).Select(f => new FileProblem(f.Name, f.Problem!)).ToList();
        var points = PointsFile.Load(pointsFile);
        var manual = points.Where(p => p.Manual).Select(p => p.Id).ToHashSet();
        var used = points.Where(p => !p.Manual).SelectMany(p => Row(p.Id)?.UsedItems ?? []).Select(u => u.Id);
        var ids = points.Select(p => p.Id).Concat(used).Distinct().ToArray();
        var answers = submission.Answers(ids, manual);
        var cells = submission.Cells.Select(c => new SeenCell(c.File, c.Number, c.Kind, c.Source, c.Identity.Answer ?? c.Identity.Manual, c.Identity.Check)).ToArray();
        var items = ids.Select(id =>
        {
            var answer = answers[id];
            var item = Row(id);
            return new ExpectedItem(id, manual.Contains(id), answer.Found ? answer.Code : null, answer.Location, answer.Problem,
                item?.FunctionName, item?.Signature, item?.UsedItems.Select(u => u.Id).ToArray() ?? []);
        }).ToArray();
        return new SubmissionView(items, cells, problems, submission.Usings);
    }

    /// <summary>
    /// Compiles each found auto-graded answer as the grader will (with the student's cells of the items it uses and the
    /// namespaces the notebooks open), in a confined compile child; returns the compiler's message per failing item.
    /// </summary>
    public static IReadOnlyDictionary<string, string> CompileProblems(SubmissionView submission, CancellationToken cancellation)
    {
#if GRADING
        var found = submission.Items.Where(i => i.Code is not null).ToDictionary(i => i.Id);
        var problems = new Dictionary<string, string>();
        string scratch = Directory.CreateTempSubdirectory("backprop-submit-").FullName;
        try
        {
            foreach (var expected in submission.Items.Where(i => !i.Manual && i.Code is not null))
            {
                cancellation.ThrowIfCancellationRequested();
                if (Row(expected.Id) is not { } item)
                {
                    continue;
                }

                var usedCells = item.UsedItems.Select(u => u.Id).Where(found.ContainsKey).Select(u => new UsedCell(u, found[u].Code!)).ToArray();
                var compiled = AnswerCompiler.Compile(item, expected.Code!, scratch, submission.Usings, SandboxOptions.Default, usedCells);
                if (!compiled.Succeeded)
                {
                    problems[expected.Id] = compiled.Problem ?? "it does not compile";
                }
            }
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }

        return problems;
#else
        throw new InvalidOperationException("the grader is not part of this build");
#endif
    }

    private static CheckItem? Row(string id) => CheckItems.TryFind(id);
}

/// <summary>A submission as the grader reads it: the items it looks for, every cell, and files it could not read.</summary>
internal sealed record SubmissionView(IReadOnlyList<ExpectedItem> Items, IReadOnlyList<SeenCell> Cells, IReadOnlyList<FileProblem> FileProblems, IReadOnlyList<string> Usings);

/// <summary>One item the grader looks for: its answer cell's source and place when found, else the grader's reason.</summary>
internal sealed record ExpectedItem(string Id, bool Manual, string? Code, string? Location, string? Problem, string? FunctionName, string? Signature, IReadOnlyList<string> Uses);

/// <summary>A cell as the grader sees it: file, number (from 1), kind, source, and the item it claims or checks.</summary>
internal sealed record SeenCell(string File, int Number, string Kind, string Source, string? Claims, string? Checks);

/// <summary>A file the grader could not read, and why.</summary>
internal sealed record FileProblem(string File, string Problem);
