namespace Backprop.Kernel.Tests;

public class VanishingGradientTests
{
    private static readonly GradientNormSetup Saturated = new(N: 8, M: 16, InputScale: 4.0);

    [Fact]
    public void With_saturated_tanh_the_vanilla_gradient_collapses_and_the_residual_one_does_not()
    {
        foreach (int seed in new[] { 1, 2, 3 })
        {
            var tanh = GradientNormExperiment.Run(Recurrence.Tanh, T: 100, spectralRadius: 1.0, seed, Saturated);
            var residual = GradientNormExperiment.Run(Recurrence.Residual, T: 100, spectralRadius: 1.0, seed, Saturated);
            Assert.True(tanh.SurvivingFraction < 1e-20, $"seed {seed}: tanh kept {tanh.SurvivingFraction:e2} of ‖dJ/dh_T‖ after 100 steps");
            Assert.True(residual.SurvivingFraction > 0.5, $"seed {seed}: residual kept only {residual.SurvivingFraction:e2}");
            Assert.True(residual.Norms[1] / tanh.Norms[1] > 1e20, $"seed {seed}: ratio {residual.Norms[1] / tanh.Norms[1]:e2}");
        }
    }

    [Fact]
    public void The_residual_gradient_never_falls_below_what_the_identity_carries_when_tanh_is_fully_saturated()
    {
        // With InputScale huge, 1 − tanh² g_t ≈ 0, so the residual map is ≈ I and ‖dJ/dh_t‖ stays ≈ ‖dJ/dh_T‖.
        var series = GradientNormExperiment.Run(Recurrence.Residual, T: 50, spectralRadius: 0.9, seed: 7, new GradientNormSetup(InputScale: 1e3));
        Assert.All(series.Norms, n => Assert.InRange(n / series.Norms[^1], 0.999, 1.001));
    }

    [Fact]
    public void Series_hold_one_norm_per_step_and_start_from_dJ_dh_T()
    {
        var series = GradientNormExperiment.Run(Recurrence.Tanh, T: 30, spectralRadius: 0.5, seed: 1);
        Assert.Equal(31, series.Norms.Count);
        Assert.True(series.Norms[30] > 0);
        // Contraction: with ρ = 0.5 and |tanh'| ≤ 1 each step multiplies the norm by at most 0.5.
        for (int t = 30; t >= 1; t--)
        {
            Assert.True(series.Norms[t - 1] <= 0.5 * series.Norms[t] * (1 + 1e-12), $"t = {t}");
        }
    }

    [Fact]
    public void The_heatmap_shows_tanh_vanishing_below_radius_one_and_residual_growing_above_it()
    {
        double[] radii = [0.5, 1.0, 1.5];
        int[] lengths = [10, 50, 100];
        var tanh = GradientNormExperiment.Heatmap(Recurrence.Tanh, radii, lengths, [1, 2]);
        var residual = GradientNormExperiment.Heatmap(Recurrence.Residual, radii, lengths, [1, 2]);
        Assert.Equal(3, tanh.Log10Norms.Length);
        Assert.True(tanh.Log10Norms[0][2] < tanh.Log10Norms[0][0] - 10, "tanh at ρ = 0.5 should lose > 10 decades between T = 10 and T = 100");
        Assert.True(residual.Log10Norms[0][2] > tanh.Log10Norms[0][2] + 10, "residual should keep > 10 more decades than tanh at ρ = 0.5, T = 100");
        Assert.True(residual.Log10Norms[2][2] > residual.Log10Norms[2][0], "residual at ρ = 1.5 should grow with T");
    }
}
