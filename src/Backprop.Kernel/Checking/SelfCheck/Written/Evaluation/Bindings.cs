using Backprop.Kernel.Written.Syntax;
using Backprop.Kernel;
using Backprop.Kernel.Checking;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Kernel.Written.Evaluation;

/// <summary>The values of the problem set's quantities on one case.</summary>
internal abstract class Bindings
{
    /// <summary>T, the number of steps, or null where the case has none (problem 1, one-step cases).</summary>
    public abstract int? T { get; }

    /// <summary>The step t of a one-step case, or null where t is only a summation variable.</summary>
    public abstract int? Step { get; }

    /// <summary>The quantities this case provides, in words, for messages.</summary>
    public abstract string Quantities { get; }

    /// <summary>The value of a quantity, with its index already resolved to a number (or null without one).</summary>
    /// <param name="symbol">The symbol as written.</param>
    /// <param name="index">Its resolved index.</param>
    public abstract Value Symbol(Symbol symbol, int? index);

    /// <summary>The value of ∂J/∂X.</summary>
    /// <param name="of">X as written.</param>
    /// <param name="index">X's resolved index.</param>
    public abstract Value Derivative(Symbol of, int? index);

    /// <summary>The error for a quantity this case does not provide.</summary>
    private protected EvalException Unbound(string what) =>
        new(EvalFailure.Unbound, $"{what} is not one of the quantities this item's check provides ({Quantities})");

    /// <summary>tanh′(g), element-wise, by central differences of tanh (the library states no derivative).</summary>
    private protected static Vector<double> TanhPrime(Vector<double> g) => g.Map(z => NumericDerivative.Of(Math.Tanh, z));
}

/// <summary>
/// Bindings from one item case's inputs, by the reference box's parameter names: y, p, Wu, dJ_ds, h, dJ_dh, x (problem 1)
/// and Wr, g_t, dJ_dh_t, alpha (the leaky map). A one-step case provides step t's quantities only, by the symbolic index t.
/// </summary>
internal sealed class CaseBindings : Bindings
{
    private readonly Dictionary<string, Value> _values = new(StringComparer.Ordinal);
    private readonly bool _hasStep;

    /// <summary>Binds <paramref name="case"/>'s inputs in <paramref name="item"/>'s signature order.</summary>
    /// <param name="item">The code item.</param>
    /// <param name="case">One of its cases.</param>
    public CaseBindings(CheckItem item, CheckCase @case)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(@case);
        for (int i = 0; i < item.ParameterNames.Count; i++)
        {
            string key = item.ParameterNames[i] switch
            {
                "Wu" => "Wu",
                "Wr" => "Wr",
                "dJ_ds" => "∂s",
                "dJ_dh" => "∂h",
                "h_t" => "h@t",
                "g_t" => "g@t",
                "dJ_dh_t" => "∂h@t",
                var name => name,
            };
            _values[key] = @case.Inputs[i] switch
            {
                Vector<double> v => MatrixValue.Column(v),
                Matrix<double> m => new MatrixValue(m),
                double d => new ScalarValue(d),
                var other => throw new InvalidOperationException($"{item.Id}: an input of type {other.GetType().Name} cannot be bound"),
            };
        }

        _hasStep = _values.Keys.Any(k => k.EndsWith("@t", StringComparison.Ordinal));
        if (_values.TryGetValue("g@t", out var g))
        {
            _values["D@t"] = new MatrixValue(Matrix<double>.Build.DenseOfDiagonalVector(TanhPrime(((MatrixValue)g).M.Column(0))));
        }

        Quantities = string.Join(", ", item.ParameterNames.Select(Describe));
    }

    /// <inheritdoc/>
    public override int? T => null;

    /// <inheritdoc/>
    public override int? Step => _hasStep ? 0 : null;

    /// <inheritdoc/>
    public override string Quantities { get; }

    /// <inheritdoc/>
    public override Value Symbol(Symbol symbol, int? index) => Lookup(symbol.Name, symbol, index, symbol.Text);

    /// <inheritdoc/>
    public override Value Derivative(Symbol of, int? index) => Lookup("∂" + of.Name, of, index, "∂J/∂" + of.Text);

    private Value Lookup(string name, Symbol written, int? index, string text)
    {
        // A one-step case has only step t: the index must be t itself (resolved to 0 by Step).
        string key = written.At is null ? name : written.At is { Variable: "t" } && index == 0 ? name + "@t" : "";
        return _values.TryGetValue(key, out var value) ? value : throw Unbound(text);
    }

    private static string Describe(string parameter) => parameter switch
    {
        "Wu" => "W^u",
        "Wr" => "W^r",
        "dJ_ds" => "∂J/∂s",
        "dJ_dh" => "∂J/∂h",
        "h_t" => "h_t",
        "g_t" => "g_t",
        "dJ_dh_t" => "∂J/∂h_t",
        "alpha" => "α",
        var name => name,
    };
}

/// <summary>
/// Bindings from a whole recurrent case (<see cref="CheckItems.Recurrent"/>): W^e, W^r, W^u, x_1…x_T, g_1…g_T,
/// h_0…h_T, s, p, y, ∂J/∂h_0…∂J/∂h_T, D_t (the diagonal of tanh′ at g_t), ∂J/∂g_t and ∂J/∂s; every derivative by
/// central differences of the forward pass, as the items' expected values are; t is the case's step.
/// </summary>
/// <param name="world">The case.</param>
/// <param name="recurrence">Its recurrence, to rerun the forward pass from g_t.</param>
internal sealed class RecurrentBindings(RecurrentCase world, Recurrence recurrence) : Bindings
{
    private readonly Dictionary<int, Vector<double>> _dgs = [];
    private Vector<double>? _ds;
    private readonly RecurrentModel _model = new(world.We, world.Wr, world.Wu, recurrence);
    /// <inheritdoc/>
    public override int? T => world.Trace.T;

    /// <inheritdoc/>
    public override int? Step => world.Step;

    /// <inheritdoc/>
    public override string Quantities => "W^e, W^r, W^u, x_t, g_t, h_t, s, p, y, ∂J/∂h_t, ∂J/∂g_t, ∂J/∂s";

    /// <inheritdoc/>
    public override Value Symbol(Symbol symbol, int? index)
    {
        var trace = world.Trace;
        return symbol.Name switch
        {
            "Wu" => new MatrixValue(world.Wu),
            "We" => new MatrixValue(world.We),
            "Wr" => new MatrixValue(world.Wr), // W^r_t (the weight with a step subscript) is read as W^r
            "s" => MatrixValue.Column(trace.S),
            "p" => MatrixValue.Column(trace.P),
            "y" => MatrixValue.Column(trace.Y),
            "h" => MatrixValue.Column(trace.Hs[Indexed(symbol, index, 0)]),
            "x" => MatrixValue.Column(trace.Xs[Indexed(symbol, index, 1)]),
            "g" => MatrixValue.Column(trace.Gs[Indexed(symbol, index, 1)]),
            "D" => new MatrixValue(Matrix<double>.Build.DenseOfDiagonalVector(TanhPrime(trace.Gs[Indexed(symbol, index, 1)]))),
            _ => throw Unbound(symbol.Text),
        };
    }

    /// <inheritdoc/>
    public override Value Derivative(Symbol of, int? index)
    {
        var trace = world.Trace;
        return of.Name switch
        {
            "h" => MatrixValue.Column(world.Dhs[Indexed(of, index, 0)]),
            "g" => MatrixValue.Column(NumericDg(Indexed(of, index, 1))),
            "s" => MatrixValue.Column(NumericDs()),
            _ => throw Unbound("∂J/∂" + of.Text),
        };
    }

    /// <summary>∂J/∂g_k: J rerun from a nudged g_k (h_k made from it), by central differences.</summary>
    private Vector<double> NumericDg(int k)
    {
        if (!_dgs.TryGetValue(k, out var dg))
        {
            var trace = world.Trace;
            var g = trace.Gs[k].Clone();
            _dgs[k] = dg = NumericDerivative.Of(g, () => _model.ObjectiveFromPreActivation(k, g, trace.Hs[k - 1], trace.Words, trace.Target));
        }

        return dg;
    }

    /// <summary>∂J/∂s: J = log softmax(s)_y at a nudged s, by central differences.</summary>
    private Vector<double> NumericDs()
    {
        if (_ds is null)
        {
            var s = world.Trace.S.Clone();
            _ds = NumericDerivative.Of(s, () => Softmax.LogProbability(s, world.Trace.Target));
        }

        return _ds;
    }

    private int Indexed(Symbol symbol, int? index, int first)
    {
        int T = world.Trace.T;
        if (index is not int k)
        {
            throw new EvalException(EvalFailure.Unbound, $"{symbol.Text} needs a step index, as in {symbol.Text}_t");
        }

        if (k < first || k > T)
        {
            string name = symbol.Name;
            throw new EvalException(EvalFailure.Missing,
                $"{name}_{k} does not exist in a case with T = {T}: the sequence runs {name}_{first} … {name}_{T}" + (symbol.At?.Variable is { } v ? $" (here {v} = {k - symbol.At.Offset})" : ""));
        }

        return k;
    }
}
