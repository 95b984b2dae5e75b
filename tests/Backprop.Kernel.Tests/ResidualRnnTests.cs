using Backprop.Kernel.Checking;

namespace Backprop.Kernel.Tests;

public class ResidualRnnTests
{
    [Theory]
    [MemberData(nameof(RandomCases.Seeds), MemberType = typeof(RandomCases))]
    public void Backward_matches_central_differences_for_every_derivative(int seed)
    {
        var (N, M, words, target) = RandomCases.Sizes(seed);
        // h_t grows by up to 1 a step, so the scale shrinks with T to keep s, and so p, away from saturation.
        double scale = 0.5 / Math.Sqrt(words.Length);
        RandomCases.AssertAllPassed(ModelGradChecks.Rnn(RecurrentModel.Random(N, M, Recurrence.Residual, seed, scale), words, target, GradCheckOptions.Precise), seed);
    }

    [Theory]
    [MemberData(nameof(RandomCases.Seeds), MemberType = typeof(RandomCases))]
    public void Jacobian_chains_of_3_1_and_3_2_match_central_differences(int seed)
    {
        var (N, M, words, target) = RandomCases.Sizes(seed);
        double scale = 0.5 / Math.Sqrt(words.Length);
        var report = ModelGradChecks.JacobianChains(RecurrentModel.Random(N, M, Recurrence.Tanh, seed, scale), RecurrentModel.Random(N, M, Recurrence.Residual, seed, scale), words, target, GradCheckOptions.Precise);
        RandomCases.AssertAllPassed(report, seed);
    }

    [Fact]
    public void The_chain_check_names_models_of_the_wrong_recurrence()
    {
        var tanh = RecurrentModel.Random(5, 3, Recurrence.Tanh, 1);
        var residual = RecurrentModel.Random(5, 3, Recurrence.Residual, 1);
        var e = Assert.Throws<ArgumentException>(() => ModelGradChecks.JacobianChains(residual, tanh, [1, 2], 0));
        Assert.Contains("residual (3.2) and tanh (3.1)", e.Message);
        Assert.Throws<ArgumentException>(() => ModelGradChecks.JacobianChains(tanh, tanh, [1, 2], 0));
    }

    /// <summary>
    /// Same weights as the tanh hand case. Residual: h1 = tanh 0.5, h2 = tanh(g2) + h1 with g2 = −1 + 0.8 h1;
    /// ∂J/∂h1 = (0.8(1 − tanh² g2) + 1)∂J/∂h2, ∂J/∂h0 = (0.8(1 − tanh² g1) + 1)∂J/∂h1.
    /// </summary>
    [Fact]
    public void Backward_matches_a_hand_computed_case()
    {
        var model = new RecurrentModel(
            Matrix<double>.Build.DenseOfArray(new double[,] { { 0.5, -1.0 } }),
            Matrix<double>.Build.DenseOfArray(new double[,] { { 0.8 } }),
            Matrix<double>.Build.DenseOfArray(new double[,] { { 1.5 }, { -0.5 } }), Recurrence.Residual);
        var trace = model.Forward([0, 1], 0);
        var grads = model.Backward(trace);
        Assert.Equal(-0.6303062741919923, trace.Gs[2][0], 12);
        Assert.Equal(-0.09614591584014426, trace.Hs[2][0], 12);
        Assert.Equal(-0.79390801145266, trace.J, 12);
        Assert.Equal(1.0958507484022273, grads.dhs[2][0], 12);
        Assert.Equal(1.6993071242221933, grads.dhs[1][0], 12);
        Assert.Equal(2.768440112588108, grads.dhs[0][0], 12);
        Assert.Equal(0.3485844311554385, grads.dWr[0, 0], 12);
    }

    [Fact]
    public void The_one_step_maps_differ_by_exactly_the_identity_term()
    {
        var Wr = Weights.Gaussian(5, 5, 0.7, seed: 3);
        var g = Weights.Gaussian(5, 1, 2.0, seed: 4).Column(0);
        var dh = Weights.Gaussian(5, 1, 1.0, seed: 5).Column(0);
        var difference = Boxes.P3.dJ_dhPrev_residual(Wr, g, dh) - Boxes.P3.dJ_dhPrev_tanh(Wr, g, dh);
        Assert.True((difference - dh).L2Norm() < 1e-15);
    }
}
