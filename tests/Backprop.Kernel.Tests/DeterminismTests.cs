namespace Backprop.Kernel.Tests;

public class DeterminismTests
{
    [Fact]
    public void The_same_seed_gives_bit_identical_weights_traces_and_gradients()
    {
        static double[] Run()
        {
            var model = RecurrentModel.Random(9, 5, Recurrence.Tanh, seed: 123);
            var trace = model.Forward([1, 4, 4, 0], 7);
            var grads = model.Backward(trace);
            return [.. model.Wr.Enumerate(), trace.J, .. grads.dWr.Enumerate(), .. grads.dWe.Enumerate(), .. grads.dhs.SelectMany(v => v)];
        }

        var a = Run();
        var b = Run();
        Assert.Equal(a.Select(BitConverter.DoubleToInt64Bits), b.Select(BitConverter.DoubleToInt64Bits));
    }

    [Fact]
    public void Different_seeds_give_different_weights()
    {
        Assert.NotEqual(Weights.Gaussian(3, 3, 1, seed: 1), Weights.Gaussian(3, 3, 1, seed: 2));
    }

    [Fact]
    public void Gradient_norm_experiments_are_bit_identical_per_seed()
    {
        var a = GradientNormExperiment.Run(Recurrence.Residual, 40, 1.1, seed: 5);
        var b = GradientNormExperiment.Run(Recurrence.Residual, 40, 1.1, seed: 5);
        Assert.Equal(a.Norms.Select(BitConverter.DoubleToInt64Bits), b.Norms.Select(BitConverter.DoubleToInt64Bits));
    }

    [Fact]
    public void Scaled_orthogonal_matrices_have_exactly_the_requested_spectral_radius()
    {
        var Wr = Weights.ScaledOrthogonal(12, 0.9, seed: 3);
        var radius = Wr.Evd().EigenValues.Max(e => e.Magnitude);
        Assert.Equal(0.9, radius, 10);
        Assert.True((Wr.TransposeThisAndMultiply(Wr) - Matrix<double>.Build.DenseIdentity(12) * 0.81).L2Norm() < 1e-12);
    }
}
