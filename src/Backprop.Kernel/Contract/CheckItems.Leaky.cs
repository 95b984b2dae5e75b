using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Random;

namespace Backprop.Kernel;

/// <summary>The cases of the leaky one-step map and of gradient clipping.</summary>
public static partial class CheckItems
{
    /// <summary>
    /// A seeded <see cref="BlendedRnn"/> with h_t = (1 − α) h_{t−1} + α tanh(g_t), α drawn from the seed (0.3 on the
    /// course instance, whose weights are problem 2's); ∂J/∂h_t and ∂J/∂h_{t−1} both by central differences.
    /// </summary>
    private static CaseData LeakyCase(CheckCaseSpec spec)
    {
        var sizes = spec.Sizes();
        double alpha = spec.CourseInstance ? 0.3 : 0.1 + 0.8 * new MersenneTwister(spec.Seed + 17, threadSafe: false).NextDouble();
        var course = CourseProblems.TanhModel();
        var model = spec.CourseInstance
            ? new BlendedRnn(course.We, course.Wr, course.Wu, Blend.Leaky(alpha))
            : BlendedRnn.Random(sizes.N, sizes.M, Blend.Leaky(alpha), spec.Seed);
        var trace = model.Forward(sizes.Words, sizes.Target);
        int t = sizes.Step;
        Vector<double> Dh(int at)
        {
            var h = trace.Hs[at].Clone();
            return NumericDerivative.Of(h, () => model.ObjectiveFrom(at, h, sizes.Words, sizes.Target), spec.PlainDifferences);
        }

        return new CaseData([model.Wr, trace.Gs[t], Dh(t), alpha], Dh(t - 1), Describe(spec, sizes, t) + $", α={alpha:0.###}");
    }

    /// <summary>
    /// A seeded gradient of 5..40 entries and a threshold c: below ‖g‖ on the course instance and every even seed (the
    /// gradient must shrink to norm c), above it on odd seeds (it must come back unchanged). The expected value is
    /// written out here, not taken from the reference box.
    /// </summary>
    private static CaseData ClipCase(CheckCaseSpec spec)
    {
        var random = new MersenneTwister(spec.Seed + 29, threadSafe: false);
        int P = spec.CourseInstance ? 12 : random.Next(5, 41);
        var gradient = Vector<double>.Build.Dense(P, _ => 3.0 * (2.0 * random.NextDouble() - 1.0));
        double norm = gradient.L2Norm();
        bool clips = spec.CourseInstance || spec.Seed % 2 == 0;
        double c = clips ? norm * (0.1 + 0.5 * random.NextDouble()) : norm * (1.2 + random.NextDouble());
        var expected = Vector<double>.Build.Dense(P, i => clips ? gradient[i] * c / norm : gradient[i]);
        string description = (spec.CourseInstance ? "course " : "") + $"P={P}, ‖g‖={norm:0.00}, c={c:0.00}" + (clips ? " (clips)" : " (unchanged)");
        return new CaseData([gradient, c], expected, description);
    }

    private static double D(object o) => (double)o;
}
