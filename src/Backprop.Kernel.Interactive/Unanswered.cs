using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Backprop.Kernel.Interactive;

/// <summary>
/// What a notebook does with items that are not answered yet (in Jupyter, VS Code and <c>backprop run</c> alike, through
/// <see cref="UnansweredCells"/>). A stub of the student release throws
/// <c>NotImplementedException("not answered yet: p1.dJ_ds. …")</c>; the cell shows that item and the notebook carries on
/// with the next cell. The variables the stopped cell had not set yet (from its first one still null on) are the item's; a later cell
/// that reads one of them is not run, and says which item to answer first, and so is whatever such a cell declares.
/// </summary>
public static partial class Unanswered
{
    /// <summary>How every stub's message begins (the release tool writes it, the run reads it).</summary>
    public const string Lead = "not answered yet: ";

    /// <summary>The item a stub's exception names, e.g. "p1.dJ_ds", or null when it is not a stub's.</summary>
    /// <param name="exception">What a cell threw.</param>
    public static string? ItemOf(Exception? exception) => exception switch
    {
        // Parallel code (training over seeds) wraps the stub's exception; it is a stub's only if every inner one is.
        AggregateException all when all.Flatten().InnerExceptions.Select(ItemOf).ToList() is { Count: > 0 } items && items.All(i => i is not null) => items[0],
        NotImplementedException => ItemPattern().Match(exception.Message) is { Success: true } match ? match.Groups[1].Value : null,
        _ => null,
    };

    /// <summary>
    /// The variables a cell that stopped at a stub may have left unset or half done. The stub threw after the last
    /// statement that set a variable to an object (it is not null now) and at or before the first whose variable is still
    /// null: the variables declared from there on are unset (from just after the last set object when no variable is
    /// null), and so is every variable that a statement without declarations from there on assigns or calls a method on
    /// (a list filled in a loop), and every function of the cell that reads one of them. The values of value types tell
    /// nothing (0 may be set or not).
    /// </summary>
    /// <param name="code">The cell's C#.</param>
    /// <param name="isNull">Whether a variable's value is null now; null when that cannot tell (a value type, or unknown).</param>
    public static IReadOnlyList<string> Unset(string code, Func<string, bool?> isNull)
    {
        ArgumentNullException.ThrowIfNull(isNull);
        var statements = Parse(code).Members
            .Where(m => m is FieldDeclarationSyntax || (m is GlobalStatementSyntax g && g.Statement is not LocalFunctionStatementSyntax))
            .Select(m => (Node: (SyntaxNode)m, Declared: DeclaredBy(m).ToList()))
            .ToList();
        int lastSet = statements.FindLastIndex(s => s.Declared.Any(name => isNull(name) == false));
        int firstUnset = statements.FindIndex(s => s.Declared.Any(name => isNull(name) == true));
        if (firstUnset < 0)
        {
            firstUnset = lastSet + 1; // nothing after the last set object tells: all of it counts as unset
        }

        var unset = new List<string>();
        bool reached = true; // every statement up to here ran, as far as the values tell
        for (int i = lastSet + 1; i < statements.Count; i++)
        {
            var (node, declared) = statements[i];
            if (declared.Count == 0)
            {
                reached = false;
                unset.AddRange(Changed(node).Where(name => isNull(name) is not null)); // variables, not types such as Check
            }
            else if (i >= firstUnset || !reached)
            {
                unset.AddRange(declared);
            }
        }

        // A function of the cell that reads an unset variable (or such a function) fails too when a later cell calls it.
        var functions = Parse(code).Members.Select(m => m switch
            {
                GlobalStatementSyntax { Statement: LocalFunctionStatementSyntax f } => (Name: f.Identifier.ValueText, Node: (SyntaxNode)f),
                MethodDeclarationSyntax m2 => (m2.Identifier.ValueText, m2),
                _ => (Name: "", Node: (SyntaxNode)m),
            })
            .Where(f => f.Name.Length > 0)
            .Select(f => (f.Name, Named: f.Node.DescendantNodes().OfType<IdentifierNameSyntax>().Select(n => n.Identifier.ValueText).ToHashSet(StringComparer.Ordinal)))
            .ToList();
        var result = unset.ToHashSet(StringComparer.Ordinal);
        bool grew = true;
        while (grew)
        {
            grew = false;
            foreach (var (name, named) in functions.Where(f => !result.Contains(f.Name) && f.Named.Overlaps(result)))
            {
                unset.Add(name);
                grew = result.Add(name);
            }
        }

        return unset.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The top-level names a cell declares, in order: its variables and, unless <paramref name="variablesOnly"/>, its functions and types.</summary>
    /// <param name="code">The cell's C#.</param>
    /// <param name="variablesOnly">True for the variables alone.</param>
    public static IReadOnlyList<string> Declared(string code, bool variablesOnly = false)
    {
        var root = Parse(code);
        var names = new List<string>();
        foreach (var member in root.Members)
        {
            switch (member)
            {
                case GlobalStatementSyntax { Statement: LocalFunctionStatementSyntax f } when !variablesOnly:
                    names.Add(f.Identifier.ValueText);
                    break;
                case MethodDeclarationSyntax m when !variablesOnly:
                    names.Add(m.Identifier.ValueText);
                    break;
                case BaseTypeDeclarationSyntax t when !variablesOnly:
                    names.Add(t.Identifier.ValueText);
                    break;
                default:
                    names.AddRange(DeclaredBy(member));
                    break;
            }
        }

        return names;
    }

    // The variables a top-level member declares for later cells.
    private static IEnumerable<string> DeclaredBy(MemberDeclarationSyntax member) => member switch
    {
        FieldDeclarationSyntax field => field.Declaration.Variables.Select(v => v.Identifier.ValueText),
        GlobalStatementSyntax { Statement: var statement } when statement is not LocalFunctionStatementSyntax => TopLevelVariables(statement),
        _ => [],
    };

    // The variables a statement assigns or calls a method on, e.g. spectra in spectra.Add(…) or x in x[i] = 1.
    private static IEnumerable<string> Changed(SyntaxNode statement) =>
        statement.DescendantNodes().SelectMany(n => n switch
        {
            AssignmentExpressionSyntax { Left: var left } => Root(left),
            InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: var receiver } } => Root(receiver),
            _ => [],
        });

    private static IEnumerable<string> Root(ExpressionSyntax expression) => expression switch
    {
        IdentifierNameSyntax name => [name.Identifier.ValueText],
        ElementAccessExpressionSyntax element => Root(element.Expression),
        MemberAccessExpressionSyntax member => Root(member.Expression),
        _ => [],
    };

    /// <summary>Every identifier a cell's code names.</summary>
    /// <param name="code">The cell's C#.</param>
    public static IReadOnlySet<string> Named(string code) =>
        Parse(code).DescendantNodes().OfType<IdentifierNameSyntax>().Select(n => n.Identifier.ValueText).ToHashSet(StringComparer.Ordinal);

    private static CompilationUnitSyntax Parse(string code) =>
        (CompilationUnitSyntax)CSharpSyntaxTree.ParseText(code, new CSharpParseOptions(kind: SourceCodeKind.Script)).GetRoot();

    // Variables a top-level statement declares for later cells (declarators, out vars, deconstructions), not those of
    // lambdas inside it, nor a loop's or using statement's own (foreach (var (a, b) in …), for (int i = 0; …)).
    private static IEnumerable<string> TopLevelVariables(StatementSyntax statement) =>
        statement is CommonForEachStatementSyntax or ForStatementSyntax or UsingStatementSyntax or FixedStatementSyntax ? [] :
        statement.DescendantNodesAndSelf(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or BlockSyntax) || n == statement)
            .SelectMany(n => n switch
            {
                VariableDeclaratorSyntax v => [v.Identifier.ValueText],
                SingleVariableDesignationSyntax d => [d.Identifier.ValueText],
                _ => Array.Empty<string>(),
            });

    /// <summary>The pattern of a stub's message; its group 1 is the item (the exported apps match it too).</summary>
    public const string ItemPatternText = @"^not answered yet: (p\d+\.[A-Za-z0-9_]+)";

    [GeneratedRegex(ItemPatternText)]
    private static partial Regex ItemPattern();
}
