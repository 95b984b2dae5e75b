using Backprop.Kernel.Checking;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Kernel.Tests;

public class LeakyAndTrainingTests
{
    [Theory]
    [MemberData(nameof(RandomCases.Seeds), MemberType = typeof(RandomCases))]
    public void Leaky_backward_matches_central_differences(int seed)
    {
        var (N, M, words, target) = RandomCases.Sizes(seed);
        var model = RecurrentModel.Random(N, M, Recurrence.Leaky(0.35), seed);
        var trace = model.Forward(words, target);
        var grads = model.Backward(trace);
        var h1 = trace.Hs[1].Clone();
        var report = new GradCheckReport("leaky", [
            GradCheck.Compare("dJ/dh1", h1, grads.dhs[1], () => model.ObjectiveFrom(1, h1, words, target), GradCheckOptions.Precise, "M"),
            GradCheck.Compare("dJ/dWr", model.Wr, grads.dWr, () => model.Forward(words, target).J, GradCheckOptions.Precise, "M×M"),
            GradCheck.Compare("dJ/dWe", model.We, grads.dWe, () => model.Forward(words, target).J, GradCheckOptions.Precise, "M×N"),
            GradCheck.Compare("dJ/dWu", model.Wu, grads.dWu, () => model.Forward(words, target).J, GradCheckOptions.Precise, "N×M"),
        ]);
        RandomCases.AssertAllPassed(report, seed);
    }

    /// <summary>
    /// Scalar leaky model by hand, α = 0.5, We = [0.5, −1], Wr = 0.8, Wu = [1.5; −0.5], words [0, 1], target 0:
    /// h1 = 0.5 tanh 0.5 = 0.23105857863000487, g2 = −1 + 0.8 h1 = −0.8151531370959961,
    /// h2 = 0.5 h1 + 0.5 tanh g2 = −0.22195467656898877; J = s_0 − logsumexp(1.5 h2, −0.5 h2);
    /// ∂J/∂h2 = 1.5 − (1.5 p_0 − 0.5 p_1) = 2 p_1 with p_1 = σ(−2 h2), and ∂J/∂h1 = (0.5 + 0.5·0.8(1 − tanh² g2)) ∂J/∂h2.
    /// </summary>
    [Fact]
    public void Leaky_one_step_map_matches_a_hand_computed_case()
    {
        var model = new RecurrentModel(
            Matrix<double>.Build.DenseOfArray(new double[,] { { 0.5, -1.0 } }),
            Matrix<double>.Build.DenseOfArray(new double[,] { { 0.8 } }),
            Matrix<double>.Build.DenseOfArray(new double[,] { { 1.5 }, { -0.5 } }), Recurrence.Leaky(0.5));
        var trace = model.Forward([0, 1], 0);
        double h1 = 0.5 * Math.Tanh(0.5), g2 = -1 + 0.8 * h1, h2 = 0.5 * h1 + 0.5 * Math.Tanh(g2);
        double p1 = 1 / (1 + Math.Exp(2 * h2)); // softmax(1.5 h2, −0.5 h2)_1 = σ(−2 h2)
        double dh2 = 2 * p1;
        double dh1 = (0.5 + 0.5 * 0.8 * (1 - Math.Tanh(g2) * Math.Tanh(g2))) * dh2;
        Assert.Equal(0.23105857863000487, h1, 15);
        Assert.Equal(h2, trace.Hs[2][0], 14);
        var grads = model.Backward(trace);
        Assert.Equal(dh2, grads.dhs[2][0], 12);
        Assert.Equal(dh1, grads.dhs[1][0], 12);
        Assert.Equal(dh1, Boxes.P3.dJ_dhPrev_leaky(model.Wr, trace.Gs[2], grads.dhs[2], 0.5)[0], 12);
    }

    [Fact]
    public void Leaky_with_alpha_one_is_the_tanh_map_and_the_state_stays_in_the_unit_box()
    {
        var Wr = Weights.Gaussian(5, 5, 0.7, seed: 3);
        var g = Weights.Gaussian(5, 1, 2.0, seed: 4).Column(0);
        var dh = Weights.Gaussian(5, 1, 1.0, seed: 5).Column(0);
        Assert.True((Boxes.P3.dJ_dhPrev_leaky(Wr, g, dh, 1.0) - Boxes.P3.dJ_dhPrev_tanh(Wr, g, dh)).L2Norm() < 1e-15);
        var model = new RecurrentModel(Weights.Gaussian(6, 4, 5.0, 1), Weights.ScaledOrthogonal(6, 3.0, 2), Weights.Gaussian(4, 6, 0.1, 3), Recurrence.Leaky(0.2));
        var trace = model.Forward(Enumerable.Range(0, 200).Select(i => i % 4).ToArray(), 0);
        Assert.All(trace.Hs, h => Assert.True(h.AbsoluteMaximum() < 1.0));
    }

    [Fact]
    public void Blended_tanh_and_residual_models_agree_with_the_course_models()
    {
        var tanh = CourseProblems.TanhModel();
        var residual = CourseProblems.ResidualModel();
        int[] words = CourseProblems.Sentence;
        int y = CourseProblems.Target;
        var blendedTanh = new RecurrentModel(tanh.We, tanh.Wr, tanh.Wu, Recurrence.Tanh);
        var blendedResidual = new RecurrentModel(residual.We, residual.Wr, residual.Wu, Recurrence.Residual);
        Assert.Equal(tanh.Forward(words, y).J, blendedTanh.Forward(words, y).J, 12);
        Assert.Equal(residual.Forward(words, y).J, blendedResidual.Forward(words, y).J, 12);
        var expected = residual.Backward(residual.Forward(words, y));
        var actual = blendedResidual.Backward(blendedResidual.Forward(words, y));
        Assert.True((expected.dWr - actual.dWr).FrobeniusNorm() < 1e-12);
        Assert.True((expected.dWe - actual.dWe).FrobeniusNorm() < 1e-12);
    }

    [Fact]
    public void The_backward_pass_is_made_of_the_boxes_it_is_given_and_computes_nothing_itself()
    {
        var model = RecurrentModel.Random(5, 3, Recurrence.Leaky(0.4), seed: 2);
        var trace = model.Forward([1, 4, 1], 2);
        var library = Boxes.P3.For(model.Recurrence);
        var expected = model.Backward(trace, library);

        // Each weight's box alone reaches its gradient: doubling one doubles that gradient and leaves the others alone.
        var doubledWr = model.Backward(trace, library with { dJ_dWr = (gs, hs, dhs) => 2 * library.dJ_dWr(gs, hs, dhs) });
        Assert.True((doubledWr.dWr - 2 * expected.dWr).FrobeniusNorm() < 1e-12);
        Assert.True((doubledWr.dWe - expected.dWe).FrobeniusNorm() < 1e-12);
        var doubledWe = model.Backward(trace, library with { dJ_dWe = (xs, gs, dhs) => 2 * library.dJ_dWe(xs, gs, dhs) });
        Assert.True((doubledWe.dWe - 2 * expected.dWe).FrobeniusNorm() < 1e-12);
        Assert.True((doubledWe.dWr - expected.dWr).FrobeniusNorm() < 1e-12);

        // The chain box alone makes ∂J/∂h_0 … ∂J/∂h_T: a chain that returns its input T+1 times is what comes back.
        var flat = model.Backward(trace, library with { dJ_dhs = (_, _, gs, dhT) => Enumerable.Repeat(dhT, gs.Count).ToArray() });
        Assert.All(flat.dhs, dh => Assert.Equal(expected.dhs[3], dh));

        // A stub in any box stops the pass: nothing stands in for it.
        foreach (var stub in new[]
        {
            library with { dJ_dhs = (_, _, _, _) => throw new NotImplementedException("a stub") },
            library with { dJ_dhPrev = (_, _, _) => throw new NotImplementedException("a stub") },
            library with { dJ_dWr = (_, _, _) => throw new NotImplementedException("a stub") },
            library with { dJ_dWe = (_, _, _) => throw new NotImplementedException("a stub") },
            library with { dJ_ds = (_, _) => throw new NotImplementedException("a stub") },
        })
        {
            Assert.Equal("a stub", Assert.Throws<NotImplementedException>(() => model.Backward(trace, stub)).Message);
        }

        // By hand: word 4 is read at step 2 only, so its column of ∂J/∂We is α (1 − tanh² g_2) ⊙ ∂J/∂h_2, entry by entry,
        // and every gradient of the pass agrees with central differences.
        for (int i = 0; i < 3; i++)
        {
            double tanh = Math.Tanh(trace.Gs[2][i]);
            Assert.Equal(0.4 * (1 - tanh * tanh) * expected.dhs[2][i], expected.dWe[i, 4], 12);
        }

        Assert.True((GradCheck.Numeric(model.We, () => model.Forward([1, 4, 1], 2).J) - expected.dWe).FrobeniusNorm() < 1e-7);
        Assert.True((GradCheck.Numeric(model.Wr, () => model.Forward([1, 4, 1], 2).J) - expected.dWr).FrobeniusNorm() < 1e-7);
    }

    [Fact]
    public void Clipping_by_hand_shrinks_only_long_gradients()
    {
        var g = Vector<double>.Build.DenseOfArray([3.0, 4.0]); // ‖g‖ = 5
        var clipped = Boxes.P4.clip_gradient(g, 1.0);
        Assert.Equal(0.6, clipped[0], 15);
        Assert.Equal(0.8, clipped[1], 15);
        Assert.Equal([3.0, 4.0], Boxes.P4.clip_gradient(g, 10.0).ToArray());
    }

    [Fact]
    public void The_public_clip_cases_cover_both_branches_without_labelling_them()
    {
        var cases = CheckCaseSpec.Public.Select(CheckItems.P4.clip_gradient.Build).ToArray();
        bool Clips(CheckCase c) => ((Vector<double>)c.Inputs[0]).L2Norm() > (double)c.Inputs[1];
        Assert.Contains(cases, Clips);
        Assert.Contains(cases, c => !Clips(c));
        Assert.All(cases, c => Assert.DoesNotMatch("clip|unchanged|‖", c.Description));
        // The public expected values are numbers written in the row; the reference box must agree with them.
        Assert.All(cases, c => Assert.True(CheckEngine.Compare(c, CheckValue.From(CheckItems.P4.clip_gradient.RunReference(c.FreshInputs()))).Passed, c.Description));
    }

    [Fact]
    public void The_graders_clip_cases_cover_both_branches()
    {
        var key = ItemKeys.For(CheckItems.P4.clip_gradient);
        var cases = new[] { 90417, 271828, 314159, 577215 }.Select(seed => key.Build(new CheckCaseSpec(seed))).ToArray();
        bool Clips(CheckCase c) => ((Vector<double>)c.Inputs[0]).L2Norm() > (double)c.Inputs[1];
        Assert.Contains(cases, Clips);
        Assert.Contains(cases, c => !Clips(c));
        Assert.Throws<InvalidOperationException>(() => CheckItems.P4.clip_gradient.Build(new CheckCaseSpec(90417)));
    }

    [Fact]
    public void Training_is_deterministic_and_the_leaky_model_learns_the_short_key_task()
    {
        var blend = Recurrence.Leaky(0.25);
        TrainingRun Run() => Trainer.Train(
            new RecurrentModel(Weights.Gaussian(16, 8, 1.0, 11), Weights.ScaledOrthogonal(16, 1.0, 12), Weights.Gaussian(8, 16, 0.25, 13), blend),
            new KeyWordTask(8, 4, 10), new TrainingOptions(Steps: 200, LearningRate: 0.3, EvaluateEvery: 100, TestSize: 500), Boxes.P4.clip_gradient, Boxes.P3.For(blend));
        var first = Run();
        var second = Run();
        Assert.Equal(first.Accuracy, second.Accuracy);
        Assert.Equal([0, 100, 200], first.EvaluatedAt);
        Assert.True(first.Accuracy[0] < 0.35, $"before training: {first.Accuracy[0]}");
        Assert.True(first.FinalAccuracy > 0.9, $"after training: {first.FinalAccuracy}");
        Assert.True(first.ControlAccuracy > 0.9, $"with a distractor in front: {first.ControlAccuracy}");
    }

    [Fact]
    public void Without_clipping_the_clipping_function_is_not_asked_and_a_non_finite_result_is_named()
    {
        var blend = Recurrence.Tanh;
        // c/max(‖g‖, c), a correct clip for every finite c, is ∞/∞ = NaN at c = +∞: that run must not call it.
        Vector<double> ScaleByMax(Vector<double> g, double c) => g * (c / Math.Max(g.L2Norm(), c));
        var options = new TrainingOptions(Steps: 3, TestSize: 20, MaxNorm: double.PositiveInfinity);
        var unclipped = Trainer.Train(RecurrentModel.Random(8, 6, blend, seed: 4), new KeyWordTask(8, 4, 6), options, ScaleByMax, Boxes.P3.For(blend));
        var identity = Trainer.Train(RecurrentModel.Random(8, 6, blend, seed: 4), new KeyWordTask(8, 4, 6), options, (g, _) => g, Boxes.P3.For(blend));
        Assert.Equal(identity.Accuracy, unclipped.Accuracy);
        Assert.Equal(identity.GradientNorms, unclipped.GradientNorms);

        // With a finite c, a clipping function that returns NaN is named for what it returned and where.
        var failure = Assert.Throws<InvalidOperationException>(() => Trainer.Train(RecurrentModel.Random(8, 6, blend, seed: 4), new KeyWordTask(8, 4, 6),
            options with { MaxNorm = 1.0 }, (g, _) => g * double.NaN, Boxes.P3.For(blend)));
        Assert.Contains("NaN or ∞", failure.Message);
        Assert.Contains("c = 1", failure.Message);
    }

    [Fact]
    public void A_read_out_only_run_changes_Wu_alone()
    {
        var blend = Recurrence.Tanh;
        var model = RecurrentModel.Random(8, 6, blend, seed: 4);
        var (We, Wr, Wu) = (model.We.Clone(), model.Wr.Clone(), model.Wu.Clone());
        var run = Trainer.Train(model, new KeyWordTask(8, 4, 6), new TrainingOptions(Steps: 5, ReadoutOnly: true, TestSize: 20), Boxes.P4.clip_gradient, Boxes.P3.For(blend));
        Assert.Equal(We, model.We);
        Assert.Equal(Wr, model.Wr);
        Assert.NotEqual(Wu, model.Wu);
        Assert.True(double.IsNaN(run.KeyGradientBefore));
    }

    [Fact]
    public void The_key_task_puts_one_key_between_step_2_and_T_over_2_and_the_control_shifts_it()
    {
        var task = new KeyWordTask(8, 4, 20);
        var examples = task.Sample(2000, seed: 3);
        Assert.All(examples, e =>
        {
            Assert.Single(e.Words, w => w < 4);
            Assert.Equal(e.Target, e.Words[e.KeyPosition - 1]);
            Assert.InRange(e.KeyPosition, 2, 10);
        });
        Assert.Equal(Enumerable.Range(2, 9), examples.Select(e => e.KeyPosition).Distinct().Order());
        Assert.All(new KeyWordTask(8, 4, 20, KeyAtStart: true).Sample(50, seed: 3), e => Assert.Equal((1, e.Words[0]), (e.KeyPosition, e.Target)));
        var shifted = task.WithWordInFront(examples, seed: 4);
        Assert.All(shifted.Zip(examples), pair =>
        {
            Assert.Equal(21, pair.First.Words.Length);
            Assert.True(pair.First.Words[0] >= 4, "the word put in front is a distractor");
            Assert.Equal(pair.Second.Words, pair.First.Words.Skip(1));
            Assert.Equal(pair.Second.KeyPosition + 1, pair.First.KeyPosition);
        });
    }

    [Fact]
    public void Measure_agrees_with_the_teaching_forward_pass()
    {
        var model = RecurrentModel.Random(8, 5, Recurrence.Leaky(0.4), seed: 9);
        var examples = new KeyWordTask(8, 4, 12).Sample(30, seed: 2);
        var (accuracy, meanJ) = Trainer.Measure(model, examples);
        var traces = examples.Select(e => model.Forward(e.Words, e.Target)).ToArray();
        Assert.Equal(traces.Average(t => t.J), meanJ, 12);
        Assert.Equal(traces.Count(t => t.P.MaximumIndex() == t.Target) / 30.0, accuracy, 12);
    }

    [Fact]
    public void A_bad_task_or_clip_gets_a_clear_error()
    {
        var model = RecurrentModel.Random(8, 4, Recurrence.Tanh, 1);
        var boxes = Boxes.P3.For(Recurrence.Tanh);
        var e = Assert.Throws<ArgumentException>(() => Trainer.Train(model, new KeyWordTask(5, 2, 4), new TrainingOptions(Steps: 1), Boxes.P4.clip_gradient, boxes));
        Assert.Contains("N = 5", e.Message);
        var bad = Assert.Throws<InvalidOperationException>(() => Trainer.Train(model, new KeyWordTask(8, 4, 4), new TrainingOptions(Steps: 1), (g, c) => g.SubVector(0, 2), boxes));
        Assert.Contains("gradient's length", bad.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new KeyWordTask(8, 8, 10).Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new KeyWordTask(8, 4, 3).Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => Recurrence.Leaky(0));
    }

    private static string[] CheckSpecsDescriptions(string id) =>
        CheckCaseSpec.Public.Select(CheckItems.Find(id).Build).Select(c => c.Description).ToArray();

    /// <summary>
    /// The probe on the scalar leaky case above (α = 0.5, words [0, 1], target 0, the "key" at step 1): ∂J/∂g_2 from the
    /// reference dJ_dg box is α (1 − tanh² g2) ∂J/∂h2 with ∂J/∂h2 = 2 p_1, and its product with h1 is ∂J/∂Wr by central
    /// differences; step 1's term is 0 (h_0 = 0), so step 2 holds the whole share; and the gradient at the key is
    /// ∂J/∂h1 / ∂J/∂h2 = 0.5 + 0.5·0.8 (1 − tanh² g2).
    /// </summary>
    [Fact]
    public void The_probe_and_the_preactivation_box_match_a_hand_computed_case_and_central_differences()
    {
        var model = new RecurrentModel(
            Matrix<double>.Build.DenseOfArray(new double[,] { { 0.5, -1.0 } }),
            Matrix<double>.Build.DenseOfArray(new double[,] { { 0.8 } }),
            Matrix<double>.Build.DenseOfArray(new double[,] { { 1.5 }, { -0.5 } }), Recurrence.Leaky(0.5));
        double h1 = 0.5 * Math.Tanh(0.5), g2 = -1 + 0.8 * h1, h2 = 0.5 * h1 + 0.5 * Math.Tanh(g2);
        double p1 = 1 / (1 + Math.Exp(2 * h2));
        double dg2 = 0.5 * (1 - Math.Tanh(g2) * Math.Tanh(g2)) * 2 * p1;
        var boxes = Boxes.P3.For(model.Recurrence);
        var trace = model.Forward([0, 1], 0);
        var dhs = model.Backward(trace, boxes).dhs;
        Assert.Equal(dg2, boxes.dJ_dg(trace.Gs[2], dhs[2])[0], 12);
        double numeric = GradCheck.Numeric(model.Wr, () => model.Forward([0, 1], 0).J)[0, 0];
        Assert.Equal(numeric, dg2 * h1, 1e-8);

        var (keyGradient, shares) = Trainer.Probe(model, [new KeyExample([0, 1], 0, 1)], boxes);
        Assert.Equal([0.0, 1.0], shares);
        Assert.Equal(Math.Log10(0.5 + 0.4 * (1 - Math.Tanh(g2) * Math.Tanh(g2))), keyGradient, 12);
    }
}
