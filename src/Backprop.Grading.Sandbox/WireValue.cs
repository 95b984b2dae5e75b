using System.Text.Json.Serialization;
using Backprop.Kernel;
using Backprop.Kernel.Checking;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Grading.Sandbox;

/// <summary>What a <see cref="WireValue"/> holds.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<WireKind>))]
public enum WireKind
{
    /// <summary>A double (the leak α, a clipping threshold). Shape is empty; one entry.</summary>
    Scalar,

    /// <summary>A vector. Shape is [length].</summary>
    Vector,

    /// <summary>A matrix, its entries column-major. Shape is [rows, columns].</summary>
    Matrix,

    /// <summary>A list of vectors, their entries one after another. Shape holds each vector's length.</summary>
    Vectors,
}

/// <summary>
/// The one form in which a value crosses the child boundary, both ways: case inputs from the grader to a run child,
/// and what an answer returned from the child to the grader. <see cref="From"/> turns a MathNet value into it and
/// <see cref="ToObject"/> turns it back; nothing else converts. Every value read from the other side is checked
/// with <see cref="Problem"/> before it is used.
/// </summary>
/// <param name="Kind">What it holds.</param>
/// <param name="Shape">The dimensions that go with <paramref name="Kind"/>.</param>
/// <param name="Values">The entries, flattened as <paramref name="Kind"/> says.</param>
public sealed record WireValue(WireKind Kind, int[] Shape, double[] Values)
{
    /// <summary>
    /// Most entries in one value. The largest value of the course (a matrix, or a list of T+1 vectors) has a few hundred
    /// entries; a reply stays small.
    /// </summary>
    public const int MaxEntries = 100_000;

    /// <summary>Most vectors in a list (the longest sequence of the course has a few dozen steps).</summary>
    public const int MaxVectors = 10_000;

    /// <summary>
    /// A double, a Vector, a Matrix or a list of Vectors in wire form. Anything else (an answer that returned null or a
    /// string) throws <see cref="CheckOutputException"/> saying what it returned.
    /// </summary>
    /// <param name="value">A case input, or what an answer returned.</param>
    public static WireValue From(object? value) => value switch
    {
        null => throw new CheckOutputException("returned null"),
        double scalar => new(WireKind.Scalar, [], [scalar]),
        Vector<double> v => new(WireKind.Vector, [v.Count], v.ToArray()),
        Matrix<double> m => new(WireKind.Matrix, [m.RowCount, m.ColumnCount], m.ToColumnMajorArray()),
        IEnumerable<Vector<double>> list => FromList(list.ToArray()),
        _ => throw new CheckOutputException($"returned a {value.GetType().Name}, which is not a vector, a matrix or a list of vectors"),
    };

    /// <summary>The value as MathNet objects: a double, a Vector, a Matrix or a Vector[] (an IReadOnlyList).</summary>
    /// <exception cref="InvalidDataException">It does not pass <see cref="Problem"/>.</exception>
    public object ToObject()
    {
        if (Problem() is { } problem)
        {
            throw new InvalidDataException(problem);
        }

        return Kind switch
        {
            WireKind.Scalar => Values[0],
            WireKind.Vector => Vector<double>.Build.DenseOfArray(Values),
            WireKind.Matrix => Matrix<double>.Build.DenseOfColumnMajor(Shape[0], Shape[1], Values),
            _ => Split(),
        };
    }

    /// <summary>Why this value is malformed or too large, in words; null when its shape and entries agree and are bounded.</summary>
    public string? Problem()
    {
        // Fields a hand-written reply left out arrive as null, whatever the declared types say.
        if (Shape is null || Values is null)
        {
            return $"a {Kind} value without its {(Shape is null ? "shape" : "values")}";
        }

        if (Values.Length > MaxEntries)
        {
            return $"{Values.Length} entries, more than the {MaxEntries} any value of the course has";
        }

        if (Shape.Length > MaxVectors || Shape.Any(d => d < 0))
        {
            return $"a shape of {Shape.Length} dimensions with {(Shape.Any(d => d < 0) ? "a negative one" : "more than " + MaxVectors)}";
        }

        (int dimensions, long entries) = Kind switch
        {
            WireKind.Scalar => (0, 1L),
            WireKind.Vector => (1, Shape.Length == 1 ? Shape[0] : -1L),
            WireKind.Matrix => (2, Shape.Length == 2 ? (long)Shape[0] * Shape[1] : -1L),
            WireKind.Vectors => (Shape.Length, Shape.Sum(d => (long)d)),
            _ => (-1, -1L),
        };
        if (dimensions < 0)
        {
            return $"an unknown kind of value ({(int)Kind})";
        }

        return Shape.Length != dimensions || entries != Values.Length
            ? $"a {Kind} of shape [{string.Join(", ", Shape.Take(8))}{(Shape.Length > 8 ? ", …" : "")}] with {Values.Length} entries"
            : null;
    }

    private static WireValue FromList(Vector<double>[] list) =>
        list.Any(v => v is null)
            ? throw new CheckOutputException("returned a list with a null vector in it")
            : new(WireKind.Vectors, list.Select(v => v.Count).ToArray(), list.SelectMany(v => v).ToArray());

    private Vector<double>[] Split()
    {
        int start = 0;
        var list = new Vector<double>[Shape.Length];
        for (int i = 0; i < Shape.Length; i++)
        {
            list[i] = Vector<double>.Build.DenseOfArray(Values[start..(start + Shape[i])]);
            start += Shape[i];
        }

        return list;
    }
}
