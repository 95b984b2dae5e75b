using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace PoisonedNotebooks;

/// <summary>
/// Which cells of a notebook report gradient-derived quantities, read from the code the cells run (not from a list): the
/// answer functions are the functions whose body calls <c>Poison.Apply</c> (every solution region, after the poisoning);
/// a top-level statement or function that names an answer function, or a name already gradient-derived, makes what it
/// declares or assigns gradient-derived too, in cell order. A cell is a gradient cell when any of its statements names
/// a gradient-derived name: it calls an answer, passes one to a check, a probe or training, or uses what they returned.
/// </summary>
internal static class GradientCells
{
    private static readonly CSharpParseOptions Script = CSharpParseOptions.Default.WithKind(SourceCodeKind.Script);

    /// <summary>For each code cell (in order), true when it reports gradient-derived quantities; and the answer functions found.</summary>
    public static (bool[] Gradient, IReadOnlySet<string> Answers) Find(IReadOnlyList<string> sources)
    {
        var roots = sources.Select(s => CSharpSyntaxTree.ParseText(s, Script).GetRoot()).ToList();
        var answers = roots.SelectMany(r => r.DescendantNodes())
            .Select(n => n switch
            {
                LocalFunctionStatementSyntax f when CallsPoison(f) => f.Identifier.Text,
                MethodDeclarationSyntax m when CallsPoison(m) => m.Identifier.Text,
                _ => null,
            })
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        var derived = new HashSet<string>(answers, StringComparer.Ordinal);
        var gradient = new bool[roots.Count];
        for (int i = 0; i < roots.Count; i++)
        {
            var members = ((CompilationUnitSyntax)roots[i]).Members;
            // Twice: a function declared below its first use in the same cell.
            for (int pass = 0; pass < 2; pass++)
            {
                foreach (var member in members)
                {
                    if (member.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Any(n => derived.Contains(n.Identifier.Text)))
                    {
                        gradient[i] = true;
                        derived.UnionWith(Declared(member));
                    }
                }
            }
        }

        return (gradient, answers);
    }

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
}
