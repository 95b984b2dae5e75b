using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Random;

namespace Backprop.Kernel.Tests;

/// <summary>
/// JacobianProbe against a hand-computed product and against central differences, and the claims notebooks 03 and 04
/// make about what it measures, pinned with margins.
/// </summary>
public class JacobianProbeTests
{
    private static readonly int[] Seeds = Enumerable.Range(1, 10).ToArray();

    /// <summary>The model and words JacobianProbe.Run draws for a seed (the recipe in its documentation).</summary>
    private static (RecurrentModel Model, int[] Words) Rebuild(Recurrence blend, Matrix<double> Wr, int T, int seed, GradientNormSetup s)
    {
        var model = new RecurrentModel(Weights.Gaussian(s.M, s.N, s.InputScale, seed), Wr, Weights.Gaussian(s.N, s.M, 1.0 / Math.Sqrt(s.M), seed + 2), blend);
        var random = new MersenneTwister(seed + 3, threadSafe: false);
        return (model, Enumerable.Range(0, T).Select(_ => random.Next(s.N)).ToArray());
    }

    /// <summary>h_t = c·h_{t−1} + a·tanh(g_t), the forward step, written out here.</summary>
    private static Vector<double> Next(RecurrentModel model, Vector<double> hPrev, Vector<double> g) =>
        model.Recurrence.Carry * hPrev + model.Recurrence.Gain * g.PointwiseTanh();

    /// <summary>The forward regime alone: the model and words of the seed's run, its states and slopes of tanh from forward passes, with no box.</summary>
    [Fact]
    public void Forward_measures_the_same_states_and_slopes_as_the_run_of_that_seed_without_any_box()
    {
        var setup = new GradientNormSetup(N: 5, M: 3, InputScale: 0.7);
        var blend = Recurrence.Leaky(0.4);
        var forward = JacobianProbe.Forward(blend, 1.2, 6, 3, setup);
        var (model, words) = Rebuild(blend, Weights.ScaledOrthogonal(3, 1.2, 4), 6, 3, setup);
        var trace = model.Forward(words, 0);
        Assert.Equal(6, forward.T);
        Assert.Equal(blend.Name, forward.Name);
        Assert.True(double.IsNaN(forward.MeanTanhSlopes[0]));
        for (int t = 1; t <= 6; t++)
        {
            var h = Next(model, trace.Hs[t - 1], trace.Gs[t]);
            Assert.Equal(h.L2Norm(), forward.StateNorms[t], 12);
            double[] d = trace.Gs[t].Select(g => 1 - Math.Tanh(g) * Math.Tanh(g)).ToArray(); // tanh′ = 1 − tanh², written out
            Assert.Equal(d.Average(), forward.MeanTanhSlopes[t], 8);
            Assert.Equal(d.Average(v => v * v), forward.MeanSquaredTanhSlopes[t], 8);
        }

        var run = JacobianProbe.Run(blend, 1.2, 6, 3, Boxes.P3.For(blend).dJ_dhPrev, Boxes.P3.dJ_dhs, setup, JacobianDetail.None);
        Assert.Equal(run.StateNorms, forward.StateNorms);
        Assert.Equal(run.MeanTanhSlopes, forward.MeanTanhSlopes);
        Assert.Equal(JacobianProbe.ForwardSeeds(blend, 1.2, 6, [3, 5], setup).Select(f => f.StateNorms[6]), new[] { 3, 5 }.Select(seed => JacobianProbe.Forward(blend, 1.2, 6, seed, setup).StateNorms[6]));
        Assert.Throws<ArgumentOutOfRangeException>(() => JacobianProbe.Forward(blend, 1.0, 1, 3, setup));
    }

    /// <summary>
    /// The ∂J/∂Wr box is only ever called on whole prefixes of the trace (h_0 first), by the probe and by the trainer's
    /// probe, so the measurement does not show which of a step's quantities its term uses (the values are pinned by hand
    /// in the M = 1 test below and in LeakyAndTrainingTests).
    /// </summary>
    [Fact]
    public void The_weight_box_is_called_on_prefixes_of_the_trace_only()
    {
        var setup = new GradientNormSetup(N: 4, M: 2, InputScale: 0.8);
        var Wr = Weights.ScaledOrthogonal(2, 0.9, 7);
        var reference = Boxes.P3.For(Recurrence.Tanh).dJ_dWr;
        var (model, words) = Rebuild(Recurrence.Tanh, Wr, 6, 5, setup);
        var h0 = model.Forward(words, 0).Hs[0];
        var counts = new List<int>();
        WeightGradient spy = (gs, hs, dhs) =>
        {
            Assert.Equal(h0, hs[0]);
            Assert.True(gs.Count == hs.Count && hs.Count == dhs.Count, "the three lists have one length");
            counts.Add(hs.Count);
            return reference(gs, hs, dhs);
        };
        var run = JacobianProbe.Run(Recurrence.Tanh, Wr, 6, 5, Boxes.P3.dJ_dhPrev_tanh, Boxes.P3.dJ_dhs, setup, dJ_dWr: spy);
        Assert.Equal(Enumerable.Range(1, 7), counts);

        counts.Clear();
        Trainer.Probe(model, [new KeyExample(words, 0, 2)], Boxes.P3.For(Recurrence.Tanh) with { dJ_dWr = spy });
        Assert.Equal(new[] { 7 }.Concat(Enumerable.Range(1, 7)), counts); // the backward pass's own ∂J/∂Wr, then the prefixes
    }

    /// <summary>M = 1: ∂h_T/∂h_1 = Π_{t=2..T} (c + a·w·(1 − tanh² g_t)), a product of numbers written out here.</summary>
    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(1.0, 1.0)]
    [InlineData(0.7, 0.3)]
    public void A_scalar_chain_matches_the_product_written_out_by_hand(double carry, double gain)
    {
        var setup = new GradientNormSetup(N: 4, M: 1, InputScale: 0.8);
        var blend = new Recurrence("scalar", carry, gain);
        var Wr = Matrix<double>.Build.DenseOfArray(new[,] { { 0.9 } });
        OneStepBackward step = (W, g, dh) => carry * dh + gain * W.TransposeThisAndMultiply(g.Map(v => 1 - Math.Tanh(v) * Math.Tanh(v)).PointwiseMultiply(dh));
        var run = JacobianProbe.Run(blend, Wr, 8, 5, step, Boxes.P3.dJ_dhs, setup, dJ_dg: Boxes.P3.For(blend).dJ_dg, dJ_dWr: Boxes.P3.For(blend).dJ_dWr);
        var (model, words) = Rebuild(blend, Wr, 8, 5, setup);
        var trace = model.Forward(words, 0);
        double product = 1;
        for (int t = 2; t <= 8; t++)
        {
            double d = 1 - Math.Tanh(trace.Gs[t][0]) * Math.Tanh(trace.Gs[t][0]);
            product *= carry + gain * 0.9 * d;
        }

        Assert.Equal(Math.Log10(Math.Abs(product)), run.Log10Gains[1], 10);
        Assert.Equal(run.Log10Gains[1] / 7, run.RatePerStep, 12);

        // |∂J/∂g_t| = a·(1 − tanh² g_t)·|∂J/∂h_t| with M = 1, written out; the term of ∂J/∂Wr multiplies it by |h_{t−1}|.
        for (int t = 1; t <= 8; t++)
        {
            double d = 1 - Math.Tanh(trace.Gs[t][0]) * Math.Tanh(trace.Gs[t][0]);
            Assert.Equal(gain * d * run.GradientNorms[t], run.PreactivationGradientNorms[t], 12);
            Assert.Equal(gain * d * run.GradientNorms[t] * Math.Abs(trace.Hs[t - 1][0]), run.WrStepChangeNorms[t], 12);
        }

        // Without a weight sum the two measures that need one are not made.
        Assert.All(JacobianProbe.Run(blend, Wr, 8, 5, step, Boxes.P3.dJ_dhs, setup).PreactivationGradientNorms, v => Assert.True(double.IsNaN(v)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void The_largest_singular_value_and_the_gradient_norms_match_central_differences(int which)
    {
        var blend = new[] { Recurrence.Tanh, Recurrence.Residual, Recurrence.Leaky(0.4) }[which];
        var setup = new GradientNormSetup(N: 5, M: 3, InputScale: 1.0);
        var Wr = Weights.ScaledOrthogonal(3, 1.2, 9);
        var run = JacobianProbe.Run(blend, Wr, 6, 3, Boxes.P3.For(blend).dJ_dhPrev, Boxes.P3.dJ_dhs, setup, dJ_dg: Boxes.P3.For(blend).dJ_dg, dJ_dWr: Boxes.P3.For(blend).dJ_dWr);
        var (model, words) = Rebuild(blend, Wr, 6, 3, setup);
        var trace = model.Forward(words, 0);

        // ∂h_6/∂h_1 column by column: nudge h_1 by ±ε and rerun steps 2..6.
        Vector<double> Forward(Vector<double> h1)
        {
            var h = h1;
            for (int t = 2; t <= 6; t++)
            {
                h = Next(model, h, Wr * h + model.We.Column(words[t - 1]));
            }

            return h;
        }

        var jacobian = Matrix<double>.Build.Dense(3, 3);
        for (int k = 0; k < 3; k++)
        {
            var plus = trace.Hs[1].Clone();
            var minus = trace.Hs[1].Clone();
            plus[k] += 1e-6;
            minus[k] -= 1e-6;
            jacobian.SetColumn(k, (Forward(plus) - Forward(minus)) / 2e-6);
        }

        Assert.Equal(Math.Log10(jacobian.L2Norm()), run.Log10Gains[1], 6);
        var numericSingular = jacobian.Svd(computeVectors: false).S.Select(Math.Log10).ToArray();
        Assert.Equal(numericSingular, run.Log10SingularValues.ToArray(), (a, b) => Math.Abs(a - b) < 1e-5);

        // ‖∂J/∂h_t‖ for the probe's target against central differences of J(h_t).
        var random = new MersenneTwister(6, threadSafe: false);
        _ = Enumerable.Range(0, 6).Select(_ => random.Next(5)).ToArray();
        int target = random.Next(5);
        foreach (int t in new[] { 1, 3, 6 })
        {
            var h = trace.Hs[t].Clone();
            double numeric = GradCheck.Numeric(h, () => model.ObjectiveFrom(t, h, words, target)).L2Norm();
            Assert.Equal(numeric, run.GradientNorms[t], 6);

            // ‖∂J/∂g_t‖: nudge g_t, form h_t = c·h_{t−1} + a·tanh(g_t) and rerun the steps after it.
            var g = trace.Gs[t].Clone();
            double numericAtG = GradCheck.Numeric(g, () => model.ObjectiveFrom(t, Next(model, trace.Hs[t - 1], g), words, target)).L2Norm();
            Assert.Equal(numericAtG, run.PreactivationGradientNorms[t], 6);
        }
    }

    [Fact]
    public void Quartiles_are_interpolated_between_sorted_values()
    {
        double[] sorted = [1, 2, 3, 4];
        Assert.Equal(1.75, SeedBand.Quantile(sorted, 0.25), 15);
        Assert.Equal(2.5, SeedBand.Quantile(sorted, 0.5), 15);
        Assert.Equal(3.25, SeedBand.Quantile(sorted, 0.75), 15);
        var band = SeedBand.Of([[1.0, double.NaN], [3.0, 5.0]]);
        Assert.Equal([2.0, 5.0], band.Median);
    }

    /// <summary>Notebook 03's forward-pass and gradient claims at ρ = 1, T = 100, over ten seeds.</summary>
    [Fact]
    public void Notebook_03_forward_pass_and_gradient_claims_hold()
    {
        var tanh = JacobianProbe.Seeds(Recurrence.Tanh, 1.0, 100, Seeds, Boxes.P3.dJ_dhPrev_tanh, Boxes.P3.dJ_dhs, detail: JacobianDetail.None, dJ_dg: Boxes.P3.For(Recurrence.Tanh).dJ_dg, dJ_dWr: Boxes.P3.For(Recurrence.Tanh).dJ_dWr);
        var residual = JacobianProbe.Seeds(Recurrence.Residual, 1.0, 100, Seeds, Boxes.P3.dJ_dhPrev_residual, Boxes.P3.dJ_dhs, detail: JacobianDetail.None, dJ_dg: Boxes.P3.For(Recurrence.Residual).dJ_dg, dJ_dWr: Boxes.P3.For(Recurrence.Residual).dJ_dWr);
        var leaky = JacobianProbe.Seeds(Recurrence.Leaky(0.25), 1.0, 100, Seeds, Boxes.P3.For(Recurrence.Leaky(0.25)).dJ_dhPrev, Boxes.P3.dJ_dhs, detail: JacobianDetail.None, dJ_dg: Boxes.P3.For(Recurrence.Leaky(0.25)).dJ_dg, dJ_dWr: Boxes.P3.For(Recurrence.Leaky(0.25)).dJ_dWr);
        double Median(IEnumerable<double> values) => SeedBand.Quantile(values.Order().ToArray(), 0.5);

        Assert.True(Median(residual.Select(r => r.StateNorms[100])) > 100, "the residual state runs away (hundreds)");
        Assert.True(Median(tanh.Select(r => r.StateNorms[100])) < 5);
        Assert.True(Median(leaky.Select(r => r.StateNorms[100])) < 4); // ≤ √M = 4 entrywise-bounded
        Assert.True(Median(residual.Select(r => r.MeanTanhSlopes.Skip(81).Average())) < 0.1, "the residual units saturate");
        Assert.True(Median(tanh.Select(r => r.MeanTanhSlopes.Skip(81).Average())) > 0.3);
        Assert.True(Median(leaky.Select(r => r.MeanTanhSlopes.Skip(81).Average())) > 0.3);

        // The residual gradient reaches h_50 (and grows back to h_1) while ∂J/∂g_50 is orders of magnitude smaller.
        Assert.True(Median(residual.Select(r => r.PreactivationGradientNorms[50])) < 0.01 * Median(residual.Select(r => r.GradientNorms[50])));
        Assert.True(Median(residual.Select(r => r.GradientNorms[1])) > Median(residual.Select(r => r.GradientNorms[50])));
        Assert.True(Median(tanh.Select(r => r.GradientNorms[1])) < 1e-15);
        Assert.True(Median(leaky.Select(r => r.GradientNorms[1])) > 1e6 * Median(tanh.Select(r => r.GradientNorms[1])), "leaky decays much more slowly");
    }

    [Fact]
    public void Notebook_03_counterexample_rates_and_costs_hold()
    {
        var minusIdentity = -Matrix<double>.Build.DenseIdentity(16);
        foreach (double scale in new[] { 0.01, 0.1 })
        {
            var run = JacobianProbe.Run(Recurrence.Residual, minusIdentity, 30, 1, Boxes.P3.dJ_dhPrev_residual, Boxes.P3.dJ_dhs, new GradientNormSetup(InputScale: scale), JacobianDetail.FirstStepOnly);
            Assert.True(run.GradientNorms[20] / run.GradientNorms[30] < 1e-10, $"W_r = −I, input scale {scale}: the residual gradient vanishes within ten steps");
        }

        double[] radii = [0.25, 0.5, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 2.0, 2.5, 3.0, 4.0];
        var tanh = JacobianProbe.Rates(Recurrence.Tanh, radii, 50, Seeds, Boxes.P3.dJ_dhPrev_tanh, Boxes.P3.dJ_dhs);
        var residual = JacobianProbe.Rates(Recurrence.Residual, radii, 50, Seeds, Boxes.P3.dJ_dhPrev_residual, Boxes.P3.dJ_dhs);
        var leaky = JacobianProbe.Rates(Recurrence.Leaky(0.25), radii, 50, Seeds, Boxes.P3.For(Recurrence.Leaky(0.25)).dJ_dhPrev, Boxes.P3.dJ_dhs);
        for (int i = 0; i < radii.Length; i++)
        {
            Assert.True(tanh.Median[i] < Math.Log10(radii[i]), $"tanh lies below log10 ρ at ρ = {radii[i]}");
            Assert.True(residual.Median[i] > 0, $"residual rate above 0 at ρ = {radii[i]}");
            Assert.True(leaky.Median[i] < residual.Median[i], $"leaky below residual at ρ = {radii[i]}");
            Assert.True(leaky.Median[i] > tanh.Median[i] || radii[i] > 1.5, $"leaky above tanh at ρ = {radii[i]}");
        }

        Assert.True(tanh.Median[Array.IndexOf(radii, 1.0)] < 0 && tanh.Median[Array.IndexOf(radii, 1.5)] < 0, "tanh vanishes at ρ = 1 and 1.5");
        Assert.True(Math.Abs(tanh.Median[Array.IndexOf(radii, 2.0)]) < 0.05, "tanh crosses 0 around ρ = 2");
        Assert.True(tanh.Median[^1] > 0);
        Assert.True(leaky.Median[0] < 0 && Math.Abs(leaky.Median[^1]) < 0.05);

        var terms = SeedBand.Of(JacobianProbe.Seeds(Recurrence.Tanh, 1.0, 30, Seeds, Boxes.P3.dJ_dhPrev_tanh, Boxes.P3.dJ_dhs, detail: JacobianDetail.None, dJ_dg: Boxes.P3.For(Recurrence.Tanh).dJ_dg, dJ_dWr: Boxes.P3.For(Recurrence.Tanh).dJ_dWr)
            .Select(r => (IReadOnlyList<double>)r.WrStepChangeNorms.Skip(1).ToArray()));
        Assert.Equal(0.0, terms.Median[0]); // t = 1: h_0 = 0
        Assert.True(terms.Median.Take(20).Sum() / terms.Median.Sum() < 0.05, "the first 20 steps contribute under 5 % of the sum");
        Assert.True(terms.Median[1] < 1e-4 * terms.Median[29]);

        var spectraT10 = JacobianProbe.Seeds(Recurrence.Tanh, 1.0, 10, Seeds, Boxes.P3.dJ_dhPrev_tanh, Boxes.P3.dJ_dhs, detail: JacobianDetail.FirstStepOnly);
        var spectraT50 = JacobianProbe.Seeds(Recurrence.Tanh, 1.0, 50, Seeds, Boxes.P3.dJ_dhPrev_tanh, Boxes.P3.dJ_dhs, detail: JacobianDetail.FirstStepOnly);
        Assert.True(spectraT50.Select(r => r.Log10SingularValues[0]).Max() < spectraT10.Select(r => r.Log10SingularValues[0]).Min(), "3.1's whole spectrum falls with T");
    }

    [Fact]
    public void The_non_normal_example_grows_before_it_decays()
    {
        var W = Matrix<double>.Build.DenseOfArray(new double[,] { { 0.9, 2.0 }, { 0.0, 0.9 } });
        Assert.Equal(0.9, W.Evd().EigenValues.Select(l => l.Magnitude).Max(), 12);
        Assert.True(W.Transpose().Power(10).L2Norm() > W.L2Norm());
        Assert.True(W.Transpose().Power(80).L2Norm() < 0.1);
    }

    /// <summary>
    /// Notebook 04's reading of its seeded runs at T = 10 (its settings, ten seeds): the leaky model learns, and its band
    /// clears its read-out-only baseline's; the tanh model stays at chance on most seeds. And at its start the leaky
    /// state keeps far more of h_1 than the skip path alone, (1 − α)^(T − 1).
    /// </summary>
    [Fact]
    public void Notebook_04_training_claims_hold()
    {
        const int N = 8, K = 4, M = 16;
        RecurrentModel Start(Recurrence blend, int seed) => new(
            Weights.Gaussian(M, N, 1.0, 10 * seed + 1), Weights.ScaledOrthogonal(M, 1.0, 10 * seed + 2), Weights.Gaussian(N, M, 1.0 / Math.Sqrt(M), 10 * seed + 3), blend);
        var options = new TrainingOptions(Steps: 200, BatchSize: 8, LearningRate: 0.3, MaxNorm: 1.0, EvaluateEvery: 200, TestSize: 1000);
        double atChance = 0.25 + 3 * Math.Sqrt(0.25 * 0.75 / 1000);
        double[] Final(Recurrence blend, bool readoutOnly) => Seeds.AsParallel().AsOrdered()
            .Select(seed => Trainer.Train(Start(blend, seed), new KeyWordTask(N, K, 10), options with { Seed = seed, ReadoutOnly = readoutOnly }, Boxes.P4.clip_gradient, Boxes.P3.For(blend)).FinalAccuracy)
            .Order().ToArray();
        var leaky = Final(Recurrence.Leaky(0.25), readoutOnly: false);
        var reservoir = Final(Recurrence.Leaky(0.25), readoutOnly: true);
        var tanh = Final(Recurrence.Tanh, readoutOnly: false);
        Assert.True(SeedBand.Quantile(leaky, 0.25) > SeedBand.Quantile(reservoir, 0.75) + 0.1, $"leaky {string.Join(" ", leaky)} against its reservoir {string.Join(" ", reservoir)}");
        Assert.True(leaky.All(a => a > 0.9), string.Join(" ", leaky));
        Assert.True(tanh.Count(a => a < atChance) >= 5, string.Join(" ", tanh));

        var probes = JacobianProbe.Seeds(Recurrence.Leaky(0.25), 1.0, 50, Seeds, (Wr, g, dh) => Boxes.P3.dJ_dhPrev_leaky(Wr, g, dh, 0.25), Boxes.P3.dJ_dhs, detail: JacobianDetail.FirstStepOnly);
        double measured = SeedBand.Quantile(probes.Select(p => p.Log10Gains[1]).Order().ToArray(), 0.5);
        Assert.True(measured > 49 * Math.Log10(0.75) + 2, $"log10 ‖∂h_50/∂h_1‖ = {measured}");
    }
}
