using Backprop.Grading.Sandbox;

namespace Backprop.Grading.Isolation;

/// <summary>
/// Runs one submission's items and charges every fault to the item that caused it. Rule: the items run in order in
/// one shared run child, for speed. Only an item that passes there keeps its shared result. An item that fails, and
/// every item that ran in a child that then crashed, hung, sent a bad reply or died while settling (background
/// threads, timers, finalizers), is run again alone in a fresh child, and that alone run's result is final. An item
/// that was already alone in its child when it failed is not run again. So a fault lands only on an item whose own
/// fresh child shows it; the others are graded as if the guilty item had never run.
/// </summary>
public static class ItemRunner
{
    /// <summary>Runs the requests; <paramref name="passes"/> is the grader's verdict on an outcome (the child never sees it).</summary>
    /// <param name="options">Limits and layers.</param>
    /// <param name="requests">One request per compiled item, with its wall-clock budget; taken as they come (the compile
    /// child may still be producing them).</param>
    /// <param name="passes">True when an item's outputs earn its points.</param>
    /// <param name="shared">A run child started ahead of time, or null; it is disposed here.</param>
    public static IReadOnlyDictionary<string, SandboxOutcome> RunAll(SandboxOptions options, IEnumerable<(SandboxRequest Request, TimeSpan Budget)> requests,
        Func<SandboxRequest, SandboxOutcome, bool> passes, SandboxProcess? shared = null)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(passes);
        var results = new Dictionary<string, SandboxOutcome>();
        var again = new List<(SandboxRequest, TimeSpan)>();
        var ranHere = new List<(SandboxRequest Request, TimeSpan Budget)>();
        try
        {
            foreach (var (request, budget) in requests)
            {
                if (shared is null)
                {
                    shared = new SandboxProcess(options);
                    ranHere.Clear();
                }

                var outcome = shared.Run(request, budget);
                ranHere.Add((request, budget));
                if (outcome.Outputs is null)
                {
                    // The child is gone. Alone already: the fault is this item's. Otherwise everyone here runs again.
                    if (ranHere.Count == 1)
                    {
                        results[request.Item] = outcome;
                    }
                    else
                    {
                        again.AddRange(ranHere);
                        ranHere.ForEach(r => results.Remove(r.Request.Item));
                    }

                    shared.Dispose();
                    shared = null;
                    ranHere.Clear();
                }
                else if (passes(request, outcome))
                {
                    results[request.Item] = outcome;
                }
                else
                {
                    again.Add((request, budget));
                }
            }

            if (shared is not null && ranHere.Count > 0 && shared.Settle() is not null)
            {
                // Something of an item that already returned blew up later: nobody here keeps a shared result.
                foreach (var (request, budget) in ranHere.Where(r => results.ContainsKey(r.Request.Item)))
                {
                    results.Remove(request.Item);
                    again.Add((request, budget));
                }
            }
        }
        finally
        {
            shared?.Dispose();
        }

        foreach (var (request, budget) in again.DistinctBy(r => r.Item1.Item))
        {
            results[request.Item] = RunAlone(options, request, budget);
        }

        return results;
    }

    /// <summary>One item in a fresh child, then a settle: a crash after it returned is its own.</summary>
    public static SandboxOutcome RunAlone(SandboxOptions options, SandboxRequest request, TimeSpan budget)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var child = new SandboxProcess(options);
        var outcome = child.Run(request, budget);
        if (outcome.Outputs is null)
        {
            return outcome;
        }

        return child.Settle() is { } later
            ? new SandboxOutcome(null, $"returned, but then {later} — work it left behind (a background thread, timer or finalizer) crashed the sandbox")
            : outcome;
    }
}
