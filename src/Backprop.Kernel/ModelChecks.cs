using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Kernel;

/// <summary>
/// The cheap finiteness check after a forward pass: s (N values) and J are checked every time, and only
/// when one is not finite are the weights scanned, so that the error can name the matrix and entry at fault.
/// </summary>
internal static class ModelChecks
{
    public static void FiniteOutput(ReadOnlySpan<double> s, double J, string model, params ReadOnlySpan<(Matrix<double> Matrix, string Name)> weights)
    {
        if (double.IsFinite(J) && IsFinite(s))
        {
            return;
        }

        foreach (var (matrix, name) in weights)
        {
            Guard.Finite(matrix, name);
        }

        throw new ArgumentException(
            $"{model}.Forward produced J = {J} although every weight is finite; the scores overflowed. Scale the weights down.");
    }

    private static bool IsFinite(ReadOnlySpan<double> values)
    {
        foreach (double v in values)
        {
            if (!double.IsFinite(v))
            {
                return false;
            }
        }

        return true;
    }
}
