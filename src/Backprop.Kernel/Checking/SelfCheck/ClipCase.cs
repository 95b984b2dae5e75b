using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Random;

namespace Backprop.Kernel;

/// <summary>
/// Cases of gradient-norm clipping: a seeded gradient of 5..40 entries and a threshold c. The course instance and
/// every even seed put c below ‖g‖ (the gradient must shrink to norm c); odd seeds put c above it (it must come
/// back unchanged). The expected value is written out here, not taken from the reference box.
/// </summary>
internal static class ClipCase
{
    public static CheckCase Build(string id, CheckCaseSpec spec)
    {
        var random = new MersenneTwister(spec.Seed + 29, threadSafe: false);
        int P = spec.CourseInstance ? 12 : random.Next(5, 41);
        var gradient = Vector<double>.Build.Dense(P, _ => 3.0 * (2.0 * random.NextDouble() - 1.0));
        double norm = gradient.L2Norm();
        bool clips = spec.CourseInstance || spec.Seed % 2 == 0;
        double c = clips ? norm * (0.1 + 0.5 * random.NextDouble()) : norm * (1.2 + random.NextDouble());
        var expected = Vector<double>.Build.Dense(P, i => clips ? gradient[i] * c / norm : gradient[i]);
        string description = (spec.CourseInstance ? "course " : "") + $"P={P}, ‖g‖={norm:0.00}, c={c:0.00}" + (clips ? " (clips)" : " (unchanged)");
        return new CheckCase(id, spec, description, [gradient, c], CheckValue.From(expected));
    }
}
