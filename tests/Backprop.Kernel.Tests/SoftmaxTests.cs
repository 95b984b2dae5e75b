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
}
