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
/// Grades one submission (one or more notebooks): extracts each answer by identity, compiles it on its own, runs it
/// in the sandbox on the hidden cases (inputs are central differences, so nothing cascades), compares with the check
/// engine, and names known mistakes. Never throws for anything a student can put in a notebook.
/// </summary>
public sealed class Grader(GraderOptions options)
{
    /// <summary>Grades the notebooks of one submission.</summary>
    /// <param name="name">The submission's name, for reports.</param>
    /// <param name="notebookPaths">Its .ipynb files.</param>
    public SubmissionResult Grade(string name, IReadOnlyList<string> notebookPaths)
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
        var answers = AnswerExtractor.Extract(notebooks, options.Points.Select(p => p.Id), manual);
        var usings = notebooks.SelectMany(n => n.Cells).Where(c => c.IsCode).SelectMany(c => UsingLines(c.Source)).Distinct().ToArray();

        string scratch = Path.Combine(options.ScratchDirectory, "backprop-grade-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(scratch);
        try
        {
            // The child starts and the hidden cases are built while the answers compile, each answer on its own.
            using var sandbox = new SandboxProcess(options.Sandbox, scratch);
            var auto = options.Points.Where(p => !p.Manual && answers[p.Id].Found).ToArray();
            if (auto.Length > 0)
            {
                sandbox.Start();
            }

            var cases = Task.Run(() => auto.AsParallel().ForAll(p => HiddenCases.For(p.Id)));
            var compiled = auto.AsParallel().WithDegreeOfParallelism(Environment.ProcessorCount)
                .Select(p => AnswerCompiler.Compile(GradedItem.Find(p.Id)!, answers[p.Id].Code!, Path.Combine(scratch, "answers"), usings))
                .ToDictionary(c => c.Item);
            cases.Wait();
            var items = options.Points.Select(p => p.Manual
                ? GradeManual(p, answers[p.Id])
                : GradeAuto(p, answers[p.Id], compiled.GetValueOrDefault(p.Id), sandbox)).ToArray();
            return new SubmissionResult(name, items, problems);
        }
        finally
        {
            TryDelete(scratch);
        }
    }

    private static ItemResult GradeManual(ItemPoints points, ExtractedAnswer answer) =>
        new(points.Id, "written answer", 0, points.Points, Manual: true,
            answer.Found ? $"Graded by hand ({points.Points:0.##} points). Your answer was found in {answer.Location}." : $"Graded by hand ({points.Points:0.##} points). {answer.Problem}");

    private static ItemResult GradeAuto(ItemPoints points, ExtractedAnswer answer, CompiledAnswer? compiled, SandboxProcess sandbox)
    {
        var check = CheckItems.Find(points.Id);
        ItemResult Zero(string output, string? mistake = null) => new(points.Id, check.Title, 0, points.Points, false, output, mistake);
        if (!answer.Found || compiled is null)
        {
            return Zero(answer.Problem ?? "No answer was found.");
        }

        if (!compiled.Succeeded)
        {
            return Zero($"Your answer ({answer.Location}) {compiled.Problem}");
        }

        var cases = HiddenCases.For(points.Id);
        var request = new SandboxRequest(points.Id, compiled.AssemblyPath!, cases.Select(c => c.Inputs.Select(WireValue.From).ToArray()).ToArray());
        var outcome = sandbox.Run(request);
        if (outcome.Outputs is null)
        {
            return Zero($"Your answer ({answer.Location}) {outcome.Problem}. Other items were graded normally.");
        }

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

        var mistake = MistakeDiagnosis.Diagnose(points.Id, cases, outputs, outcome.Outputs.Select(o => o.Problem).ToArray());
        var text = new StringBuilder();
        if (mistake is not null)
        {
            text.AppendLine($"Likely mistake: {mistake.Name}. {mistake.Explanation}");
        }

        text.Append(Describe(verdict, cases.Count));
        return Zero(text.ToString(), mistake?.Name);
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

    private static IEnumerable<string> UsingLines(string source) =>
        source.Split('\n').Select(l => l.Trim())
            .Where(l => l.StartsWith("using ", StringComparison.Ordinal) && l.EndsWith(';') && !l.Contains('=') && !l.Contains('(') && !l.StartsWith("using static", StringComparison.Ordinal))
            .Select(l => l["using ".Length..^1].Trim());

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
