using System.Globalization;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Kernel.Written.Evaluation;

/// <summary>The value of a subexpression on one case: a number, a matrix (a vector is n×1), or 𝕀 or 𝟙 of any size.</summary>
internal abstract record Value
{
    /// <summary>The shape in words, e.g. "4×1", "a number", "𝕀".</summary>
    public abstract string Shape { get; }
}

/// <summary>A number.</summary>
/// <param name="X">Its value.</param>
internal sealed record ScalarValue(double X) : Value
{
    /// <inheritdoc/>
    public override string Shape => "a number";
}

/// <summary>A matrix; a vector is a column, n×1.</summary>
/// <param name="M">The entries.</param>
internal sealed record MatrixValue(Matrix<double> M) : Value
{
    /// <inheritdoc/>
    public override string Shape => string.Create(CultureInfo.InvariantCulture, $"{M.RowCount}×{M.ColumnCount}");

    /// <summary>True for an n×1 column.</summary>
    public bool IsColumn => M.ColumnCount == 1;

    /// <summary>The value of a vector as a column.</summary>
    public static MatrixValue Column(Vector<double> v) => new(v.ToColumnMatrix());
}

/// <summary>s·𝕀, the identity times a number, sized by its neighbours.</summary>
/// <param name="Scale">The number.</param>
internal sealed record IdentityValue(double Scale) : Value
{
    /// <inheritdoc/>
    public override string Shape => "𝕀";
}

/// <summary>s·𝟙, the vector of ones times a number, sized by its neighbours.</summary>
/// <param name="Scale">The number.</param>
internal sealed record OnesValue(double Scale) : Value
{
    /// <inheritdoc/>
    public override string Shape => "𝟙";
}

/// <summary>Why an expression has no value on a case.</summary>
internal enum EvalFailure
{
    /// <summary>Shapes that do not fit: a finding about the result.</summary>
    Dimension,

    /// <summary>A quantity that does not exist in the case, such as h_4 when T = 3, or x_0: a finding about the result.</summary>
    Missing,

    /// <summary>A quantity this item's check does not provide: left to hand grading.</summary>
    Unbound,

    /// <summary>Two readings that fit and differ: left to hand grading.</summary>
    Ambiguous,

    /// <summary>An operation the checker does not evaluate, or the result written with itself: left to hand grading.</summary>
    Unsupported,
}

/// <summary>An expression has no value on a case; the message names the subexpression and why.</summary>
/// <param name="failure">The kind.</param>
/// <param name="message">What does not fit, in the student's notation.</param>
internal sealed class EvalException(EvalFailure failure, string message) : Exception(message)
{
    /// <summary>The kind.</summary>
    public EvalFailure Failure { get; } = failure;

    /// <summary>True for a finding about the result (its shapes or its indices), false for something left to hand grading.</summary>
    public bool IsFinding => Failure is EvalFailure.Dimension or EvalFailure.Missing;
}
