using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Random;

namespace Backprop.Kernel;

/// <summary>
/// Problem 3's experiment: how ‖∂J/∂h_t‖ changes as it travels back through T steps of the tanh
/// recurrence (3.1) and the residual recurrence (3.2). Returns plain data; the notebooks draw it.
/// </summary>
internal static class GradientNormExperiment
{
    /// <summary>One run: seeded weights and words, forward over T steps, then ‖∂J/∂h_t‖ for every t.</summary>
    /// <param name="recurrence">Tanh or residual.</param>
    /// <param name="T">Sequence length, 1 ≤ T ≤ 2000.</param>
    /// <param name="spectralRadius">ρ of Wr.</param>
    /// <param name="seed">Seed of the weights and the words.</param>
    /// <param name="setup">Sizes and input scale; null for <see cref="GradientNormSetup.Default"/>.</param>
    /// <param name="step">The one-step map to use, e.g. a student's answer; null for the library's box for <paramref name="recurrence"/>.</param>
    public static GradientNormSeries Run(Recurrence recurrence, int T, double spectralRadius, int seed, GradientNormSetup? setup = null, OneStepBackward? step = null)
    {
        var dhs = Backpropagate(recurrence, T, spectralRadius, seed, setup ?? GradientNormSetup.Default, step);
        return new GradientNormSeries(recurrence, spectralRadius, seed, dhs.Select(dh => dh.L2Norm()).ToArray());
    }

    /// <summary>log₁₀ ‖∂J/∂h_1‖, averaged over seeds, for every (ρ, T) on the grid.</summary>
    /// <param name="recurrence">Tanh or residual.</param>
    /// <param name="spectralRadii">Rows of the grid.</param>
    /// <param name="lengths">Columns of the grid, each T ≥ 1.</param>
    /// <param name="seeds">Seeds to average over.</param>
    /// <param name="setup">Sizes and input scale; null for the default.</param>
    /// <param name="step">The one-step map to use, e.g. a student's answer; null for the library's box for <paramref name="recurrence"/>.</param>
    public static GradientNormHeatmap Heatmap(
        Recurrence recurrence, IReadOnlyList<double> spectralRadii, IReadOnlyList<int> lengths, IReadOnlyList<int> seeds, GradientNormSetup? setup = null,
        OneStepBackward? step = null)
    {
        ArgumentNullException.ThrowIfNull(spectralRadii);
        ArgumentNullException.ThrowIfNull(lengths);
        if (seeds is null || seeds.Count == 0)
        {
            throw new ArgumentException("Give at least one seed to average over.", nameof(seeds));
        }

        var resolved = setup ?? GradientNormSetup.Default;
        var drawn = seeds.Distinct().ToDictionary(seed => seed, seed => SeededWeights.Draw(seed, resolved)); // once per seed, not per cell
        var grid = new double[spectralRadii.Count][];
        for (int row = 0; row < spectralRadii.Count; row++)
        {
            grid[row] = new double[lengths.Count];
            for (int column = 0; column < lengths.Count; column++)
            {
                grid[row][column] = seeds.Average(seed =>
                    Math.Log10(Backpropagate(recurrence, lengths[column], spectralRadii[row], seed, resolved, step, drawn[seed])[1].L2Norm()));
            }
        }

        return new GradientNormHeatmap(recurrence, spectralRadii.ToArray(), lengths.ToArray(), grid);
    }

    /// <summary>∂J/∂h_t for t = 0..T of a seeded model, through the Jacobian chain of problem 3.</summary>
    private static Vector<double>[] Backpropagate(
        Recurrence recurrence, int T, double spectralRadius, int seed, GradientNormSetup setup, OneStepBackward? step, SeededWeights? drawn = null)
    {
        if (T < 1 || T > 2000)
        {
            throw new ArgumentOutOfRangeException(nameof(T), T, "T must be between 1 and 2000 steps.");
        }

        if (!double.IsFinite(spectralRadius) || spectralRadius < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(spectralRadius), spectralRadius, "The spectral radius must be finite and ≥ 0.");
        }

        var weights = drawn ?? SeededWeights.Draw(seed, setup);
        var We = weights.We;
        var Wr = weights.Q * spectralRadius; // the same as Weights.ScaledOrthogonal(M, ρ, seed + 1)
        var Wu = weights.Wu;
        var random = new MersenneTwister(seed + 3, threadSafe: false);
        var words = Enumerable.Range(0, T).Select(_ => random.Next(setup.N)).ToArray();
        int target = random.Next(setup.N);
        RecurrentModel model = recurrence == Recurrence.Residual ? new RecurrentModel(We, Wr, Wu, Recurrence.Residual) : new RecurrentModel(We, Wr, Wu, Recurrence.Tanh);
        var trace = model.Forward(words, target);
        // ∂J/∂h_T by central differences of log softmax(Wu h_T)_y, so the experiment needs none of the graded boxes.
        var hT = trace.Hs[T].Clone();
        var dJ_dhT = GradCheck.Numeric(hT, () => model.ObjectiveFrom(T, hT, words, target));
        // No step given: the library's one-step box of the recurrence, chained by the library's chain box.
        var boxes = Boxes.P3.For(recurrence == Recurrence.Residual ? Recurrence.Residual : Recurrence.Tanh);
        return boxes.dJ_dhs(step ?? boxes.dJ_dhPrev, Wr, trace.Gs, dJ_dhT);
    }

    /// <summary>The weights of one seed: We, the orthogonal Q of Wr = ρ·Q, and Wu; a grid draws them once per seed.</summary>
    private sealed record SeededWeights(Matrix<double> We, Matrix<double> Q, Matrix<double> Wu)
    {
        public static SeededWeights Draw(int seed, GradientNormSetup setup) => new(
            Weights.Gaussian(setup.M, setup.N, setup.InputScale, seed),
            Weights.ScaledOrthogonal(setup.M, 1.0, seed + 1),
            Weights.Gaussian(setup.N, setup.M, 1.0 / Math.Sqrt(setup.M), seed + 2));
    }
}
