namespace Backprop.Kernel.Tests;

public class SoftmaxTests
{
    [Fact]
    public void Logits_of_plus_and_minus_1e3_give_finite_probabilities_J_and_gradients()
    {
        var s = Vector<double>.Build.DenseOfArray([1e3, -1e3, 999.0, 0.0]);
        var p = Softmax.Probabilities(s);
        Assert.All(p, v => Assert.True(double.IsFinite(v)));
        Assert.Equal(1.0, p.Sum(), 14);
        // By hand: p_0 / p_2 = e, and p_1, p_3 underflow to 0 without producing NaN.
        Assert.Equal(1 / (1 + Math.Exp(-1)), p[0], 14);
        var logP = Softmax.LogProbabilities(s);
        Assert.Equal(-2000 - Math.Log(1 + Math.Exp(-1)), logP[1], 9);
        Assert.True(double.IsFinite(Softmax.LogSumExp(s)));
    }

    [Fact]
    public void Huge_logits_through_the_word_model_keep_J_and_every_gradient_finite()
    {
        var model = new WordMlp(Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 1, 1 } }),
            Matrix<double>.Build.DenseOfArray(new double[,] { { 1e3 }, { -1e3 }, { 0 } }));
        var trace = model.Forward(0, 1); // target is the −1e3 word: p_y underflows but log p_y must not
        var grads = model.Backward(trace);
        Assert.Equal(-2000.0, trace.J, 9);
        Assert.All(grads.ds.Concat(grads.dh).Concat(grads.dWu.Enumerate()).Concat(grads.dWe.Enumerate()), v => Assert.True(double.IsFinite(v)));
        Assert.Equal(-1.0, grads.ds[0], 12);
        Assert.Equal(1.0, grads.ds[1], 12);
    }

    [Fact]
    public void Softmax_is_shift_invariant()
    {
        var s = Weights.Gaussian(7, 1, 3, seed: 2).Column(0);
        Assert.True((Softmax.Probabilities(s) - Softmax.Probabilities(s + 500)).L2Norm() < 1e-14);
    }

    [Fact]
    public void A_target_with_probability_within_1e_16_of_one_keeps_a_nonzero_J_and_gradient()
    {
        // s = (50, 0, …, 0), y = 0: by hand, J = −log(1 + 7e^{−50}) ≈ −7e^{−50} = −1.3503e−21 and
        // ∂J/∂s_c = −e^{−50} / (1 + 7e^{−50}) ≈ −1.9287e−22 for c ≠ y (y − p; p_y = 1 − 7e^{−50} is 1.0 in doubles).
        var model = new WordMlp(Matrix<double>.Build.Dense(2, 8), Matrix<double>.Build.Dense(8, 2));
        var s = Vector<double>.Build.Dense(8);
        s[0] = 50;
        double tiny = Math.Exp(-50);

        double J = model.ObjectiveFromScores(s, target: 0);
        var ds = GradCheck.Numeric(s, () => model.ObjectiveFromScores(s, target: 0));

        Assert.Equal(-7 * tiny, J, tolerance: 1e-12 * 7 * tiny);
        Assert.Equal(7 * tiny, ds[0], tolerance: 1e-6 * 7 * tiny);
        for (int c = 1; c < 8; c++)
        {
            Assert.Equal(-tiny, ds[c], tolerance: 1e-6 * tiny);
        }
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(1.0)]
    [InlineData(3.0)]
    public void A_saturated_residual_model_still_has_a_finite_nonzero_gradient_at_every_step(double spectralRadius)
    {
        // T = 160, seed 5 drives p_y to 1.0 in doubles; J = s_y − log Σ e^{s_c} used to cancel to 0 and every ‖∂J/∂h_t‖ with it.
        var series = GradientNormExperiment.Run(Recurrence.Residual, T: 160, spectralRadius, seed: 5);

        Assert.All(series.Norms.Skip(1), norm => Assert.True(norm > 0 && double.IsFinite(norm), $"‖∂J/∂h_t‖ = {norm}"));
    }
}
