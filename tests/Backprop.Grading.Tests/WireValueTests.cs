using System.Globalization;
using System.Text.Json;
using Backprop.Grading.Sandbox;
using Backprop.Kernel;
using Backprop.Kernel.Checking;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Grading.Tests;

/// <summary>The one wire form of values between the grader and its children: every kind survives the trip, both ways.</summary>
public class WireValueTests
{
    public static TheoryData<string> Kinds() => ["scalar", "vector", "matrix", "vectors", "ragged vectors", "empty vector", "nan and infinity"];

    private static object Make(string kind) => kind switch
    {
        "scalar" => 0.125,
        "vector" => Vector<double>.Build.DenseOfArray([1, -2, 3.5]),
        "matrix" => Matrix<double>.Build.DenseOfArray(new[,] { { 1.0, 2, 3 }, { 4, 5, 6 } }),
        "vectors" => new[] { Vector<double>.Build.DenseOfArray([1, 2]), Vector<double>.Build.DenseOfArray([3, 4]) },
        "ragged vectors" => new List<Vector<double>> { Vector<double>.Build.DenseOfArray([1]), Vector<double>.Build.DenseOfArray([2, 3, 4]) },
        "empty vector" => Vector<double>.Build.Dense(0),
        "nan and infinity" => Vector<double>.Build.DenseOfArray([double.NaN, double.PositiveInfinity, double.NegativeInfinity]),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_kind_of_value_crosses_a_request_and_a_reply_unchanged(string kind)
    {
        var value = Make(kind);

        // Grader → child: a request's case input, as the run child reads it.
        var request = JsonSerializer.Deserialize<SandboxRequest>(
            JsonSerializer.Serialize(new SandboxRequest("p", [1, 2], [[WireValue.From(value)]]), SandboxJson.Options), SandboxJson.Options)!;
        var input = request.Cases[0][0].ToObject();
        Assert.Equal(Describe(value), Describe(input));

        // Child → grader: the same object returned by an answer, as the grader reads the reply.
        var reply = JsonSerializer.Serialize(new SandboxResponse("p", [new SandboxCaseOutput(WireValue.From(input), null)]), SandboxJson.Options);
        var (outputs, rejected) = Isolation.SandboxProcess.Parse(reply, request);
        Assert.True(outputs is not null, rejected);
        Assert.Equal(Describe(value), Describe(outputs[0].Value!.ToObject()));
    }

    [Fact]
    public void The_json_says_the_kind_in_words()
    {
        string json = JsonSerializer.Serialize(WireValue.From(Matrix<double>.Build.Dense(2, 1)), SandboxJson.Options);
        Assert.Equal("""{"kind":"Matrix","shape":[2,1],"values":[0,0]}""", json);
    }

    [Theory]
    [InlineData(null, "returned null")]
    [InlineData("text", "returned a String, which is not a vector")]
    public void What_no_wire_value_can_hold_is_named(object? value, string message)
    {
        var e = Assert.Throws<CheckOutputException>(() => WireValue.From(value));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void A_list_with_a_null_vector_is_named()
    {
        var e = Assert.Throws<CheckOutputException>(() => WireValue.From(new Vector<double>[] { Vector<double>.Build.Dense(1), null! }));
        Assert.Contains("a null vector", e.Message);
    }

    [Fact]
    public void A_malformed_value_is_not_turned_into_an_object()
    {
        var e = Assert.Throws<InvalidDataException>(() => new WireValue(WireKind.Matrix, [2, 2], [1, 2, 3]).ToObject());
        Assert.Contains("a Matrix of shape [2, 2] with 3 entries", e.Message);
    }

    /// <summary>Type and entries, exactly (NaN included), so a value that changed kind or shape on the way shows.</summary>
    private static string Describe(object value) => value switch
    {
        double d => "double " + R(d),
        Vector<double> v => $"vector [{string.Join(" ", v.Select(x => R(x)))}]",
        Matrix<double> m => $"matrix {m.RowCount}x{m.ColumnCount} [{string.Join(" ", m.ToRowMajorArray().Select(x => R(x)))}]",
        IEnumerable<Vector<double>> list => "list " + string.Join(" | ", list.Select(Describe)),
        _ => value.GetType().Name,
    };

    private static string R(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}
