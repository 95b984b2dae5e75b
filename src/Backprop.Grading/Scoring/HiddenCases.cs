using System.Collections.Concurrent;
using Backprop.Kernel;
using Backprop.Kernel.Checking;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Random;

namespace Backprop.Grading.Scoring;

/// <summary>
/// The cases the grader uses: the same <see cref="CheckItems"/> builders (through the instructor's <see cref="ItemKeys"/>)
/// and <see cref="CheckEngine"/> comparison as the self-checks, on secret seeds that draw their own sizes (N, M, T,
/// words, target, step); and, for the items a numerical substitute can imitate, harder cases where only the closed form
/// meets the same pass rule (docs/instructors.md, "The formula, not a numerical substitute"). Built once per process.
/// </summary>
public static class HiddenCases
{
    /// <summary>The secret seeds. They live only in the grader, which students never receive.</summary>
    public static IReadOnlyList<CheckCaseSpec> Specs { get; } = [new(90417), new(271828), new(314159), new(577215)];

    /// <summary>The Richardson step the hard cases' expected values scale down from: ε = 1e-3 over the largest weight.</summary>
    private const double Step = 1e-3;

    private static readonly ConcurrentDictionary<string, IReadOnlyList<CheckCase>> Built = new();

    /// <summary>The hidden cases of one item, with their expected values from central differences.</summary>
    /// <param name="item">The item id.</param>
    public static IReadOnlyList<CheckCase> For(string item) =>
        Built.GetOrAdd(item, id => Specs.Select(ItemKeys.For(id).Build).Concat(Hard(id)).ToArray());

    /// <summary>
    /// The harder cases of an item: scores near |s| = 1e4, where the target's probability underflows to 0 (p alone no
    /// longer tells s, so log p is −∞); and one-step maps through weights of size 100 in ill-conditioned directions, where a
    /// central difference of fixed step moves g_t by a tenth per step.
    /// </summary>
    private static IEnumerable<CheckCase> Hard(string id) => id switch
    {
        "p1.dJ_ds" => [HugeScores(id, 90417)],
        "p2.dJ_dhPrev" => [SteepStep(id, 271828, residual: false)],
        "p3.dJ_dhPrev_residual" => [SteepStep(id, 314159, residual: true)],
        _ => [],
    };

    /// <summary>
    /// y and p = softmax(s) for scores s of size up to 1e4 with the target's far below the best: p_y is exactly 0 and
    /// the best word's p exactly 1. Expected: central differences of J(s) = log softmax(s)_y in s, which stay accurate
    /// (J ≈ −2·10⁴ carries 12 digits past the point).
    /// </summary>
    private static CheckCase HugeScores(string id, int seed)
    {
        var random = new MersenneTwister(seed, threadSafe: false);
        int N = 7, target = 2, best = 5;
        var s = Vector<double>.Build.Dense(N, c => c == best ? 1e4 : c == target ? -9e3 : -1e4 + 8e3 * random.NextDouble());
        var y = Vector<double>.Build.Dense(N, c => c == target ? 1.0 : 0.0);
        var p = Softmax.Probabilities(s);
        var scores = s.Clone();
        var expected = Richardson(scores, () => Softmax.LogProbability(scores, target), Step);
        return new CheckCase(id, new CheckCaseSpec(seed), $"N={N}, |s| up to 1e4", [y, p], CheckValue.From(expected));
    }

    /// <summary>
    /// One step back through h_t = tanh(g_t) (+ h_{t−1} for the residual step) with Wr = 100·Q·diag(σ), σ from 1e-3 to 1
    /// (directions of very different sizes), g_t of moderate size, and ∂J/∂h_t = u given. Expected: central differences
    /// of u · h_t as a function of h_{t−1}, with a step scaled to the weights (ε = 1e-3 / max |Wr_ij|).
    /// </summary>
    private static CheckCase SteepStep(string id, int seed, bool residual)
    {
        var random = new MersenneTwister(seed, threadSafe: false);
        const int M = 5;
        var q = Weights.ScaledOrthogonal(M, 1.0, seed);
        var Wr = 100.0 * q * Matrix<double>.Build.DenseOfDiagonalArray(Enumerable.Range(0, M).Select(i => Math.Pow(10, -3.0 * i / (M - 1))).ToArray());
        var g = Vector<double>.Build.Dense(M, _ => 3.0 * random.NextDouble() - 1.5);
        var u = Vector<double>.Build.Dense(M, _ => 2.0 * random.NextDouble() - 1.0);
        var hPrev = Vector<double>.Build.Dense(M, _ => 0.02 * random.NextDouble() - 0.01);
        var x = hPrev.Clone();
        double Objective()
        {
            var next = (g + Wr * (x - hPrev)).PointwiseTanh();
            return u.DotProduct(residual ? next + x : next);
        }

        var expected = Richardson(x, Objective, Step / Wr.Enumerate().Max(Math.Abs));
        object gOrH = residual ? g : g.PointwiseTanh();
        return new CheckCase(id, new CheckCaseSpec(seed), $"M={M}, ‖Wr‖ = 100, σ from 1e-3", [Wr, gOrH, u], CheckValue.From(expected));
    }

    /// <summary>(4·n(ε/2) − n(ε)) / 3, n the central difference of <paramref name="objective"/> in <paramref name="variable"/>.</summary>
    private static Vector<double> Richardson(Vector<double> variable, Func<double> objective, double step) =>
        (4 * GradCheck.Numeric(variable, objective, step / 2) - GradCheck.Numeric(variable, objective, step)) / 3;
}
