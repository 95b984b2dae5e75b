using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Grading.Sandbox;

/// <summary>
/// A case input or an answer's output in plain arrays, so it can cross the process boundary as JSON:
/// a vector, a matrix (column-major), a list of vectors or a scalar (such as the leak α or a clipping threshold).
/// </summary>
/// <param name="Kind">"vector", "matrix", "vectors" or "scalar" (one entry in Values).</param>
/// <param name="Rows">Rows of a matrix (0 otherwise).</param>
/// <param name="Columns">Columns of a matrix (0 otherwise).</param>
/// <param name="Values">The entries of a vector or a matrix (column-major).</param>
/// <param name="Items">The vectors of a list.</param>
public sealed record WireValue(string Kind, int Rows, int Columns, double[]? Values, double[][]? Items)
{
    /// <summary>Encodes a Vector, a Matrix, a list of Vectors or a double.</summary>
    /// <param name="value">A case input.</param>
    public static WireValue From(object value) => value switch
    {
        Vector<double> v => new("vector", 0, 0, v.ToArray(), null),
        Matrix<double> m => new("matrix", m.RowCount, m.ColumnCount, m.ToColumnMajorArray(), null),
        IEnumerable<Vector<double>> list => new("vectors", 0, 0, null, list.Select(v => v.ToArray()).ToArray()),
        double scalar => new("scalar", 0, 0, [scalar], null),
        _ => throw new ArgumentException($"Cannot send a {value.GetType().Name} to the sandbox; only vectors, matrices, lists of vectors and doubles.", nameof(value)),
    };

    /// <summary>Decodes back into MathNet objects: Vector, Matrix or Vector[] (which is an IReadOnlyList), or a double.</summary>
    public object ToObject() => Kind switch
    {
        "vector" => Vector<double>.Build.DenseOfArray(Values ?? []),
        "matrix" => Matrix<double>.Build.DenseOfColumnMajor(Rows, Columns, Values ?? []),
        "vectors" => (Items ?? []).Select(v => Vector<double>.Build.DenseOfArray(v)).ToArray(),
        "scalar" when Values is [double scalar] => scalar,
        _ => throw new InvalidDataException($"Unknown wire value kind '{Kind}'."),
    };
}
