using System.Collections.Concurrent;
using Backprop.Grading.Answers;
using Backprop.Grading.Compilation;
using Backprop.Grading.Isolation;
using Backprop.Grading.Sandbox;
using Backprop.Kernel;
using Backprop.Kernel.Checking;

namespace Backprop.Grading.Scoring;

/// <summary>
/// The compile and run stages of one submission, overlapped: a confined compile child compiles the answers one after
/// another while a confined run child runs each as soon as it is compiled (<see cref="FaultRule.ChargeSharedChild"/> decides
/// who is charged for a crash), and every outcome is judged exactly once, by the judge the grader hands in.
/// </summary>
internal sealed class AnswerRun
{
    private readonly ConcurrentDictionary<string, CompiledAnswer> _compiled = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<SandboxOutcome, ItemResult> _judged = new(ReferenceEqualityComparer.Instance);
    private readonly List<string> _layers;

    private AnswerRun(IEnumerable<string> layers) => _layers = [.. layers];

    /// <summary>What the compile child said about each answer it was given.</summary>
    public IReadOnlyDictionary<string, CompiledAnswer> Compiled => _compiled;

    /// <summary>The verdict on each item that ran, on its final outcome.</summary>
    public IReadOnlyDictionary<string, ItemResult> Results { get; private set; } = new Dictionary<string, ItemResult>();

    /// <summary>The isolation layers in force (the plan's, then each child's own).</summary>
    public IReadOnlyList<string> Layers => _layers;

    /// <summary>Compiles and runs <paramref name="rows"/>' answers and judges their outcomes.</summary>
    /// <param name="sandbox">Limits and layers.</param>
    /// <param name="rows">The items to grade, each with an answer found.</param>
    /// <param name="answers">The submission's answers by item id (used items included).</param>
    /// <param name="usings">Namespaces the submission opens.</param>
    /// <param name="judge">The verdict on an item's outcome.</param>
    public static AnswerRun Run(SandboxOptions sandbox, IReadOnlyList<CheckItem> rows, IReadOnlyDictionary<string, ExtractedAnswer> answers, IReadOnlyList<string> usings,
        Func<CheckItem, SandboxOutcome, ItemResult> judge)
    {
        var run = new AnswerRun(IsolationPlan.For(sandbox).Layers);
        if (rows.Count == 0)
        {
            return run;
        }

        var toRun = new BlockingCollection<(SandboxRequest Request, TimeSpan Budget)>();
        var compiler = CompileChild.Rent(sandbox);
        try
        {
            var shared = new SandboxProcess(sandbox);
            var compiling = run.StartCompiling(compiler, sandbox, rows, answers, usings, toRun);
            IReadOnlyDictionary<string, SandboxOutcome> outcomes;
            try
            {
                if (shared.WaitReady() is null)
                {
                    run.AddLayers("run child: ", shared.Layers);
                }

                var byId = rows.ToDictionary(r => r.Id);
                outcomes = ItemRunner.RunAll(sandbox, toRun.GetConsumingEnumerable(), (r, o) => run.Judge(judge, byId[r.Item], o).Passed, shared);
            }
            finally
            {
                compiling.Join(); // the queue is unbounded, so the compile thread always finishes
            }

            run.Finish(compiling, compiler, outcomes, rows, judge);
            return run;
        }
        finally
        {
            CompileChild.Return(compiler);
        }
    }

    private CompileThread StartCompiling(CompileChild compiler, SandboxOptions sandbox, IReadOnlyList<CheckItem> rows, IReadOnlyDictionary<string, ExtractedAnswer> answers,
        IReadOnlyList<string> usings, BlockingCollection<(SandboxRequest, TimeSpan)> toRun)
    {
        var cells = rows.Select(row => (row, answers[row.Id].Code!,
            (IReadOnlyList<UsedCell>)row.UsedItems.Where(u => answers[u.Id].Found).Select(u => new UsedCell(u.Id, answers[u.Id].Code!)).ToArray())).ToArray();
        return new CompileThread(() => AnswerCompiler.CompileAll(compiler, cells, usings, sandbox.ItemTimeout, (row, result) =>
        {
            var answer = FaultRule.WithMissingUsedCells(row, answers, result);
            _compiled[row.Id] = answer;
            if (answer.Succeeded)
            {
                // Compiling had its own limit of the same length, so a slow compile on a loaded machine never eats the run's.
                toRun.Add((new SandboxRequest(row.Id, answer.Image!, HiddenCases.For(row.Id).Select(h => h.Inputs.Select(WireValue.From).ToArray()).ToArray()), sandbox.ItemTimeout));
            }
        }), toRun);
    }

    private ItemResult Judge(Func<CheckItem, SandboxOutcome, ItemResult> judge, CheckItem row, SandboxOutcome outcome) =>
        _judged.GetOrAdd(outcome, o => judge(row, o));

    private void Finish(CompileThread compiling, CompileChild compiler, IReadOnlyDictionary<string, SandboxOutcome> outcomes, IReadOnlyList<CheckItem> rows,
        Func<CheckItem, SandboxOutcome, ItemResult> judge)
    {
        // An answer remembered from an earlier submission was compiled by an earlier child: its layers count too.
        AddLayers("compile child: ", compiler.Layers.Concat(_compiled.Values.SelectMany(a => a.Layers)));
        if (compiling.Failure is not null)
        {
            throw new InvalidOperationException("compiling the answers failed inside the grader", compiling.Failure);
        }

        Results = rows.Where(r => outcomes.ContainsKey(r.Id)).ToDictionary(r => r.Id, r => Judge(judge, r, outcomes[r.Id]));
    }

    // Each layer once, prefixed with the child it was around.
    private void AddLayers(string prefix, IEnumerable<string> layers) =>
        _layers.AddRange(layers.Select(l => prefix + l).Distinct(StringComparer.Ordinal).Where(l => !_layers.Contains(l)).ToArray());

    /// <summary>The compile stage's thread: runs the compiles, then closes the run queue whatever happens.</summary>
    private sealed class CompileThread
    {
        private readonly Thread _thread;

        public CompileThread(Action compile, BlockingCollection<(SandboxRequest, TimeSpan)> toRun)
        {
            _thread = new Thread(() =>
            {
                try
                {
                    compile();
                }
                catch (Exception e)
                {
                    Failure = e;
                }
                finally
                {
                    toRun.CompleteAdding();
                }
            }) { IsBackground = true, Name = "compile answers" };
            _thread.Start();
        }

        public Exception? Failure { get; private set; }

        public void Join() => _thread.Join();
    }
}
