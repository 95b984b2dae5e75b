using Backprop.Kernel.Written.Syntax;
using Backprop.Kernel;
using Backprop.Kernel.Checking;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Kernel.Written.Evaluation;

/// <summary>
/// Evaluates an expression tree on one case with MathNet. Shapes are checked at every operation, and a mismatch names
/// both operands and their shapes. The work is bounded: at most <see cref="MaxSteps"/> node visits per evaluation.
/// </summary>
internal sealed class Evaluator
{
    /// <summary>The most node visits of one evaluation (sums multiply them).</summary>
    public const int MaxSteps = 20_000;

    private readonly Bindings _bindings;
    private readonly Dictionary<string, int> _variables = new(StringComparer.Ordinal);
    private readonly HashSet<string> _readings;
    private readonly (string Name, int? StepIndex)? _self;
    private readonly int _maxSteps;
    private int _steps;

    /// <summary>An evaluator on one case.</summary>
    /// <param name="bindings">The case's quantities.</param>
    /// <param name="readings">Collects how ambiguous notation was read.</param>
    /// <param name="self">The derivative being computed, which the expression must not use.</param>
    /// <param name="maxSteps">The most node visits, at most <see cref="MaxSteps"/>.</param>
    public Evaluator(Bindings bindings, HashSet<string> readings, (string Name, int? StepIndex)? self, int maxSteps = MaxSteps)
    {
        _maxSteps = Math.Min(maxSteps, MaxSteps);
        _bindings = bindings ?? throw new ArgumentNullException(nameof(bindings));
        _readings = readings ?? throw new ArgumentNullException(nameof(readings));
        _self = self;
        if (bindings.Step is int t)
        {
            _variables["t"] = t;
        }

        if (bindings.T is int T)
        {
            _variables["T"] = T;
        }
    }

    /// <summary>The node visits so far.</summary>
    public int Steps => _steps;

    /// <summary>The value of <paramref name="e"/> on this case.</summary>
    /// <param name="e">The expression.</param>
    /// <exception cref="EvalException">It has no value here; the message says why.</exception>
    public Value Evaluate(Expr e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (++_steps > _maxSteps)
        {
            throw new EvalException(EvalFailure.Unsupported, $"the result takes more than {_maxSteps:N0} steps to evaluate");
        }

        return e switch
        {
            Number n => new ScalarValue(n.Value),
            Identity => new IdentityValue(1),
            Ones => new OnesValue(1),
            Syntax.Symbol s => _bindings.Symbol(s, Resolve(s.At, s.Text)),
            Derivative d => Derivative(d),
            Negate n => Scale(Evaluate(n.Operand), -1),
            Transpose t => Transposed(Evaluate(t.Operand), t),
            Square s => Squared(Evaluate(s.Operand), s),
            Call c => Call(c, Evaluate(c.Operand)),
            Add a => Plus(Evaluate(a.Left), Evaluate(a.Right), a, 1),
            Subtract s => Plus(Evaluate(s.Left), Evaluate(s.Right), s, -1),
            Product p => Times(Evaluate(p.Left), Evaluate(p.Right), p),
            Hadamard h => Pointwise(Evaluate(h.Left), Evaluate(h.Right), h),
            Divide d => Over(Evaluate(d.Left), Evaluate(d.Right), d),
            Sum s => Summed(s),
            Ambiguous a => Either(a),
            _ => throw new EvalException(EvalFailure.Unsupported, $"“{e.Text}” is not evaluated"),
        };
    }

    /// <summary>An index as a number: t and T from the case, a summation variable from its sum.</summary>
    /// <param name="index">The index, or null.</param>
    /// <param name="where">The symbol, for the message.</param>
    public int? Resolve(Syntax.StepIndex? index, string where)
    {
        if (index is null)
        {
            return null;
        }

        if (index.Variable is null)
        {
            return index.Offset;
        }

        return _variables.TryGetValue(index.Variable, out int value)
            ? value + index.Offset
            : throw new EvalException(EvalFailure.Unbound, index.Variable == "t"
                ? $"{where} uses t, but this item's result has no step t outside a sum"
                : $"{where} uses {index.Variable}, which no sum around it defines");
    }

    private Value Derivative(Derivative d)
    {
        int? index = Resolve(d.Of.At, d.Text);
        if (_self is { } self && self.Name == d.Of.Name && self.StepIndex == index)
        {
            throw new EvalException(EvalFailure.Unsupported, $"the result is written with {d.Text}, the derivative it is meant to give");
        }

        return _bindings.Derivative(d.Of, index);
    }

    private Value Summed(Sum s)
    {
        int from = Resolve(s.From, "the sum's lower limit") ?? 1, to = Resolve(s.To, "the sum's upper limit") ?? 1;
        if (to < from)
        {
            throw new EvalException(EvalFailure.Missing, $"the sum from {s.Variable} = {from} to {to} has no terms");
        }

        if (to - from + 1 > WrittenLimits.MaxSumTerms)
        {
            throw new EvalException(EvalFailure.Unsupported, $"the sum has more than {WrittenLimits.MaxSumTerms} terms");
        }

        bool shadowed = _variables.TryGetValue(s.Variable, out int outer);
        try
        {
            Value? total = null;
            for (int k = from; k <= to; k++)
            {
                _variables[s.Variable] = k;
                var term = Evaluate(s.Body);
                total = total is null ? term : Plus(total, term, s, 1);
            }

            return total!;
        }
        finally
        {
            if (shadowed)
            {
                _variables[s.Variable] = outer;
            }
            else
            {
                _variables.Remove(s.Variable);
            }
        }
    }

    private Value Either(Ambiguous a)
    {
        Value? first = null, second = null;
        EvalException? firstError = null;
        try
        {
            first = Evaluate(a.HadamardFirst);
        }
        catch (EvalException e) when (e.IsFinding)
        {
            firstError = e;
        }

        try
        {
            second = Evaluate(a.ProductFirst);
        }
        catch (EvalException e) when (e.IsFinding)
        {
            if (first is null)
            {
                throw firstError!;
            }

            _readings.Add($"“{a.Source}” is read as {a.HadamardFirst.Text}: the other reading, {a.ProductFirst.Text}, does not fit the shapes.");
            return first;
        }

        if (first is null)
        {
            _readings.Add($"“{a.Source}” is read as {a.ProductFirst.Text}: the other reading, {a.HadamardFirst.Text}, does not fit the shapes.");
            return second;
        }

        if (Same(first, second))
        {
            return first;
        }

        throw new EvalException(EvalFailure.Ambiguous,
            $"“{a.Source}” mixes ⊙ with matrix products without parentheses; read with ⊙ first or with the matrix product first, it gives different values: add parentheses");
    }

    private static bool Same(Value a, Value b) => (a, b) switch
    {
        (MatrixValue x, MatrixValue y) => x.M.RowCount == y.M.RowCount && x.M.ColumnCount == y.M.ColumnCount
            && PassRule.MaxError(x.M.ToColumnMajorArray(), y.M.ToColumnMajorArray()).Error <= 1e-12,
        (ScalarValue x, ScalarValue y) => Math.Abs(x.X - y.X) <= 1e-12 * Math.Max(1, Math.Abs(x.X)),
        _ => a == b,
    };

    private static Value Scale(Value v, double c) => v switch
    {
        ScalarValue s => new ScalarValue(c * s.X),
        MatrixValue m => new MatrixValue(c * m.M),
        IdentityValue i => new IdentityValue(c * i.Scale),
        OnesValue o => new OnesValue(c * o.Scale),
        _ => v,
    };

    private static Value Transposed(Value v, Transpose node) => v switch
    {
        MatrixValue m => new MatrixValue(m.M.Transpose()),
        ScalarValue or IdentityValue => v,
        _ => throw new EvalException(EvalFailure.Unsupported, $"“{node.Text}”: 𝟙 is not transposed in the problem set's results"),
    };

    private static Value Squared(Value v, Square node)
    {
        switch (v)
        {
            case ScalarValue s:
                return new ScalarValue(s.X * s.X);
            case OnesValue o:
                return new OnesValue(o.Scale * o.Scale);
            case MatrixValue m when m.M.ColumnCount == 1 || m.M.RowCount == 1:
                return new MatrixValue(m.M.PointwiseMultiply(m.M));
            default:
                throw new EvalException(EvalFailure.Ambiguous, $"“{node.Text}” squares a {v.Shape} matrix, which could mean a matrix product or element-wise: write it out");
        }
    }

    private static Value Call(Call c, Value v)
    {
        if (c.Function == "diag")
        {
            return v switch
            {
                MatrixValue m when m.M.ColumnCount == 1 => new MatrixValue(Matrix<double>.Build.DenseOfDiagonalVector(m.M.Column(0))),
                MatrixValue m when m.M.RowCount == 1 => new MatrixValue(Matrix<double>.Build.DenseOfDiagonalVector(m.M.Row(0))),
                OnesValue o => new IdentityValue(o.Scale),
                _ => throw new EvalException(EvalFailure.Dimension, $"diag takes a vector, but its argument {c.Operand.Text} is {v.Shape}"),
            };
        }

        Func<double, double> f = c.Function switch
        {
            "tanh" => Math.Tanh,
            "tanh'" => z => NumericDerivative.Of(Math.Tanh, z), // tanh′ by central differences of tanh
            "tanh^2" => z => Math.Tanh(z) * Math.Tanh(z),
            _ => throw new EvalException(EvalFailure.Unsupported, $"{c.Function} is not evaluated"),
        };
        return v switch
        {
            ScalarValue s => new ScalarValue(f(s.X)),
            MatrixValue m => new MatrixValue(m.M.Map(f)),
            _ => throw new EvalException(EvalFailure.Unsupported, $"{c.Function} of {v.Shape} is not evaluated"),
        };
    }

    private Value Plus(Value a, Value b, Expr node, double sign)
    {
        string op = sign > 0 ? "added" : "subtracted";
        (Expr? left, Expr? right) = node is Binary bin ? (bin.Left, bin.Right) : (null, null);
        string Name(Expr? e, Value v) => e is null ? v.Shape : $"{e.Text} ({v.Shape})";
        switch (a, b)
        {
            case (MatrixValue x, MatrixValue y):
                if (x.M.RowCount != y.M.RowCount || x.M.ColumnCount != y.M.ColumnCount)
                {
                    throw new EvalException(EvalFailure.Dimension, node is Sum s
                        ? $"the terms of {s.Text} have different shapes, {x.Shape} and {y.Shape}"
                        : $"{Name(left, a)} and {Name(right, b)} cannot be {op}: their shapes differ");
                }

                return new MatrixValue(x.M + sign * y.M);
            case (ScalarValue x, ScalarValue y):
                return new ScalarValue(x.X + sign * y.X);
            case (IdentityValue x, IdentityValue y):
                return new IdentityValue(x.Scale + sign * y.Scale);
            case (OnesValue x, OnesValue y):
                return new OnesValue(x.Scale + sign * y.Scale);
            case (MatrixValue, _):
                return Broadcast((MatrixValue)a, b, sign, swap: false, node);
            case (_, MatrixValue):
                return Broadcast((MatrixValue)b, a, sign, swap: true, node);
            default:
                throw new EvalException(EvalFailure.Unsupported, $"{a.Shape} and {b.Shape} are not {op} in the problem set's results");
        }
    }

    /// <summary>m ± other (or other ± m when <paramref name="swap"/>), where other is a number, 𝕀 or 𝟙 sized by m.</summary>
    private MatrixValue Broadcast(MatrixValue m, Value other, double sign, bool swap, Expr node)
    {
        int rows = m.M.RowCount, cols = m.M.ColumnCount;
        Matrix<double> filler;
        switch (other)
        {
            case IdentityValue i when rows == cols:
                filler = i.Scale * Matrix<double>.Build.DenseIdentity(rows);
                break;
            case OnesValue o when cols == 1:
                filler = Matrix<double>.Build.Dense(rows, 1, o.Scale);
                break;
            case OnesValue o when rows == cols:
                _readings.Add("𝟙 added to a square matrix is read as the identity 𝕀.");
                filler = o.Scale * Matrix<double>.Build.DenseIdentity(rows);
                break;
            case ScalarValue s when cols == 1:
                _readings.Add("a number added to or subtracted from a vector is read as that number times 𝟙, the vector of ones.");
                filler = Matrix<double>.Build.Dense(rows, 1, s.X);
                break;
            case ScalarValue s when rows == cols:
                _readings.Add("a number added to or subtracted from a square matrix is read as that number times the identity 𝕀.");
                filler = s.X * Matrix<double>.Build.DenseIdentity(rows);
                break;
            default:
                throw new EvalException(EvalFailure.Dimension, $"in “{node.Text}”, {other.Shape} cannot be added to a {m.Shape} matrix");
        }

        return swap ? new MatrixValue(filler + sign * m.M) : new MatrixValue(m.M + sign * filler);
    }

    private static Value Times(Value a, Value b, Product node)
    {
        switch (a, b)
        {
            case (ScalarValue s, _):
                return Scale(b, s.X);
            case (_, ScalarValue s):
                return Scale(a, s.X);
            case (IdentityValue i, _) when b is not OnesValue:
                return Scale(b, i.Scale);
            case (_, IdentityValue i) when a is not OnesValue:
                return Scale(a, i.Scale);
            case (MatrixValue x, MatrixValue y):
                if (x.M.ColumnCount == y.M.RowCount)
                {
                    return new MatrixValue(x.M * y.M);
                }

                if (x.M.RowCount == 1 && x.M.ColumnCount == 1)
                {
                    return new MatrixValue(x.M[0, 0] * y.M);
                }

                if (y.M.RowCount == 1 && y.M.ColumnCount == 1)
                {
                    return new MatrixValue(y.M[0, 0] * x.M);
                }

                throw new EvalException(EvalFailure.Dimension,
                    $"{node.Left.Text} is {x.Shape} and {node.Right.Text} is {y.Shape}: they cannot be multiplied (the left's {x.M.ColumnCount} columns must match the right's {y.M.RowCount} rows)");
            default:
                throw new EvalException(EvalFailure.Dimension, $"in “{node.Text}”, 𝟙 (a vector of ones whose size comes from its neighbours) is multiplied as a matrix; inside diag(…) or with ⊙ it is read as intended");
        }
    }

    private static Value Pointwise(Value a, Value b, Hadamard node)
    {
        switch (a, b)
        {
            case (MatrixValue x, MatrixValue y):
                if (x.M.RowCount != y.M.RowCount || x.M.ColumnCount != y.M.ColumnCount)
                {
                    throw new EvalException(EvalFailure.Dimension, $"{node.Left.Text} is {x.Shape} and {node.Right.Text} is {y.Shape}: ⊙ needs equal shapes");
                }

                return new MatrixValue(x.M.PointwiseMultiply(y.M));
            case (ScalarValue s, _):
                return Scale(b, s.X);
            case (_, ScalarValue s):
                return Scale(a, s.X);
            case (OnesValue o, _):
                return Scale(b, o.Scale);
            case (_, OnesValue o):
                return Scale(a, o.Scale);
            default:
                throw new EvalException(EvalFailure.Unsupported, $"“{node.Text}”: ⊙ with 𝕀 is not read");
        }
    }

    private static Value Over(Value a, Value b, Divide node) => b switch
    {
        ScalarValue s when s.X != 0 => Scale(a, 1 / s.X),
        MatrixValue m when m.M.RowCount == 1 && m.M.ColumnCount == 1 && m.M[0, 0] != 0 => Scale(a, 1 / m.M[0, 0]),
        _ => throw new EvalException(EvalFailure.Unsupported, $"“{node.Text}” divides by {node.Right.Text}, which is not a non-zero number"),
    };
}
