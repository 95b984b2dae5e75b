namespace Backprop.Kernel;

/// <summary>How an answer did on one case.</summary>
/// <param name="Description">The case, e.g. "N=8 M=4 T=3, t=2".</param>
/// <param name="RelativeError">the largest entry error of the <see cref="Checking.PassRule"/> (∞ if it could not be compared).</param>
/// <param name="Problem">What went wrong, in words, or null when the answer matched.</param>
public sealed record CheckCaseResult(string Description, double RelativeError, string? Problem)
{
    /// <summary>True when the answer matched central differences on this case.</summary>
    public bool Passed => Problem is null;
}
