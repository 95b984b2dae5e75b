using System.Text;

namespace Backprop.Kernel.Checking;

/// <summary>
/// One row of the table of graded items (<see cref="CheckItems"/>): the id, the answer's signature as a delegate
/// type, the box it is written in, how to build its public cases, the tolerance and the first hint. The self-checks,
/// <c>backprop check</c>, the grader, the release tool and the docs all read this row. What only the instructor uses
/// (the later rungs of the hint ladder, the known mistakes) is kept in a project that no release contains.
/// </summary>
public abstract class CheckItem
{
    private readonly Func<CheckCaseSpec, CaseData> _build;

    private protected CheckItem(string id, string title, Func<CheckCaseSpec, CaseData> build, string hint, double tolerance, IReadOnlyList<string> uses)
    {
        if (string.IsNullOrWhiteSpace(hint))
        {
            throw new ArgumentException($"{id} needs a hint: the first nudge.", nameof(hint));
        }

        Id = id;
        Title = title;
        _build = build;
        Hint = hint;
        Tolerance = tolerance;
        Uses = uses;
    }

    /// <summary>The id used by answer cells, check cells and <c>notebooks/grading.json</c>, e.g. "p2.dJ_dWr".</summary>
    public string Id { get; }

    /// <summary>The problem of the problem set, 1 to 4 (the digit after "p" in the id).</summary>
    public int Problem => int.Parse(Id.AsSpan(1, Id.IndexOf('.', StringComparison.Ordinal) - 1), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The function an answer cell defines: the id after the dot, e.g. "dJ_dWr".</summary>
    public string FunctionName => Id[(Id.IndexOf('.', StringComparison.Ordinal) + 1)..];

    /// <summary>The derivative in the problem set's notation, e.g. "∂J/∂Wr"; never the formula.</summary>
    public string Title { get; }

    /// <summary>The first nudge, shown when an answer fails: where to look, never what to write.</summary>
    public string Hint { get; }

    /// <summary>The largest error (<see cref="PassRule"/>) that passes on every case.</summary>
    public double Tolerance { get; }

    /// <summary>
    /// The items whose functions this item's answer calls, as the notebook's derivation builds on them (e.g. p2.dJ_dWr
    /// uses p2.dJ_dg). The grader compiles an answer together with the student's own cells of these items.
    /// </summary>
    public IReadOnlyList<string> Uses { get; }

    /// <summary>
    /// Every item this answer needs, directly or through another used item, in the order of <see cref="CheckItems.All"/>
    /// (the notebooks' order): the cells the grader compiles with it.
    /// </summary>
    public IReadOnlyList<CheckItem> UsedItems
    {
        get
        {
            var needed = new HashSet<string>(StringComparer.Ordinal);
            var pending = new Stack<string>(Uses);
            while (pending.Count > 0)
            {
                string id = pending.Pop();
                if (id != Id && needed.Add(id))
                {
                    foreach (string next in CheckItems.Find(id).Uses)
                    {
                        pending.Push(next);
                    }
                }
            }

            return CheckItems.All.Where(i => needed.Contains(i.Id)).ToArray();
        }
    }

    /// <summary>The answer's signature: a <c>Func&lt;…&gt;</c> whose type arguments are the parameters, then the result.</summary>
    public abstract Type DelegateType { get; }

    /// <summary>The parameter names, in order, as the reference box names them.</summary>
    public abstract IReadOnlyList<string> ParameterNames { get; }

    /// <summary>The argument types, in order.</summary>
    public IReadOnlyList<Type> ParameterTypes => DelegateType.GetGenericArguments()[..^1];

    /// <summary>The return type.</summary>
    public Type ReturnType => DelegateType.GetGenericArguments()[^1];

    /// <summary>The signature as students write it, e.g. <c>Matrix&lt;double&gt; dJ_dWr(IReadOnlyList&lt;Vector&lt;double&gt;&gt; hs, …)</c>.</summary>
    public string Signature
    {
        get
        {
            var text = new StringBuilder(TypeName(ReturnType)).Append(' ').Append(FunctionName).Append('(');
            text.AppendJoin(", ", ParameterTypes.Select((t, i) => TypeName(t) + " " + ParameterNames[i]));
            return text.Append(')').ToString();
        }
    }

    /// <summary>Builds one case from a spec: the inputs, and the expected output from central differences (never the box).</summary>
    /// <param name="spec">The course instance, a public seed or a hidden one.</param>
    public CheckCase Build(CheckCaseSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var data = _build(spec);
        return new CheckCase(Id, spec, data.Description, data.Inputs, CheckValue.From(data.Expected));
    }

    /// <summary>Runs the item's box in <see cref="Boxes"/> on case inputs in signature order: the reference answer in the course repository, the student's own in a release.</summary>
    /// <param name="inputs">The case inputs.</param>
    public abstract object? RunReference(object[] inputs);

    private static string TypeName(Type type)
    {
        if (type.IsArray)
        {
            return TypeName(type.GetElementType()!) + "[]";
        }

        if (!type.IsGenericType)
        {
            return type == typeof(double) ? "double" : type == typeof(int) ? "int" : type.Name;
        }

        string name = type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)];
        return $"{name}<{string.Join(", ", type.GetGenericArguments().Select(TypeName))}>";
    }
}

/// <summary>A row of the table whose answers have the delegate type <typeparamref name="TAnswer"/>.</summary>
/// <typeparam name="TAnswer">The answer's signature, a <c>Func&lt;…&gt;</c>.</typeparam>
public sealed class CheckItem<TAnswer> : CheckItem
    where TAnswer : Delegate
{
    private readonly Func<TAnswer, object[], object?> _invoke;

    internal CheckItem(string id, string title, TAnswer reference, Func<TAnswer, object[], object?> invoke, Func<CheckCaseSpec, CaseData> build,
        string hint, double tolerance, IReadOnlyList<string> uses)
        : base(id, title, build, hint, tolerance, uses)
    {
        Reference = reference;
        _invoke = invoke;
        ParameterNames = reference.Method.GetParameters().Select(p => p.Name ?? "arg").ToArray();
    }

    /// <summary>The item's box, e.g. <c>Boxes.P2.dJ_dWr</c>: the reference answer in the course repository, a stub the student fills in a release.</summary>
    public TAnswer Reference { get; }

    /// <inheritdoc/>
    public override Type DelegateType => typeof(TAnswer);

    /// <inheritdoc/>
    public override IReadOnlyList<string> ParameterNames { get; }

    /// <summary>The answer as a function of case inputs in signature order, called through its own delegate type.</summary>
    /// <param name="answer">A student's function or a box.</param>
    public Func<object[], object?> Bind(TAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return inputs => _invoke(answer, inputs);
    }

    /// <summary>
    /// The self-check: runs <paramref name="answer"/> on the public cases and compares with central differences. A
    /// failing answer of an item that uses others (<see cref="CheckItem.Uses"/>) also says which of those to fix first.
    /// </summary>
    /// <param name="answer">A student's function.</param>
    public CheckVerdict Check(TAnswer answer)
    {
        var verdict = CheckEngine.Run(this, Bind(answer), CheckCaseSpec.Public);
        SelfCheckHistory.Record(Id, verdict.Passed);
        return verdict.Passed ? verdict : verdict with { Note = SelfCheckHistory.NoteFor(this) };
    }

    /// <inheritdoc/>
    public override object? RunReference(object[] inputs) => _invoke(Reference, inputs);
}

/// <summary>What a case builder returns: the inputs in signature order, the expected output and a description.</summary>
/// <param name="Inputs">The answer's arguments.</param>
/// <param name="Expected">Central differences of the forward pass, the shape of the answer's output.</param>
/// <param name="Description">Sizes and step, e.g. "N=8 M=4 T=3, t=2".</param>
internal sealed record CaseData(IReadOnlyList<object> Inputs, object Expected, string Description);
