using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Random;

namespace Backprop.Kernel;

/// <summary>
/// Cases of the leaky recurrence's one-step map: a seeded <see cref="BlendedRnn"/> with h_t = (1 − α) h_{t−1} + α tanh(g_t),
/// α drawn from the seed (0.3 on the course instance), and ∂J/∂h_t, ∂J/∂h_{t−1} both by central differences.
/// </summary>
internal static class LeakyCase
{
    public static CheckCase Build(string id, CheckCaseSpec spec)
    {
        var sizes = spec.Sizes();
        double alpha = spec.CourseInstance ? 0.3 : 0.1 + 0.8 * new MersenneTwister(spec.Seed + 17, threadSafe: false).NextDouble();
        var model = spec.CourseInstance
            ? new BlendedRnn(CourseProblems.TanhModel().We, CourseProblems.TanhModel().Wr, CourseProblems.TanhModel().Wu, Blend.Leaky(alpha))
            : BlendedRnn.Random(sizes.N, sizes.M, Blend.Leaky(alpha), spec.Seed);
        var trace = model.Forward(sizes.Words, sizes.Target);
        int t = sizes.Step;
        Vector<double> Dh(int at)
        {
            var h = trace.Hs[at].Clone();
            return NumericDerivative.Of(h, () => model.ObjectiveFrom(at, h, sizes.Words, sizes.Target));
        }

        string description = (spec.CourseInstance ? "course " : "") + sizes + $", t={t}, α={alpha:0.###}";
        return new CheckCase(id, spec, description, [model.Wr, trace.Gs[t], Dh(t), alpha], CheckValue.From(Dh(t - 1)));
    }
}
