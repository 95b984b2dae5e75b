using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Random;

namespace Backprop.Kernel;

/// <summary>
/// Problem 3's measurements, target-free and over many seeds. A seeded <see cref="RecurrentModel"/> (N words, M units,
/// We ~ N(0, InputScale²), Wu ~ N(0, 1/M)) reads T random words. Backwards, a one-step map — a student's — is applied
/// to every column of the identity, which builds (∂h_T/∂h_t)ᵀ for every t: its largest singular value
/// ‖∂h_T/∂h_t‖₂ says how much any gradient arriving at h_T can grow or shrink on the way back to h_t, whatever the target.
/// Every gradient here comes from the boxes passed in (a student's): the one-step map, the chain, ∂J/∂g_t and ∂J/∂Wr.
/// </summary>
public static class JacobianProbe
{
    /// <summary>One run with recurrent weights Wr = ρ·Q, Q the seeded random orthogonal matrix of <see cref="Weights.ScaledOrthogonal"/>.</summary>
    /// <param name="blend">The recurrence.</param>
    /// <param name="spectralRadius">ρ ≥ 0.</param>
    /// <param name="T">Sequence length, 2..2000.</param>
    /// <param name="seed">Seed of the weights, the words and the target.</param>
    /// <param name="step">The one-step map (Wr, g_t, ∂J/∂h_t) ↦ ∂J/∂h_{t−1} of <paramref name="blend"/>.</param>
    /// <param name="chain">The chain (one-step map, Wr, gs, ∂J/∂h_T) ↦ ∂J/∂h_0 … ∂J/∂h_T (e.g. a student's).</param>
    /// <param name="setup">Sizes and input scale; null for <see cref="GradientNormSetup.Default"/>.</param>
    /// <param name="detail">How much of ∂h_T/∂h_t to build: every step, only ∂h_T/∂h_1, or none (the ratio of gradient norms only; M times faster).</param>
    /// <param name="dJ_dg">The recurrence's (g_t, ∂J/∂h_t) ↦ ∂J/∂g_t (e.g. a student's), for ‖∂J/∂g_t‖; null leaves it NaN.</param>
    /// <param name="dJ_dWr">The recurrence's (gs, hs, ∂J/∂hs) ↦ ∂J/∂Wr (e.g. a student's), for how much it changes when each step is added; null leaves it NaN.</param>
    public static JacobianSeries Run(Recurrence blend, double spectralRadius, int T, int seed, OneStepBackward step, ChainBackward chain, GradientNormSetup? setup = null, JacobianDetail detail = JacobianDetail.EveryStep, PreActivationBackward? dJ_dg = null, WeightGradient? dJ_dWr = null)
    {
        var resolved = setup ?? GradientNormSetup.Default;
        return Run(blend, Weights.ScaledOrthogonal(resolved.M, spectralRadius, seed + 1), T, seed, step, chain, resolved, detail, dJ_dg, dJ_dWr);
    }

    /// <summary>One run with the given recurrent weights (e.g. −I, or a non-normal matrix).</summary>
    /// <param name="blend">The recurrence.</param>
    /// <param name="Wr">Recurrent weights, shape (M×M) with M = setup.M.</param>
    /// <param name="T">Sequence length, 2..2000.</param>
    /// <param name="seed">Seed of We, Wu, the words and the target.</param>
    /// <param name="step">The one-step map of <paramref name="blend"/>.</param>
    /// <param name="chain">The chain that applies it from ∂J/∂h_T back to ∂J/∂h_0.</param>
    /// <param name="setup">Sizes and input scale; null for the default.</param>
    /// <param name="detail">How much of ∂h_T/∂h_t to build.</param>
    /// <param name="dJ_dg">The recurrence's ∂J/∂g_t box, for ‖∂J/∂g_t‖; null leaves it NaN.</param>
    /// <param name="dJ_dWr">The recurrence's ∂J/∂Wr box, for how much it changes when each step is added; null leaves it NaN.</param>
    public static JacobianSeries Run(Recurrence blend, Matrix<double> Wr, int T, int seed, OneStepBackward step, ChainBackward chain, GradientNormSetup? setup = null, JacobianDetail detail = JacobianDetail.EveryStep, PreActivationBackward? dJ_dg = null, WeightGradient? dJ_dWr = null)
    {
        ArgumentNullException.ThrowIfNull(blend);
        ArgumentNullException.ThrowIfNull(Wr);
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(chain);
        var s = setup ?? GradientNormSetup.Default;
        CheckLength(T);
        var (model, words, target, trace) = Setup(blend, Wr, T, seed, s);
        var (stateNorms, slopes, squaredSlopes) = Regime(trace);

        // ∂J/∂h_T from central differences of the output layer (no graded box needed), then the chain passed in.
        var hT = trace.Hs[T].Clone();
        var dhs = chain(step, Wr, trace.Gs, GradCheck.Numeric(hT, () => model.ObjectiveFrom(T, hT, words, target)));
        var dgNorms = Enumerable.Repeat(double.NaN, T + 1).ToArray();
        var changeNorms = Enumerable.Repeat(double.NaN, T + 1).ToArray();
        var changes = dJ_dWr is null ? null : StepChangeNorms(dJ_dWr, trace.Gs, trace.Hs, dhs);
        for (int t = 1; t <= T; t++)
        {
            dgNorms[t] = dJ_dg is null ? double.NaN : dJ_dg(trace.Gs[t], dhs[t]).L2Norm();
            changeNorms[t] = changes is null ? double.NaN : changes[t - 1];
        }

        // G_t = (∂h_T/∂h_t)ᵀ, column by column through `step`; rescaled each step (log kept) so 10^±300 never under/overflows.
        var gains = Enumerable.Repeat(double.NaN, T + 1).ToArray();
        if (detail == JacobianDetail.None)
        {
            return new JacobianSeries(blend.Name, stateNorms, slopes, squaredSlopes, gains, [], dhs.Select(d => d.L2Norm()).ToArray(), dgNorms, changeNorms);
        }

        var G = Matrix<double>.Build.DenseIdentity(s.M);
        double log10Scale = 0;
        gains[T] = 0;
        for (int t = T; t >= 2; t--) // down to (∂h_T/∂h_1)ᵀ; h_0 = 0 is fixed, not a state to learn from
        {
            var next = Matrix<double>.Build.Dense(s.M, s.M);
            for (int k = 0; k < s.M; k++)
            {
                next.SetColumn(k, step(Wr, trace.Gs[t], G.Column(k)));
            }

            double size = next.FrobeniusNorm();
            if (!double.IsFinite(size))
            {
                throw new InvalidOperationException($"The one-step map returned a non-finite vector at t = {t}.");
            }

            if (size == 0)
            {
                G = next;
                log10Scale = double.NegativeInfinity;
            }
            else
            {
                G = next / size;
                log10Scale += Math.Log10(size);
            }

            if (detail == JacobianDetail.EveryStep)
            {
                gains[t - 1] = log10Scale + Math.Log10(G.L2Norm());
            }
        }

        var singular = G.Svd(computeVectors: false).S.Select(v => log10Scale + Math.Log10(v)).ToArray();
        gains[1] = singular[0];
        return new JacobianSeries(blend.Name, stateNorms, slopes, squaredSlopes, gains, singular, dhs.Select(d => d.L2Norm()).ToArray(), dgNorms, changeNorms);
    }

    /// <summary>
    /// The forward regime of the run <see cref="Run(Recurrence, double, int, int, OneStepBackward, ChainBackward, GradientNormSetup?, JacobianDetail, PreActivationBackward?, WeightGradient?)"/>
    /// makes for the same recurrence, ρ, T, seed and setup: the same model and words, forward passes only, no box needed.
    /// </summary>
    /// <param name="blend">The recurrence.</param>
    /// <param name="spectralRadius">ρ ≥ 0 of Wr = ρ·Q.</param>
    /// <param name="T">Sequence length, 2..2000.</param>
    /// <param name="seed">Seed of the weights, the words and the target.</param>
    /// <param name="setup">Sizes and input scale; null for <see cref="GradientNormSetup.Default"/>.</param>
    public static ForwardSeries Forward(Recurrence blend, double spectralRadius, int T, int seed, GradientNormSetup? setup = null)
    {
        ArgumentNullException.ThrowIfNull(blend);
        var s = setup ?? GradientNormSetup.Default;
        CheckLength(T);
        var (_, _, _, trace) = Setup(blend, Weights.ScaledOrthogonal(s.M, spectralRadius, seed + 1), T, seed, s);
        var (stateNorms, slopes, squaredSlopes) = Regime(trace);
        return new ForwardSeries(blend.Name, stateNorms, slopes, squaredSlopes);
    }

    /// <summary>The forward regime of one run per seed, all else equal (see <see cref="Forward(Recurrence, double, int, int, GradientNormSetup?)"/>).</summary>
    /// <param name="blend">The recurrence.</param>
    /// <param name="spectralRadius">ρ ≥ 0.</param>
    /// <param name="T">Sequence length.</param>
    /// <param name="seeds">The seeds, e.g. 1..10.</param>
    /// <param name="setup">Sizes and input scale; null for the default.</param>
    public static ForwardSeries[] ForwardSeeds(Recurrence blend, double spectralRadius, int T, IEnumerable<int> seeds, GradientNormSetup? setup = null) =>
        seeds.Select(seed => Forward(blend, spectralRadius, T, seed, setup)).ToArray();

    /// <summary>
    /// How much the box's ∂J/∂Wr changes when step t is added, as a Frobenius norm, for steps 1..T at indexes 0..T−1: the
    /// box over the steps up to t minus the box over the steps up to t − 1 (every list cut after index t, then after
    /// t − 1). The box is only ever called on a whole prefix of the trace, so nothing here says which of a step's
    /// quantities the box reads.
    /// </summary>
    /// <param name="dJ_dWr">The ∂J/∂Wr box (e.g. a student's).</param>
    /// <param name="gs">g_0 … g_T.</param>
    /// <param name="hs">h_0 … h_T.</param>
    /// <param name="dJ_dhs">∂J/∂h_0 … ∂J/∂h_T of the whole sequence.</param>
    /// <returns>‖box(steps 0..t) − box(steps 0..t−1)‖_F at index t − 1.</returns>
    internal static double[] StepChangeNorms(WeightGradient dJ_dWr, IReadOnlyList<Vector<double>> gs, IReadOnlyList<Vector<double>> hs, IReadOnlyList<Vector<double>> dJ_dhs)
    {
        int T = gs.Count - 1;
        var norms = new double[T];
        var previous = Prefix(0);
        for (int t = 1; t <= T; t++)
        {
            var upToT = Prefix(t);
            norms[t - 1] = (upToT - previous).FrobeniusNorm();
            previous = upToT;
        }

        return norms;

        Matrix<double> Prefix(int last) => dJ_dWr(gs.Take(last + 1).ToArray(), hs.Take(last + 1).ToArray(), dJ_dhs.Take(last + 1).ToArray());
    }

    /// <summary>One run per seed, all else equal.</summary>
    /// <param name="blend">The recurrence.</param>
    /// <param name="spectralRadius">ρ ≥ 0.</param>
    /// <param name="T">Sequence length.</param>
    /// <param name="seeds">The seeds, e.g. 1..10.</param>
    /// <param name="step">The one-step map of <paramref name="blend"/>.</param>
    /// <param name="chain">The chain that applies it from ∂J/∂h_T back to ∂J/∂h_0.</param>
    /// <param name="setup">Sizes and input scale; null for the default.</param>
    /// <param name="detail">How much of ∂h_T/∂h_t to build.</param>
    /// <param name="dJ_dg">The recurrence's ∂J/∂g_t box, for ‖∂J/∂g_t‖; null leaves it NaN.</param>
    /// <param name="dJ_dWr">The recurrence's ∂J/∂Wr box, for how much it changes when each step is added; null leaves it NaN.</param>
    public static JacobianSeries[] Seeds(Recurrence blend, double spectralRadius, int T, IEnumerable<int> seeds, OneStepBackward step, ChainBackward chain, GradientNormSetup? setup = null, JacobianDetail detail = JacobianDetail.EveryStep, PreActivationBackward? dJ_dg = null, WeightGradient? dJ_dWr = null) =>
        seeds.Select(seed => Run(blend, spectralRadius, T, seed, step, chain, setup, detail, dJ_dg, dJ_dWr)).ToArray();

    /// <summary>
    /// The per-step rate (1/(T − 1))·log₁₀(‖∂J/∂h_1‖ / ‖∂J/∂h_T‖) at every ρ of <paramref name="radii"/>, as a median
    /// and interquartile band over <paramref name="seeds"/>. Each seed draws its orthogonal Q once and scales it by every ρ.
    /// </summary>
    /// <param name="blend">The recurrence.</param>
    /// <param name="radii">The spectral radii ρ of Wr = ρ·Q.</param>
    /// <param name="T">Sequence length, 2..2000.</param>
    /// <param name="seeds">The seeds.</param>
    /// <param name="step">The one-step map of <paramref name="blend"/>.</param>
    /// <param name="chain">The chain that applies it from ∂J/∂h_T back to ∂J/∂h_0.</param>
    /// <param name="setup">Sizes and input scale; null for the default.</param>
    public static SeedBand Rates(Recurrence blend, IReadOnlyList<double> radii, int T, IEnumerable<int> seeds, OneStepBackward step, ChainBackward chain, GradientNormSetup? setup = null)
    {
        ArgumentNullException.ThrowIfNull(radii);
        ArgumentNullException.ThrowIfNull(seeds);
        var s = setup ?? GradientNormSetup.Default;
        return SeedBand.Of(seeds.Select(seed =>
        {
            var Q = Weights.ScaledOrthogonal(s.M, 1.0, seed + 1); // the same Q as Run(blend, ρ, …) scales
            return (IReadOnlyList<double>)radii.Select(rho => Run(blend, Q * rho, T, seed, step, chain, s, JacobianDetail.None).GradientRatePerStep).ToArray();
        }));
    }

    private static void CheckLength(int T)
    {
        if (T < 2 || T > 2000)
        {
            throw new ArgumentOutOfRangeException(nameof(T), T, "T must be between 2 and 2000 steps.");
        }
    }

    /// <summary>The seeded model of a run (We ~ N(0, InputScale²), Wu ~ N(0, 1/M)), its T random words and target, and its forward trace.</summary>
    private static (RecurrentModel Model, int[] Words, int Target, RnnTrace Trace) Setup(Recurrence blend, Matrix<double> Wr, int T, int seed, GradientNormSetup s)
    {
        Guard.Shape(Wr, nameof(Wr), $"M×M with M = {s.M} (the setup's M)", s.M, s.M);
        var model = new RecurrentModel(Weights.Gaussian(s.M, s.N, s.InputScale, seed), Wr, Weights.Gaussian(s.N, s.M, 1.0 / Math.Sqrt(s.M), seed + 2), blend);
        var random = new MersenneTwister(seed + 3, threadSafe: false);
        var words = Enumerable.Range(0, T).Select(_ => random.Next(s.N)).ToArray();
        int target = random.Next(s.N);
        return (model, words, target, model.Forward(words, target));
    }

    /// <summary>‖h_t‖, and the mean over units of the slope of tanh at g_t and of its square, for t = 0..T (index 0 of the slopes NaN).</summary>
    private static (double[] StateNorms, double[] Slopes, double[] SquaredSlopes) Regime(RnnTrace trace)
    {
        int T = trace.Hs.Count - 1;
        var stateNorms = trace.Hs.Select(h => h.L2Norm()).ToArray();
        var slopes = new double[T + 1];
        var squaredSlopes = new double[T + 1];
        slopes[0] = squaredSlopes[0] = double.NaN;
        for (int t = 1; t <= T; t++)
        {
            var d = trace.Gs[t].Select(g => (Math.Tanh(g + 1e-5) - Math.Tanh(g - 1e-5)) / 2e-5).ToArray(); // the slope of tanh at g_t, by central differences
            slopes[t] = d.Average();
            squaredSlopes[t] = d.Average(v => v * v);
        }

        return (stateNorms, slopes, squaredSlopes);
    }
}
