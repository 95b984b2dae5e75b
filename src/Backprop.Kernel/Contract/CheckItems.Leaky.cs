using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Random;

namespace Backprop.Kernel.Checking;

/// <summary>The cases of the leaky one-step map and the public cases of gradient clipping.</summary>
public static partial class CheckItems
{
    /// <summary>
    /// A seeded <see cref="RecurrentModel"/> with h_t = (1 − α) h_{t−1} + α tanh(g_t), α drawn from the seed (0.3 on the
    /// course instance, whose weights are problem 2's); ∂J/∂h_t and ∂J/∂h_{t−1} both by central differences.
    /// </summary>
    private static CaseData LeakyCase(CheckCaseSpec spec)
    {
        var sizes = spec.Sizes();
        double alpha = spec.CourseInstance ? 0.3 : 0.1 + 0.8 * new MersenneTwister(spec.Seed + 17, threadSafe: false).NextDouble();
        var course = CourseProblems.TanhModel();
        var model = spec.CourseInstance
            ? new RecurrentModel(course.We, course.Wr, course.Wu, Recurrence.Leaky(alpha))
            : RecurrentModel.Random(sizes.N, sizes.M, Recurrence.Leaky(alpha), spec.Seed);
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
    /// The public cases of gradient clipping, given as numbers: each gradient, its threshold c and the clipped gradient
    /// the instructor's reference returned. The grader's other cases are built with the instructor's key, which no
    /// release contains.
    /// </summary>
    private static CaseData ClipCase(CheckCaseSpec spec)
    {
        (double[] Gradient, double C, double[] Expected) data = (spec.CourseInstance, spec.Seed) switch
        {
            (true, _) => ([-2.2853, 0.0151, 0.0709, 2.16, -2.3842, -1.6603], 1.713,
                [-0.9142533507975679, 0.006040881108407332, 0.028364137124905948, 0.8641260393483335, -0.953819121765878, -0.6642168810787215]),
            (false, 7) => ([0.6062, 0.3394, 1.7002, 0.2869, 1.3832, 1.6087], 4.231,
                [0.6062, 0.3394, 1.7002, 0.2869, 1.3832, 1.6087]),
            (false, 11) => ([1.5062, 0.5191, -1.5604, 0.6852, -2.3356, 1.9006], 3.428,
                [1.355480797179497, 0.4671558105270728, -1.4042572274059801, 0.6166348706860918, -2.1018861704238705, 1.7104148208201784]),
            _ => throw new InvalidOperationException(
                $"p4.clip_gradient has public cases only for the specs of CheckCaseSpec.Public; the case of seed {spec.Seed} is built by the grader."),
        };
        var gradient = Vector<double>.Build.Dense(data.Gradient);
        string description = (spec.CourseInstance ? "course " : "") + $"P={gradient.Count}, c={data.C:0.###}";
        return new CaseData([gradient, data.C], Vector<double>.Build.Dense(data.Expected), description);
    }
}
