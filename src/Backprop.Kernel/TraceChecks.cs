namespace Backprop.Kernel;

/// <summary>Checks that a trace handed to Backward came from a model of the same N and M.</summary>
internal static class TraceChecks
{
    public static void Matches(RnnTrace trace, int N, int M)
    {
        if (trace.Hs.Count != trace.T + 1 || trace.Xs.Count != trace.T + 1 || trace.Gs.Count != trace.T + 1)
        {
            throw new ArgumentException(
                $"trace must hold T+1 = {trace.T + 1} entries in Xs, Gs and Hs but holds {trace.Xs.Count}, {trace.Gs.Count} and {trace.Hs.Count}. Pass the trace that Forward returned.", nameof(trace));
        }

        Guard.Length(trace.Hs[0], "trace.Hs[0]", "M", M);
        Guard.Length(trace.P, "trace.P", "N", N);
    }
}
