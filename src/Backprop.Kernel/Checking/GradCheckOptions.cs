using Backprop.Kernel.Checking;

namespace Backprop.Kernel;

/// <summary>How a gradient check differentiates and what it accepts.</summary>
/// <param name="Step">Central-difference step ε: (J(θ+ε) − J(θ−ε)) / 2ε.</param>
/// <param name="Threshold">Largest error (<see cref="PassRule"/>) that passes; the pass rule's tolerance unless you experiment.</param>
/// <param name="Samples">Check only this many entries of each derivative, chosen with <paramref name="Seed"/>; null checks every entry.</param>
/// <param name="Seed">Seed that chooses the sampled entries.</param>
/// <param name="Extrapolate">
/// Combine the central differences at ε and ε/2 as (4·n(ε/2) − n(ε)) / 3 (Richardson), which cancels the ε² error term.
/// With ε = 1e-3 this lowers round-off (≈ 1e-16·|J| / ε) a hundredfold, for derivatives whose entries are tiny.
/// </param>
public sealed record GradCheckOptions(double Step = 1e-5, double Threshold = PassRule.Tolerance, int? Samples = null, int Seed = 0, bool Extrapolate = false)
{
    /// <summary>Every entry, ε = 1e-5, threshold 1e-7.</summary>
    public static GradCheckOptions Default { get; } = new();

    /// <summary>Richardson-extrapolated central differences with ε = 1e-3: accurate to ≈ 1e-12 absolute.</summary>
    public static GradCheckOptions Precise { get; } = new(Step: 1e-3, Extrapolate: true);

    internal void Validate()
    {
        if (!(Step > 0) || !double.IsFinite(Step))
        {
            throw new ArgumentOutOfRangeException(nameof(Step), Step, "Step must be a small positive number such as 1e-5.");
        }

        if (!(Threshold > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(Threshold), Threshold, "Threshold must be positive, such as 1e-7.");
        }

        if (Samples is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Samples), Samples, "Samples must be at least 1, or null to check every entry.");
        }
    }
}
