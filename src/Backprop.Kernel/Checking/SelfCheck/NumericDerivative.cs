using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Kernel;

/// <summary>
/// Expected values for self-checks: Richardson-extrapolated central differences, (4·n(ε/2) − n(ε)) / 3 with
/// ε = 1e-3, accurate to about 1e-12, computed from forward passes only; or, on request, GradCheck's plain ones.
/// </summary>
internal static class NumericDerivative
{
    private const double Step = 1e-3;

    public static Vector<double> Of(Vector<double> variable, Func<double> objective, bool plain = false) => plain
        ? GradCheck.Numeric(variable, objective, GradCheckOptions.Default.Step)
        : (4 * GradCheck.Numeric(variable, objective, Step / 2) - GradCheck.Numeric(variable, objective, Step)) / 3;

    /// <summary>The slope of <paramref name="f"/> at <paramref name="z"/> by the same Richardson-extrapolated central differences.</summary>
    public static double Of(Func<double, double> f, double z)
    {
        double Central(double step) => (f(z + step / 2) - f(z - step / 2)) / step;
        return (4 * Central(Step / 2) - Central(Step)) / 3;
    }

    public static Matrix<double> Of(Matrix<double> variable, Func<double> objective, bool plain = false) => plain
        ? GradCheck.Numeric(variable, objective, GradCheckOptions.Default.Step)
        : (4 * GradCheck.Numeric(variable, objective, Step / 2) - GradCheck.Numeric(variable, objective, Step)) / 3;
}
