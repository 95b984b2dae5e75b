using Backprop.Kernel.Checking;

namespace Backprop.Kernel.Tests;

public class WordMlpTests
{
    [Theory]
    [MemberData(nameof(RandomCases.Seeds), MemberType = typeof(RandomCases))]
    public void Backward_matches_central_differences_for_every_derivative(int seed)
    {
        var (N, M, words, target) = RandomCases.Sizes(seed);
        var report = ModelGradChecks.WordMlp(WordMlp.Random(N, M, seed), words[0], target, GradCheckOptions.Precise);
        Assert.Equal(["dJ/ds", "dJ/dh", "dJ/dWu", "dJ/dWe"], report.Select(r => r.Name));
        RandomCases.AssertAllPassed(report, seed);
    }

    /// <summary>
    /// N = 2, M = 1, We = [1 2], Wu = [1; −1], x = word 0, y = word 1. By hand: h = 1, s = (1, −1),
    /// p_0 = 1/(1+e^−2), J = −log(1+e²), ∂J/∂s = (−p_0, p_0), ∂J/∂h = −2 p_0, ∂J/∂We = [−2 p_0, 0].
    /// </summary>
    [Fact]
    public void Backward_matches_a_hand_computed_case()
    {
        var model = new WordMlp(Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 2 } }), Matrix<double>.Build.DenseOfArray(new double[,] { { 1 }, { -1 } }));
        var trace = model.Forward(0, 1);
        var grads = model.Backward(trace);
        const double p0 = 0.8807970779778823;
        Assert.Equal(-2.1269280110429727, trace.J, 12);
        Assert.Equal([1.0], trace.H.ToArray());
        Assert.Equal(-p0, grads.ds[0], 12);
        Assert.Equal(p0, grads.ds[1], 12);
        Assert.Equal(-2 * p0, grads.dh[0], 12);
        Assert.Equal(-p0, grads.dWu[0, 0], 12);
        Assert.Equal(p0, grads.dWu[1, 0], 12);
        Assert.Equal(-2 * p0, grads.dWe[0, 0], 12);
        Assert.Equal(0.0, grads.dWe[0, 1]);
    }

    [Fact]
    public void dJ_dWe_touches_only_the_input_words_column()
    {
        var model = WordMlp.Random(6, 3, seed: 4);
        var grads = model.Backward(model.Forward(2, 5));
        for (int column = 0; column < 6; column++)
        {
            Assert.Equal(column == 2, grads.dWe.Column(column).L2Norm() > 0);
        }
    }

    [Fact]
    public void J_is_the_log_likelihood_so_dJ_ds_is_y_minus_p_and_sums_to_zero()
    {
        var model = WordMlp.Random(5, 3, seed: 9);
        var trace = model.Forward(1, 3);
        var grads = model.Backward(trace);
        Assert.True(trace.J < 0);
        Assert.Equal(Math.Log(trace.P[3]), trace.J, 12);
        Assert.Equal(0.0, grads.ds.Sum(), 12);
        Assert.True(grads.ds[3] > 0, "the target's score must be pushed up: dJ/ds_y = 1 − p_y > 0");
    }
}
