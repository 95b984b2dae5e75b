using System.Globalization;

namespace Backprop.Kernel;

/// <summary>
/// The second rung of a self-check's hints: mistakes recognised from the answer and the central differences alone,
/// without a reference answer, named without stating the formula: a flipped sign, a transposed result, a constant
/// factor.
/// </summary>
public static class NamedMistakes
{
    /// <summary>What is wrong with <paramref name="actual"/> against <paramref name="expected"/>, or null when it is not one of the named mistakes.</summary>
    /// <param name="actual">The answer's output.</param>
    /// <param name="expected">Central differences, of the same length.</param>
    public static string? Name(CheckValue actual, CheckValue expected)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(expected);
        if (actual.Values.Length != expected.Values.Length || expected.Values.All(v => v == 0))
        {
            return null;
        }

        if (CheckEngine.RelativeError(actual.Values, expected.Values.Select(v => -v).ToArray()) <= CheckEngine.Tolerance)
        {
            return "it is exactly minus the gradient: a sign is flipped somewhere";
        }

        if (Transposed(expected) is { } transposed && CheckEngine.RelativeError(actual.Values, transposed) <= CheckEngine.Tolerance)
        {
            return "it is the gradient transposed: a gradient has the shape of its variable, entry (i, j) for weight (i, j)";
        }

        // a ≈ c·n with one constant c for every entry: the least-squares c, then the fit.
        double dot = actual.Values.Zip(expected.Values, (a, n) => a * n).Sum();
        double c = dot / expected.Values.Sum(n => n * n);
        if (Math.Abs(c - 1) > 1e-3 && Math.Abs(c) > 1e-3 && CheckEngine.RelativeError(actual.Values, expected.Values.Select(n => c * n).ToArray()) <= CheckEngine.Tolerance)
        {
            return $"it is {c.ToString("0.###", CultureInfo.InvariantCulture)} times the gradient: a constant factor is wrong or missing";
        }

        return null;
    }

    /// <summary>The entries of a square matrix value, transposed (column-major in and out); null for anything else.</summary>
    private static double[]? Transposed(CheckValue value)
    {
        string[] sides = value.Shape.Split('×');
        if (sides.Length != 2 || !int.TryParse(sides[0], out int rows) || !int.TryParse(sides[1], out int columns) || rows != columns || rows < 2)
        {
            return null;
        }

        var result = new double[value.Values.Length];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < columns; j++)
            {
                result[j * rows + i] = value.Values[i * rows + j];
            }
        }

        return result;
    }
}
