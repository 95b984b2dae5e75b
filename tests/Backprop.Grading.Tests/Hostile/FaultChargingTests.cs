using Backprop.Grading.Isolation;
using Backprop.Grading.Sandbox;

namespace Backprop.Grading.Tests.Hostile;

/// <summary>
/// The fault rule for a shared run child (<see cref="Scoring.FaultRule.ChargeSharedChild"/>, followed by <see cref="ItemRunner"/>), end to end: whatever an item leaves behind (a background exception, a timer, a
/// finalizer, a heap full of static data, an exit, a hang) costs that item only; the items after it keep their points.
/// The answers are built past the gate, since thread pools and timers are exactly what an API gate can miss.
/// </summary>
public class FaultChargingTests
{
    private static readonly SandboxOptions Options = SandboxOptions.Default with { ItemTimeout = TimeSpan.FromSeconds(8) };

    /// <summary>Runs the guilty item first, then two correct ones that take a moment (so late faults land on them).</summary>
    private static IReadOnlyDictionary<string, SandboxOutcome> RunAfter(string guiltyBody, string guiltyMembers = "")
    {
        var requests = new[]
        {
            (PastTheGate.Request("a.guilty", PastTheGate.Build(guiltyBody, guiltyMembers)), Options.ItemTimeout),
            (PastTheGate.Request("b.innocent", PastTheGate.Build("System.Threading.Thread.Sleep(150); var big = new double[15_000_000]; big[1] = 1; " + PastTheGate.Correct)), Options.ItemTimeout),
            (PastTheGate.Request("c.innocent", PastTheGate.Build("System.Threading.Thread.Sleep(50); " + PastTheGate.Correct)), Options.ItemTimeout),
        };
        return ItemRunner.RunAll(Options, requests, (_, outcome) => PastTheGate.IsCorrect(outcome));
    }

    private static void InnocentsPass(IReadOnlyDictionary<string, SandboxOutcome> outcomes)
    {
        Assert.True(PastTheGate.IsCorrect(outcomes["b.innocent"]), outcomes["b.innocent"].Problem ?? outcomes["b.innocent"].Outputs?[0].Problem);
        Assert.True(PastTheGate.IsCorrect(outcomes["c.innocent"]), outcomes["c.innocent"].Problem ?? outcomes["c.innocent"].Outputs?[0].Problem);
    }

    [Fact]
    public void A_thread_pool_callback_that_throws_20_ms_after_its_item_returned_costs_that_item_only()
    {
        var outcomes = RunAfter("System.Threading.ThreadPool.QueueUserWorkItem(_ => { System.Threading.Thread.Sleep(20); throw new InvalidOperationException(\"late\"); }); " + PastTheGate.Correct);
        InnocentsPass(outcomes);
        Assert.Null(outcomes["a.guilty"].Outputs);
        Assert.Contains("returned, but then", outcomes["a.guilty"].Problem);
    }

    [Fact]
    public void A_timer_that_throws_after_its_item_returned_costs_that_item_only()
    {
        var outcomes = RunAfter("Keep = new System.Threading.Timer(_ => throw new InvalidOperationException(\"tick\"), null, 20, 1000); " + PastTheGate.Correct,
            "static System.Threading.Timer Keep;");
        InnocentsPass(outcomes);
        Assert.Null(outcomes["a.guilty"].Outputs);
    }

    [Fact]
    public void A_finalizer_that_throws_costs_its_own_item_only()
    {
        var outcomes = RunAfter("for (int i = 0; i < 10; i++) _ = new Bomb(); " + PastTheGate.Correct,
            "class Bomb { ~Bomb() { throw new InvalidOperationException(\"finalizer\"); } }");
        InnocentsPass(outcomes);
        Assert.Null(outcomes["a.guilty"].Outputs);
    }

    [Fact]
    public void An_item_that_fills_a_static_list_to_the_heap_limit_does_not_make_a_later_item_run_out_of_memory()
    {
        var outcomes = RunAfter("try { while (true) Hog.Add(new byte[8 * 1024 * 1024]); } catch (OutOfMemoryException) { } " + PastTheGate.Correct,
            "static readonly List<byte[]> Hog = new();");
        InnocentsPass(outcomes);
    }

    [Fact]
    public void An_exit_and_a_hang_cost_their_own_items_only()
    {
        var exit = RunAfter("Environment.Exit(3); return null;");
        InnocentsPass(exit);
        Assert.Contains("exit code 3", exit["a.guilty"].Problem);

        var requests = new[]
        {
            (PastTheGate.Request("a.fine", PastTheGate.Build(PastTheGate.Correct)), Options.ItemTimeout),
            (PastTheGate.Request("b.hang", PastTheGate.Build("while (true) { }")), TimeSpan.FromSeconds(2)),
            (PastTheGate.Request("c.fine", PastTheGate.Build(PastTheGate.Correct)), Options.ItemTimeout),
        };
        var hang = ItemRunner.RunAll(Options, requests, (_, o) => PastTheGate.IsCorrect(o));
        Assert.True(PastTheGate.IsCorrect(hang["a.fine"]));
        Assert.True(PastTheGate.IsCorrect(hang["c.fine"]));
        Assert.Contains("did not finish within 2 s", hang["b.hang"].Problem);
    }
}
