using System.Globalization;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace PoisonedNotebooks;

/// <summary>
/// Which code of a notebook reports gradient-derived quantities, read from the code the cells run (no list of cells):
/// <list type="bullet">
/// <item>the answers are the functions whose body calls <c>Poison.Apply</c> (every solution region, once poisoned);</item>
/// <item>a top-level statement or function that names an answer, or a name already derived, makes what it declares or
/// assigns derived too, in cell order, unless it is <em>forward</em>: it reads members the library documents as
/// forward-pass quantities of a result that also carries gradients (‖h_t‖ and tanh′(g_t) of a probe's series, say)
/// and no gradient member, and calls no answer itself;</item>
/// <item>a gradient cell is one whose printing statement (its value, a Console.Write or display) is derived.</item>
/// </list>
/// The library's documentation (Backprop.Kernel.xml of the release) says which members are which: a member whose
/// documentation has ∂, "derivative" or "gradient" is a gradient member; the other members of a type whose summary says
/// which of its members are the forward regime (a probe's series) are forward. Any other type's members (a training
/// run's accuracy, trained with the answers) are never forward.
/// </summary>
internal sealed class GradientCells
{
    private static readonly CSharpParseOptions Script = CSharpParseOptions.Default.WithKind(SourceCodeKind.Script);
    private static readonly string[] GradientWords = ["∂", "derivative", "gradient", "Gradient"];

    private readonly HashSet<string> _forwardMembers;
    private readonly HashSet<string> _gradientMembers;
    private readonly HashSet<string> _gradientMethods;
    private readonly List<SyntaxNode> _roots;
    private readonly HashSet<string> _derived;

    public GradientCells(IReadOnlyList<string> sources, string libraryXml)
    {
        (_forwardMembers, _gradientMembers, _gradientMethods) = Members(libraryXml);
        _roots = sources.Select(s => CSharpSyntaxTree.ParseText(s, Script).GetRoot()).ToList();
        Answers = _roots.SelectMany(r => r.DescendantNodes())
            .Select(n => n switch
            {
                LocalFunctionStatementSyntax f when CallsPoison(f) => f.Identifier.Text,
                MethodDeclarationSyntax m when CallsPoison(m) => m.Identifier.Text,
                _ => null,
            })
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        _derived = new HashSet<string>(Answers, StringComparer.Ordinal);
        Gradient = new bool[_roots.Count];
        for (int i = 0; i < _roots.Count; i++)
        {
            var members = ((CompilationUnitSyntax)_roots[i]).Members;
            // Twice: a function declared below its first use in the same cell.
            for (int pass = 0; pass < 2; pass++)
            {
                foreach (var member in members.Where(IsDerived))
                {
                    _derived.UnionWith(Declared(member));
                }
            }

            Gradient[i] = members.Any(m => Prints(m) && IsDerived(m));
        }
    }

    /// <summary>The answer functions found.</summary>
    public IReadOnlySet<string> Answers { get; }

    /// <summary>For each code cell, true when it prints something derived from the answers.</summary>
    public bool[] Gradient { get; }

    /// <summary>
    /// True when a line of cell <paramref name="cell"/>'s output that holds <paramref name="numbers"/> is explained
    /// without the answers: every number is written in the cell's code, or the line comes from a Console.Write(Line)
    /// (or a chart trace from a call naming it) that uses nothing derived.
    /// </summary>
    public bool ForwardUnit(int cell, IReadOnlyList<string> numbers, string text, string? traceName)
    {
        var root = _roots[cell];
        var literals = root.DescendantTokens().Where(t => t.IsKind(SyntaxKind.NumericLiteralToken)).Select(t => Convert.ToDouble(t.Value, CultureInfo.InvariantCulture))
            .Concat(root.DescendantTokens().Where(t => t.IsKind(SyntaxKind.StringLiteralToken) || t.IsKind(SyntaxKind.InterpolatedStringTextToken))
                .SelectMany(t => Comparer.Numbers(t.ValueText)).Select(Comparer.Parse))
            .ToHashSet();
        if (numbers.All(n => literals.Contains(Comparer.Parse(n))))
        {
            return true;
        }

        // The call that printed it: in this cell, or (a chart drawn by a function) in a cell above.
        var source = _roots.Take(cell + 1).Reverse().SelectMany(r => r.DescendantNodes().OfType<InvocationExpressionSyntax>()
            .Where(call => traceName is null
                ? call.Expression.ToString() is "Console.WriteLine" or "Console.Write" && Fragments(call).All(f => text.Contains(f, StringComparison.Ordinal)) && Fragments(call).Any()
                : call.ArgumentList.Arguments.Any(a => a.Expression is LiteralExpressionSyntax l && l.Token.ValueText == traceName))
            .OrderBy(call => call.Span.Length)).FirstOrDefault();
        return source is not null && !IsDerived(source);
    }

    private static IEnumerable<string> Fragments(SyntaxNode call) =>
        call.DescendantTokens().Where(t => (t.IsKind(SyntaxKind.StringLiteralToken) || t.IsKind(SyntaxKind.InterpolatedStringTextToken)) && t.Parent is not InterpolationFormatClauseSyntax)
            .Select(t => t.ValueText.Trim()).Where(f => f.Length > 0);

    private bool IsDerived(SyntaxNode node)
    {
        var names = node.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Select(n => n.Identifier.Text).ToList();
        if (names.Any(_gradientMethods.Contains))
        {
            return true;
        }

        if (!names.Any(_derived.Contains))
        {
            return false;
        }

        if (names.Any(Answers.Contains))
        {
            return true;
        }

        var accessed = node.DescendantNodesAndSelf().OfType<MemberAccessExpressionSyntax>().Select(a => a.Name.Identifier.Text).ToList();
        bool forward = accessed.Any(_forwardMembers.Contains) && !accessed.Any(_gradientMembers.Contains);
        return !forward;
    }

    /// <summary>True for a statement that shows something: the cell's value, a Console.Write(Line) or display(…).</summary>
    private static bool Prints(MemberDeclarationSyntax member) =>
        member is GlobalStatementSyntax { Statement: ExpressionStatementSyntax { SemicolonToken.IsMissing: true } }
        || member.DescendantNodes().OfType<InvocationExpressionSyntax>().Any(c => c.Expression.ToString() is "Console.WriteLine" or "Console.Write" or "display");

    private static bool CallsPoison(SyntaxNode function) =>
        function.DescendantNodes().OfType<MemberAccessExpressionSyntax>().Any(a => a.ToString() == "Poison.Apply");

    /// <summary>
    /// The names a top-level member declares or assigns: a function's name (not its body's locals), a declaration's
    /// variables, and the targets of assignments in any other statement.
    /// </summary>
    private static IEnumerable<string> Declared(MemberDeclarationSyntax member)
    {
        var node = member is GlobalStatementSyntax global ? (SyntaxNode)global.Statement : member;
        return node switch
        {
            LocalFunctionStatementSyntax f => [f.Identifier.Text],
            MethodDeclarationSyntax m => [m.Identifier.Text],
            LocalDeclarationStatementSyntax l => l.Declaration.Variables.Select(v => v.Identifier.Text),
            FieldDeclarationSyntax f => f.Declaration.Variables.Select(v => v.Identifier.Text),
            _ => node.DescendantNodes().OfType<AssignmentExpressionSyntax>().Select(a => a.Left).OfType<IdentifierNameSyntax>().Select(n => n.Identifier.Text)
                .Concat(node.DescendantNodes().OfType<SingleVariableDesignationSyntax>().Select(d => d.Identifier.Text)),
        };
    }

    /// <summary>
    /// From the library's XML docs: the names of members documented as gradients, and of the other members of the types
    /// that have gradient members (a record's positional members are its &lt;param&gt;s). A name that is both is a gradient.
    /// </summary>
    private static (HashSet<string> Forward, HashSet<string> Gradient, HashSet<string> Methods) Members(string xml)
    {
        var byType = new Dictionary<string, List<(string Name, string Doc)>>(StringComparer.Ordinal);
        var methods = new List<(string Name, string Doc)>();
        var forwardTypes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in XDocument.Load(xml).Descendants("member"))
        {
            string name = (string)member.Attribute("name")!;
            if (name.StartsWith("P:", StringComparison.Ordinal))
            {
                int dot = name.LastIndexOf('.');
                Add(name[2..dot], name[(dot + 1)..], member.Value);
            }
            else if (name.StartsWith("M:", StringComparison.Ordinal) && !name.Contains("#ctor", StringComparison.Ordinal))
            {
                string signature = name.Split('(')[0];
                methods.Add((signature[(signature.LastIndexOf('.') + 1)..].Split('`')[0], member.Value));
            }
            else if (name.StartsWith("T:", StringComparison.Ordinal))
            {
                if (member.Element("summary")?.Value.Contains("forward", StringComparison.Ordinal) == true)
                {
                    forwardTypes.Add(name[2..]);
                }

                foreach (var param in member.Elements("param"))
                {
                    Add(name[2..], (string)param.Attribute("name")!, param.Value);
                }
            }
        }

        var forward = new HashSet<string>(StringComparer.Ordinal);
        var gradient = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (type, members) in byType)
        {
            var marked = members.Where(m => GradientWords.Any(w => m.Doc.Contains(w, StringComparison.Ordinal))).Select(m => m.Name).ToList();
            gradient.UnionWith(marked);
            if (marked.Count > 0 && forwardTypes.Contains(type))
            {
                forward.UnionWith(members.Select(m => m.Name).Except(marked));
            }
        }

        // A name some type without gradients also has (Name, T, Count) says nothing about the value read.
        // A name documented as a gradient in one type and not in another (Name: "the derivative" of a check, the
        // recurrence's name of a series) says nothing either way.
        var ambiguous = byType.Values.SelectMany(m => m).Where(m => gradient.Contains(m.Name) && !GradientWords.Any(w => m.Doc.Contains(w, StringComparison.Ordinal))).Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        gradient.ExceptWith(ambiguous);
        forward.ExceptWith(ambiguous);
        forward.ExceptWith(gradient);
        forward.ExceptWith(byType.Values.Where(m => !m.Any(x => gradient.Contains(x.Name))).SelectMany(m => m.Select(x => x.Name)));
        // A method documented as reporting a derivative (a gradient check, a probe, training), unless a method of that name
        // elsewhere is documented otherwise.
        bool Marked(string doc) => GradientWords.Any(w => doc.Contains(w, StringComparison.Ordinal));
        var gradientMethods = methods.Where(m => Marked(m.Doc)).Select(m => m.Name).Except(methods.Where(m => !Marked(m.Doc)).Select(m => m.Name)).ToHashSet(StringComparer.Ordinal);
        return (forward, gradient, gradientMethods);

        void Add(string type, string name, string doc)
        {
            if (!byType.TryGetValue(type, out var list))
            {
                byType[type] = list = [];
            }

            list.Add((name, doc));
        }
    }
}
