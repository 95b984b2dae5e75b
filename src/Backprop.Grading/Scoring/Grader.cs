using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Backprop.Grading.Answers;
using Backprop.Grading.Compilation;
using Backprop.Grading.Diagnosis;
using Backprop.Grading.Isolation;
using Backprop.Grading.Notebooks;
using Backprop.Grading.Sandbox;
using Backprop.Kernel;

namespace Backprop.Grading.Scoring;

/// <summary>
/// Grades one submission (one or more notebooks). The grader itself only reads notebook JSON (bounded) and takes
/// each answer cell by identity as text; a confined compile child parses, vets and compiles each answer on its own,
/// and confined run children run them on the hidden cases' inputs (see <see cref="ItemRunner"/> for who is charged
/// for a fault). Expected values, seeds and verdicts stay here: outputs are compared with the check engine and known
/// mistakes named. Never throws: a grader bug gives an "internal error" result for this submission only.
/// </summary>
public sealed class Grader(GraderOptions options)
{
    /// <summary>Longest text an item's output may carry into results.json.</summary>
    public const int MaxOutputLength = 4000;

    /// <summary>Starts a compile child for <paramref name="sandbox"/> now, so it is warm when the first answer comes.</summary>
    /// <param name="sandbox">The limits and layers the grading will use (a child serves only the same options).</param>
    public static void StartWarming(SandboxOptions sandbox) => CompileChild.Return(CompileChild.Rent(sandbox));

    /// <summary>Grades the notebooks of one submission.</summary>
    /// <param name="name">The submission's name, for reports.</param>
    /// <param name="notebookPaths">Its .ipynb files.</param>
    public SubmissionResult Grade(string name, IReadOnlyList<string> notebookPaths)
    {
        try
        {
            return GradeUnguarded(name, notebookPaths);
        }
        catch (Exception e)
        {
            return InternalError(name, e);
        }
    }

    /// <summary>The result of a submission the grader failed on: zero everywhere, saying it is not the student's fault.</summary>
    /// <param name="name">The submission's name.</param>
    /// <param name="error">What went wrong inside the grader.</param>
    public SubmissionResult InternalError(string name, Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        string why = Bound($"{error.GetType().Name}: {error.Message}", 300);
        var items = options.Points.Select(p => new ItemResult(p.Id, p.Id, 0, p.Points, p.Manual, "Not graded: the grader hit an internal error on this submission.")).ToArray();
        return new SubmissionResult(name, items,
            [$"Internal error: the autograder could not grade this submission ({why}). This is not your fault; please tell your instructor."])
        { InternalError = true, Isolation = IsolationPlan.For(options.Sandbox).Layers };
    }

    private SubmissionResult GradeUnguarded(string name, IReadOnlyList<string> notebookPaths)
    {
        var problems = new List<string>();
        var notebooks = new List<Notebook>();
        foreach (string path in notebookPaths)
        {
            var notebook = path.EndsWith(".cs", StringComparison.OrdinalIgnoreCase) ? ExportedAppReader.Read(path, out string? problem) : NotebookReader.Read(path, out problem);
            if (notebook is null)
            {
                problems.Add(problem!);
            }
            else
            {
                notebooks.Add(notebook);
            }
        }

        if (notebookPaths.Count == 0)
        {
            problems.Add("No .ipynb file was submitted. Upload the notebook(s) you worked in.");
        }
        else if (notebooks.Count > 0 && notebooks.All(n => n.Cells.All(c => c.Identity.Answer is null && c.Identity.Manual is null)))
        {
            problems.Add($"No answer cells were found in {string.Join(", ", notebooks.Select(n => n.Name))}. Answer cells start with a line such as // answer: p1.dJ_ds; submit the course notebooks with your answers in those cells.");
        }

        var manual = options.Points.Where(p => p.Manual).Select(p => p.Id).ToHashSet();
        // The cells of used items are taken too (e.g. p2.dJ_dg for p2.dJ_dWr), whether or not they carry points.
        var usedIds = options.Points.Where(p => !p.Manual).SelectMany(p => GradedItem.Find(p.Id)?.Uses ?? []);
        var answers = AnswerExtractor.Extract(notebooks, options.Points.Select(p => p.Id).Concat(usedIds).Distinct(), manual);
        var usings = notebooks.SelectMany(n => n.Cells).Where(c => c.IsCode).SelectMany(c => UsingLines(c.Source)).Distinct().Take(50).ToArray();
        var auto = options.Points.Where(p => !p.Manual && answers[p.Id].Found && GradedItem.Find(p.Id) is not null).ToArray();

        // Compiling and running overlap: the run child starts now, and each answer goes to it as soon as the compile
        // child has compiled it, while the compile child goes on to the next one.
        var layers = new List<string>(IsolationPlan.For(options.Sandbox).Layers);
        var shared = auto.Length > 0 ? new SandboxProcess(options.Sandbox) : null;
        var compiled = new ConcurrentDictionary<string, CompiledAnswer>();
        var toRun = new BlockingCollection<(SandboxRequest Request, TimeSpan Budget)>();
        var compiler = auto.Length > 0 ? CompileChild.Rent(options.Sandbox) : null;
        Exception? compileFailure = null;
        var compiling = new Thread(() =>
        {
            try
            {
                if (compiler is null)
                {
                    return;
                }

                var cells = auto.Select(p => GradedItem.Find(p.Id)!).Select(item =>
                    (item, answers[item.Id].Code!, (IReadOnlyList<UsedCell>)item.Uses.Where(u => answers[u].Found).Select(u => new UsedCell(u, answers[u].Code!)).ToArray())).ToArray();
                AnswerCompiler.CompileAll(compiler, cells, usings, options.Sandbox.ItemTimeout, (item, result) =>
                {
                    var answer = MissingUsedCells(item, answers, result);
                    compiled[item.Id] = answer;
                    if (answer.Succeeded)
                    {
                        // Compiling had its own limit of the same length, so a slow compile on a loaded machine never eats the run's.
                        toRun.Add((new SandboxRequest(answer.Item, answer.Image!, HiddenCases.For(answer.Item).Select(h => h.Inputs.Select(WireValue.From).ToArray()).ToArray()),
                            options.Sandbox.ItemTimeout));
                    }
                });
            }
            catch (Exception e)
            {
                compileFailure = e;
            }
            finally
            {
                toRun.CompleteAdding();
            }
        }) { IsBackground = true, Name = "compile " + name };
        compiling.Start();

        IReadOnlyDictionary<string, SandboxOutcome> outcomes = new Dictionary<string, SandboxOutcome>();
        try
        {
            if (shared is not null && shared.WaitReady() is null)
            {
                layers.AddRange(shared.Layers.Except(layers).Select(l => "run child: " + l));
            }

            var pointsById = options.Points.ToDictionary(p => p.Id);
            if (shared is not null)
            {
                outcomes = ItemRunner.RunAll(options.Sandbox, toRun.GetConsumingEnumerable(), (r, o) => Evaluate(pointsById[r.Item], answers[r.Item], o, diagnose: false).Passed, shared);
            }
        }
        finally
        {
            compiling.Join(); // the queue is unbounded, so the compile thread always finishes
        }

        if (compiler is not null)
        {
            layers.AddRange(compiler.Layers.Except(layers).Select(l => "compile child: " + l));
        }

        try
        {
            if (compileFailure is not null)
            {
                throw new InvalidOperationException("compiling the answers failed inside the grader", compileFailure);
            }

            var items = options.Points.Select(p => p.Manual
                ? GradeManual(p, answers[p.Id])
                : GradeAuto(p, answers[p.Id], compiled.TryGetValue(p.Id, out var c) ? c : null, outcomes.GetValueOrDefault(p.Id))).ToArray();
            // Whether a failing answer ran with the cells it uses and calls them: it compiles without them only if it calls none.
            bool CallsUsedCells(string id) => compiled.TryGetValue(id, out var c) && c.Succeeded && outcomes.ContainsKey(id)
                && (compiler is null || !AnswerCompiler.Compile(compiler, GradedItem.Find(id)!, answers[id].Code!, [], usings, options.Sandbox.ItemTimeout).Succeeded);
            items = items.Select(i => WithUsedFaults(i, items, answers, CallsUsedCells)).ToArray();
            return new SubmissionResult(name, items, problems.Take(20).Select(t => Bound(t, 2000)).ToArray()) { Isolation = layers };
        }
        finally
        {
            if (compiler is not null)
            {
                CompileChild.Return(compiler);
            }
        }
    }

    /// <summary>
    /// A compile failure of an answer whose used cells are not all there says which cell to add: most likely the
    /// answer calls a function (dJ_dg) whose cell is missing or duplicated.
    /// </summary>
    private static CompiledAnswer MissingUsedCells(GradedItem item, IReadOnlyDictionary<string, ExtractedAnswer> answers, CompiledAnswer compiled)
    {
        var missing = item.Uses.Where(u => !answers[u].Found).ToArray();
        if (compiled.Succeeded || missing.Length == 0)
        {
            return compiled;
        }

        var text = new StringBuilder(compiled.Problem);
        foreach (string u in missing)
        {
            var row = CheckItems.Find(u);
            text.Append($"\nThis answer is compiled together with your {u} answer cell, which defines {row.FunctionName}, but the grader could not take that cell: {answers[u].Problem} "
                + $"Add it before this answer: a code cell whose first line is `// answer: {u}`, defining {row.Signature}.");
        }

        return compiled with { Problem = text.ToString() };
    }

    /// <summary>
    /// The fault rule for used items: an answer that uses another item's function (dJ_dWr uses dJ_dg) is graded on its
    /// own outputs, computed with the student's function as the notebook runs it. When it fails, calls the used cells
    /// (<paramref name="callsUsedCells"/>: it does not compile without them) and a used item with an answer cell fails
    /// its own check, the feedback says so, and to fix that item first.
    /// </summary>
    private static ItemResult WithUsedFaults(ItemResult result, IReadOnlyList<ItemResult> items, IReadOnlyDictionary<string, ExtractedAnswer> answers, Func<string, bool> callsUsedCells)
    {
        if (result.Manual || result.Passed || GradedItem.Find(result.Id) is not { } item || !answers[result.Id].Found)
        {
            return result;
        }

        var failing = item.Uses
            .Where(u => answers.TryGetValue(u, out var a) && a.Found && items.FirstOrDefault(i => i.Id == u) is { Passed: false })
            .Select(CheckItems.Find).ToArray();
        if (failing.Length == 0 || !callsUsedCells(result.Id))
        {
            return result;
        }

        string names = string.Join(" and ", failing.Select(f => $"your {f.FunctionName} ({f.Id})"));
        string note = $"Note: this answer calls {names}, which "
            + (failing.Length == 1 ? $"fails its own check: fix {failing[0].FunctionName} first. " : $"fail their own checks: fix them first, in this order: {string.Join(", ", failing.Select(f => f.FunctionName))}. ")
            + $"This answer was graded on its own outputs, computed with your {string.Join(" and ", failing.Select(f => f.FunctionName))} as your notebook runs it.";
        return result with { Output = Bound(note + "\n" + result.Output, MaxOutputLength) };
    }


    private static ItemResult GradeManual(ItemPoints points, ExtractedAnswer answer) => WrittenCheck.Apply(
        new(points.Id, "written answer", 0, points.Points, Manual: true,
            answer.Found ? $"Graded by hand ({points.Points:0.##} points). Your answer was found in {answer.Location}." : $"Graded by hand ({points.Points:0.##} points). {answer.Problem}"),
        points, answer.Found ? answer.Code : null);

    private static ItemResult GradeAuto(ItemPoints points, ExtractedAnswer answer, CompiledAnswer? compiled, SandboxOutcome? outcome)
    {
        ItemResult result;
        if (!answer.Found)
        {
            result = Zero(points, answer.Problem ?? "No answer was found.");
        }
        else if (compiled is null || outcome is null && compiled.Succeeded)
        {
            result = Zero(points, $"Your answer ({answer.Location}) could not be graded: the grader does not know this item.");
        }
        else if (!compiled.Succeeded)
        {
            result = Zero(points, $"Your answer ({answer.Location}) {compiled.Problem}");
        }
        else
        {
            result = Evaluate(points, answer, outcome!, diagnose: true);
        }

        return result with { Output = Bound(result.Output, MaxOutputLength) };
    }

    private static ItemResult Zero(ItemPoints points, string output, string? mistake = null) =>
        new(points.Id, CheckItems.Find(points.Id).Title, 0, points.Points, false, output, mistake);

    /// <summary>The grader's verdict on what came back: only here are expected values known.</summary>
    private static ItemResult Evaluate(ItemPoints points, ExtractedAnswer answer, SandboxOutcome outcome, bool diagnose)
    {
        var check = CheckItems.Find(points.Id);
        if (outcome.Outputs is null)
        {
            return Zero(points, $"Your answer ({answer.Location}) {outcome.Problem}. Other items were graded normally.");
        }

        var cases = HiddenCases.For(points.Id);
        var outputs = outcome.Outputs.Select(o => o.Problem is null && o.Shape is not null && o.Values is not null ? new CheckValue(o.Shape, o.Values) : null).ToArray();
        var results = cases.Select((c, i) => outputs[i] is { } value
            ? CheckEngine.Compare(c, value)
            : new CheckCaseResult(c.Description, double.PositiveInfinity, outcome.Outputs[i].Problem ?? "returned nothing")).ToArray();
        var verdict = new CheckVerdict(points.Id, check.Title, results, check.Hint);
        if (verdict.Passed)
        {
            return new ItemResult(points.Id, check.Title, points.Points, points.Points, false,
                $"Correct: matches central differences on all {cases.Count} hidden cases (largest relative error {verdict.MaxRelativeError.ToString("0.0e+00", CultureInfo.InvariantCulture)}).");
        }

        if (!diagnose)
        {
            return Zero(points, "failed");
        }

        var mistake = MistakeDiagnosis.Diagnose(points.Id, cases, outputs, outcome.Outputs.Select(o => o.Problem).ToArray());
        var text = new StringBuilder();
        if (mistake is not null)
        {
            text.AppendLine($"Likely mistake: {mistake.Name}. {mistake.Explanation}");
        }

        text.Append(Describe(verdict, cases.Count));
        return Zero(points, text.ToString(), mistake?.Name);
    }

    private static string Describe(CheckVerdict verdict, int count)
    {
        var text = new StringBuilder();
        text.AppendLine($"{verdict.Cases.Count(c => !c.Passed)} of {count} hidden cases differ from central differences:");
        foreach (var c in verdict.Cases)
        {
            text.AppendLine($"  {c.Description}: {(c.Passed ? "ok" : c.Problem)}");
        }

        text.Append("Hint: ").Append(verdict.Hint);
        return text.ToString();
    }

    /// <summary>Cuts long text and says so, so results.json stays small whatever a student makes the grader say.</summary>
    /// <param name="text">The text.</param>
    /// <param name="limit">Most characters kept.</param>
    public static string Bound(string text, int limit)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length <= limit ? text : text[..limit] + $"\n… (cut: {text.Length - limit:N0} more characters not shown)";
    }

    private static IEnumerable<string> UsingLines(string source) =>
        source.Split('\n').Select(l => l.Trim())
            .Where(l => l.Length < 200 && l.StartsWith("using ", StringComparison.Ordinal) && l.EndsWith(';') && !l.Contains('=') && !l.Contains('(') && !l.StartsWith("using static", StringComparison.Ordinal))
            .Select(l => l["using ".Length..^1].Trim());
}
