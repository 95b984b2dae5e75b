using Backprop.Grading.Sandbox;
using Backprop.Grading.Scoring;

namespace Backprop.Grading.Isolation;

/// <summary>
/// Runs one submission's items: in order in one shared run child, for speed, and again alone in a fresh child wherever
/// <see cref="FaultRule.ChargeSharedChild"/> (the rule of who is charged) says a shared result does not count.
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
        var again = new List<(SandboxRequest Request, TimeSpan Budget)>();
        var ranHere = new List<(SandboxRequest Request, TimeSpan Budget, SandboxOutcome Outcome, SharedReply Reply)>();

        // The child is done with (lost, or settled after the last request): charge what ran in it.
        void Charge(bool leftWorkCrashed)
        {
            var charges = FaultRule.ChargeSharedChild([.. ranHere.Select(r => r.Reply)], leftWorkCrashed);
            for (int i = 0; i < ranHere.Count; i++)
            {
                var (request, budget, outcome, _) = ranHere[i];
                if (charges[i] == SharedCharge.RunAlone)
                {
                    again.Add((request, budget));
                }
                else
                {
                    results[request.Item] = outcome;
                }
            }

            ranHere.Clear();
        }

        try
        {
            foreach (var (request, budget) in requests)
            {
                shared ??= new SandboxProcess(options);
                var outcome = shared.Run(request, budget);
                var reply = outcome.Outputs is null ? SharedReply.ChildLost : passes(request, outcome) ? SharedReply.Passed : SharedReply.Failed;
                ranHere.Add((request, budget, outcome, reply));
                if (reply == SharedReply.ChildLost)
                {
                    Charge(leftWorkCrashed: false);
                    shared.Dispose();
                    shared = null;
                }
            }

            if (shared is not null && ranHere.Count > 0)
            {
                Charge(leftWorkCrashed: shared.Settle() is not null);
            }
        }
        finally
        {
            shared?.Dispose();
        }

        foreach (var (request, budget) in again.DistinctBy(r => r.Request.Item))
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
