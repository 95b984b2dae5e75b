namespace Backprop.Kernel.Written.Syntax;

/// <summary>
/// A time index as the problem set writes it: a variable (t, T or a sum's own) plus an offset, or a plain number.
/// h_{t-1} is (t, −1), h_T is (T, 0), h_3 is (null, 3).
/// </summary>
/// <param name="Variable">"t", "T", a sum's variable, or null for a number.</param>
/// <param name="Offset">The number added to it.</param>
internal sealed record StepIndex(string? Variable, int Offset)
{
    /// <inheritdoc/>
    public override string ToString() => Variable is null ? Offset.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : Offset == 0 ? Variable : Offset > 0 ? $"{Variable}+{Offset}" : $"{Variable}-{-Offset}";

    /// <summary>As a subscript: "_t", "_{t-1}".</summary>
    public string Subscript => ToString() is { Length: 1 } one ? "_" + one : "_{" + this + "}";
}

/// <summary>A node of a boxed result's expression tree. Its <see cref="Text"/> is the problem set's plain notation, for messages.</summary>
internal abstract record Expr
{
    /// <summary>The node in plain notation, e.g. "W^r^T h_t".</summary>
    public abstract string Text { get; }

    /// <summary>The direct children.</summary>
    public virtual IEnumerable<Expr> Children => [];
}

/// <summary>A named quantity: W^u, W^e, W^r, h, g, x (with an index or without), y, p, s, α, D_t.</summary>
/// <param name="Name">"Wu", "We", "Wr", "h", "g", "x", "y", "p", "s", "alpha", "D".</param>
/// <param name="At">The time index, or null.</param>
internal sealed record Symbol(string Name, StepIndex? At) : Expr
{
    /// <inheritdoc/>
    public override string Text => Name switch
    {
        "Wu" => "W^u",
        "We" => "W^e",
        "Wr" => "W^r",
        "alpha" => "α",
        _ => Name,
    } + (At is null ? "" : At.Subscript);
}

/// <summary>∂J/∂X for a quantity X, however it was written (\frac, a slash, ∇).</summary>
/// <param name="Of">The quantity.</param>
internal sealed record Derivative(Symbol Of) : Expr
{
    /// <inheritdoc/>
    public override string Text => "∂J/∂" + Of.Text;
}

/// <summary>A number.</summary>
/// <param name="Value">Its value.</param>
internal sealed record Number(double Value) : Expr
{
    /// <inheritdoc/>
    public override string Text => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>𝕀 (or I), the identity of whatever size its neighbours have.</summary>
internal sealed record Identity : Expr
{
    /// <inheritdoc/>
    public override string Text => "𝕀";
}

/// <summary>𝟙, the vector of ones of whatever size its neighbours have.</summary>
internal sealed record Ones : Expr
{
    /// <inheritdoc/>
    public override string Text => "𝟙";
}

/// <summary>An operation on one operand.</summary>
/// <param name="Operand">The operand.</param>
internal abstract record Unary(Expr Operand) : Expr
{
    /// <inheritdoc/>
    public override IEnumerable<Expr> Children => [Operand];

    /// <summary>The same operation on another operand.</summary>
    public abstract Unary With(Expr operand);
}

/// <summary>−a.</summary>
internal sealed record Negate(Expr Operand) : Unary(Operand)
{
    /// <inheritdoc/>
    public override string Text => "−" + Wrap(Operand);

    /// <inheritdoc/>
    public override Unary With(Expr operand) => new Negate(operand);

    internal static string Wrap(Expr e) => e is Symbol or Derivative or Number or Identity or Ones or Call or Transpose ? e.Text : "(" + e.Text + ")";
}

/// <summary>aᵀ.</summary>
internal sealed record Transpose(Expr Operand) : Unary(Operand)
{
    /// <inheritdoc/>
    public override string Text => Negate.Wrap(Operand) + "ᵀ";

    /// <inheritdoc/>
    public override Unary With(Expr operand) => new Transpose(operand);
}

/// <summary>v², read element-wise for a vector.</summary>
internal sealed record Square(Expr Operand) : Unary(Operand)
{
    /// <inheritdoc/>
    public override string Text => Negate.Wrap(Operand) + "²";

    /// <inheritdoc/>
    public override Unary With(Expr operand) => new Square(operand);
}

/// <summary>diag, tanh, tanh′ (the derivative of tanh, element-wise) or tanh² (element-wise).</summary>
/// <param name="Function">"diag", "tanh", "tanh'", "tanh^2".</param>
/// <param name="Operand">The argument.</param>
internal sealed record Call(string Function, Expr Operand) : Unary(Operand)
{
    /// <inheritdoc/>
    public override string Text => Function + "(" + Operand.Text + ")";

    /// <inheritdoc/>
    public override Unary With(Expr operand) => new Call(Function, operand);
}

/// <summary>A binary operation.</summary>
/// <param name="Left">The left operand.</param>
/// <param name="Right">The right operand.</param>
internal abstract record Binary(Expr Left, Expr Right) : Expr
{
    /// <inheritdoc/>
    public override IEnumerable<Expr> Children => [Left, Right];

    /// <summary>The same operation on other operands.</summary>
    public abstract Binary With(Expr left, Expr right);
}

/// <summary>a + b.</summary>
internal sealed record Add(Expr Left, Expr Right) : Binary(Left, Right)
{
    /// <inheritdoc/>
    public override string Text => Left.Text + " + " + Right.Text;

    /// <inheritdoc/>
    public override Binary With(Expr left, Expr right) => new Add(left, right);
}

/// <summary>a − b.</summary>
internal sealed record Subtract(Expr Left, Expr Right) : Binary(Left, Right)
{
    /// <inheritdoc/>
    public override string Text => Left.Text + " − " + (Right is Add or Subtract ? "(" + Right.Text + ")" : Right.Text);

    /// <inheritdoc/>
    public override Binary With(Expr left, Expr right) => new Subtract(left, right);
}

/// <summary>a b: a matrix product, or a scaling when one side is a number.</summary>
internal sealed record Product(Expr Left, Expr Right) : Binary(Left, Right)
{
    /// <inheritdoc/>
    public override string Text => Factor(Left) + " " + Factor(Right);

    /// <inheritdoc/>
    public override Binary With(Expr left, Expr right) => new Product(left, right);

    internal static string Factor(Expr e) => e is Add or Subtract or Hadamard or Negate ? "(" + e.Text + ")" : e.Text;
}

/// <summary>a ⊙ b, element by element.</summary>
internal sealed record Hadamard(Expr Left, Expr Right) : Binary(Left, Right)
{
    /// <inheritdoc/>
    public override string Text => Product.Factor(Left) + " ⊙ " + Product.Factor(Right);

    /// <inheritdoc/>
    public override Binary With(Expr left, Expr right) => new Hadamard(left, right);
}

/// <summary>a / b for a scalar b.</summary>
internal sealed record Divide(Expr Left, Expr Right) : Binary(Left, Right)
{
    /// <inheritdoc/>
    public override string Text => Product.Factor(Left) + " / " + Product.Factor(Right);

    /// <inheritdoc/>
    public override Binary With(Expr left, Expr right) => new Divide(left, right);
}

/// <summary>Σ_{Variable = From}^{To} Body.</summary>
/// <param name="Variable">The summation variable, e.g. "t".</param>
/// <param name="From">The first index.</param>
/// <param name="To">The last index.</param>
/// <param name="Body">What is summed.</param>
internal sealed record Sum(string Variable, StepIndex From, StepIndex To, Expr Body) : Expr
{
    /// <inheritdoc/>
    public override string Text => $"Σ_{{{Variable}={From}}}^{{{To}}} " + Product.Factor(Body);

    /// <inheritdoc/>
    public override IEnumerable<Expr> Children => [Body];
}

/// <summary>
/// A product chain that mixes ⊙ with matrix products without parentheses, kept in both readings: the check uses the
/// one that fits the shapes, and sends the result to hand grading when both fit and differ.
/// </summary>
/// <param name="HadamardFirst">⊙ binds tighter: a (b ⊙ c).</param>
/// <param name="ProductFirst">The matrix product binds tighter: (a b) ⊙ c.</param>
/// <param name="Source">The chain as written.</param>
internal sealed record Ambiguous(Expr HadamardFirst, Expr ProductFirst, string Source) : Expr
{
    /// <inheritdoc/>
    public override string Text => Source;

    /// <inheritdoc/>
    public override IEnumerable<Expr> Children => [HadamardFirst, ProductFirst];
}
