using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Kernel.Checking;

/// <summary>An answer's output flattened for comparison: its shape as text and its entries in column-major order.</summary>
/// <param name="Shape">"(M)" for a vector, "R×C" for a matrix, "(T+1)×(M)" for a list of vectors.</param>
/// <param name="Values">The entries, flattened.</param>
public sealed record CheckValue(string Shape, double[] Values)
{
    /// <summary>Flattens a Vector, a Matrix or a list of Vectors; anything else is described as unusable.</summary>
    /// <param name="output">What an answer returned.</param>
    public static CheckValue From(object? output) => output switch
    {
        null => throw new CheckOutputException("returned null"),
        Vector<double> v => new CheckValue($"({v.Count})", v.ToArray()),
        Matrix<double> m => new CheckValue($"{m.RowCount}×{m.ColumnCount}", m.ToColumnMajorArray()),
        IEnumerable<Vector<double>> list => FromList(list.ToArray()),
        _ => throw new CheckOutputException($"returned a {output.GetType().Name}, which is not a vector, a matrix or a list of vectors"),
    };

    /// <summary>A deep copy of a case input (vectors, matrices, lists of vectors); other values are immutable and shared.</summary>
    internal static object Copy(object input) => input switch
    {
        Vector<double> v => v.Clone(),
        Matrix<double> m => m.Clone(),
        IReadOnlyList<Vector<double>> list => list.Select(v => v.Clone()).ToArray(),
        _ => input,
    };

    private static CheckValue FromList(Vector<double>[] list)
    {
        if (list.Any(v => v is null))
        {
            throw new CheckOutputException("returned a list with a null vector in it");
        }

        var lengths = list.Select(v => v.Count).Distinct().ToArray();
        string shape = lengths.Length == 1 ? $"({list.Length})×({lengths[0]})" : $"({list.Length})×(ragged: {string.Join(",", list.Select(v => v.Count))})";
        return new CheckValue(shape, list.SelectMany(v => v).ToArray());
    }
}

/// <summary>An answer returned something that cannot be compared, such as null or the wrong type.</summary>
public sealed class CheckOutputException(string message) : Exception(message);
