using System.Text;
using Backprop.Kernel.Interactive;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Backprop.Runner.Export;

/// <summary>
/// A code cell of an exported app written so that an item not answered yet stops only that cell, as in the notebook
/// (<see cref="UnansweredCells"/>): the cell's variables are declared first, each <c>var</c> one as
/// <c>var x = NotebookApp.Unset(() =&gt; initializer);</c> (the initializer does not run there; it only gives x its type),
/// its local functions keep their text at top level, and its statements run inside
/// <c>if (NotebookApp.Ready(…)) try { … } catch (Exception e) when (NotebookApp.Stopped(…)) { }</c>. A stub's exception
/// stops the cell with one line and leaves its variables unset (<see cref="Unanswered.Unset"/>); a later cell that reads
/// one is not run and says which item it needs. Any other exception stops the app as before.
/// </summary>
internal static class GuardedCell
{
    /// <summary>
    /// The app text of a cell whose translated top-level statements are <paramref name="statements"/>, or the statements
    /// unchanged when they declare and run nothing (comments, local functions only).
    /// </summary>
    /// <param name="statements">The cell's top-level statements, as <see cref="CodeCellTranslation"/> wrote them.</param>
    /// <param name="cell">The cell's number.</param>
    /// <param name="earlier">The top-level names (variables, functions) declared by the cells before it.</param>
    /// <exception cref="ExportException">The cell declares a variable the app cannot declare ahead of the cell.</exception>
    public static string Write(string statements, int cell, IReadOnlySet<string> earlier)
    {
        var root = CSharpSyntaxTree.ParseText(statements, CSharpParseOptions.Default).GetCompilationUnitRoot();
        var hoisted = new StringBuilder();
        var functions = new StringBuilder();
        var guarded = new StringBuilder();
        var starts = new List<(int Line, IReadOnlyList<string> Declared)>(); // each guarded statement: its first code line in guarded, what it declares
        foreach (var member in root.Members)
        {
            switch (member)
            {
                case GlobalStatementSyntax { Statement: LocalFunctionStatementSyntax function }:
                    functions.Append(function.ToFullString());
                    break;
                case GlobalStatementSyntax { Statement: LocalDeclarationStatementSyntax { IsConst: true } constant }:
                    hoisted.Append(constant.ToFullString());
                    break;
                case GlobalStatementSyntax { Statement: LocalDeclarationStatementSyntax declaration }:
                    starts.Add((FirstCodeLine(guarded, declaration), declaration.Declaration.Variables.Select(v => v.Identifier.ValueText).ToList()));
                    Hoist(declaration, cell, hoisted, guarded);
                    break;
                case GlobalStatementSyntax { Statement: var statement }:
                    RefuseLeakingVariables(statement, cell);
                    starts.Add((FirstCodeLine(guarded, statement), []));
                    guarded.Append(statement.ToFullString());
                    break;
                default:
                    throw new ExportException($"cell {cell}: '{member.ToString().Split('\n')[0].Trim()}' is not a statement the app can run; move it into a statement or a type.");
            }
        }

        if (guarded.ToString().Trim().Length == 0 || root.Members.All(m => m is GlobalStatementSyntax { Statement: LocalFunctionStatementSyntax }))
        {
            return statements; // nothing runs: nothing to guard
        }

        string code = statements;
        var declared = Unanswered.Declared(code);
        var reads = Unanswered.Named(code).Where(earlier.Contains).Except(declared, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        // What a stub leaves unset when it stops the cell at statement k: those before k ran (their variables are set), k
        // and those after did not. The app finds k from the line of the stopped statement; without it, k = 0.
        var declaredInCell = starts.SelectMany(s => s.Declared).ToHashSet(StringComparer.Ordinal);
        IReadOnlyList<string> UnsetAt(int k)
        {
            var ran = starts.Take(k).SelectMany(s => s.Declared).ToHashSet(StringComparer.Ordinal);
            // A loop's own variables (foreach (var (a, b) in …)) are no top-level variables: their state tells nothing.
            return Unanswered.Unset(code, name => ran.Contains(name) ? false : declaredInCell.Contains(name) ? true : earlier.Contains(name) ? false : null);
        }

        var unset = UnsetAt(0);
        var later = new List<string>();
        int leading = guarded.ToString().TakeWhile(c => c == '\n').Count();
        var previous = unset;
        for (int k = 1; k < starts.Count; k++)
        {
            var at = UnsetAt(k);
            if (!at.SequenceEqual(previous, StringComparer.Ordinal))
            {
                later.Add($"({starts[k].Line - leading + 2}, {List(at)})"); // lines after the 'if' line: '{', then the statements
                previous = at;
            }
        }

        var text = new StringBuilder();
        if (hoisted.Length > 0)
        {
            text.Append("// (this cell's variables, declared before it runs: an item not answered yet stops only this cell)\n")
                .Append(hoisted.ToString().Trim('\n')).Append('\n');
        }

        if (functions.Length > 0)
        {
            text.Append(functions.ToString().Trim('\n')).Append('\n');
        }

        text.Append($"if (NotebookApp.Ready({cell}, reads: {List(reads)}, declares: {List(declared)})) try\n{{\n")
            .Append(Indent(guarded.ToString().Trim('\n')))
            .Append($"\n}}\ncatch (Exception e) when (NotebookApp.Stopped({cell}, e, unset: {List(unset)}{(later.Count > 0 ? $", unsetFromLine: [{string.Join(", ", later)}]" : "")})) {{ }}");
        return text.ToString();
    }

    // int n = 3, m;  →  int n = default; int m = default; (ahead) and n = 3; (guarded);  var x = f();  →  var x = NotebookApp.Unset(() => f()); and x = f();
    private static void Hoist(LocalDeclarationStatementSyntax declaration, int cell, StringBuilder hoisted, StringBuilder guarded)
    {
        if (declaration.UsingKeyword != default || declaration.AwaitKeyword != default || declaration.Modifiers.Count > 0)
        {
            throw new ExportException($"cell {cell}: '{declaration.ToString().Split('\n')[0].Trim()}' cannot be declared ahead of the cell in the app; " +
                "use a using statement with a block (using (var x = …) { … }) or a plain declaration.");
        }

        RefuseLeakingVariables(declaration, cell);
        var type = declaration.Declaration.Type;
        foreach (var variable in declaration.Declaration.Variables)
        {
            var name = variable.Identifier.ValueText;
            var value = variable.Initializer?.Value;
            if (type.IsVar)
            {
                hoisted.Append($"var {name} = NotebookApp.Unset(() => {value});\n");
            }
            else
            {
                hoisted.Append($"{type} {name} = default;\n");
            }
        }

        var assignments = declaration.Declaration.Variables.Where(v => v.Initializer is not null)
            .Select(v => $"{v.Identifier.ValueText} = {(v.Initializer!.Value is InitializerExpressionSyntax array ? $"new {type} {array}" : v.Initializer.Value.ToString())};");
        guarded.Append(declaration.GetLeadingTrivia().ToFullString())
            .Append(string.Join(" ", assignments))
            .Append(declaration.GetTrailingTrivia().ToFullString());
    }

    // Out variables, pattern variables and deconstructions at top level live in the cell's scope, which the app
    // cannot declare ahead of it; those inside a block, lambda, loop or using statement are the statement's own.
    private static void RefuseLeakingVariables(StatementSyntax statement, int cell)
    {
        if (statement is ForStatementSyntax or ForEachStatementSyntax or ForEachVariableStatementSyntax or WhileStatementSyntax or DoStatementSyntax
            or UsingStatementSyntax or FixedStatementSyntax or LockStatementSyntax or SwitchStatementSyntax or BlockSyntax or TryStatementSyntax
            or CheckedStatementSyntax or UnsafeStatementSyntax)
        {
            return;
        }

        SyntaxNode scope = statement is IfStatementSyntax branch ? branch.Condition : statement;
        var leaking = scope.DescendantNodesAndSelf(n => n is not (AnonymousFunctionExpressionSyntax or BlockSyntax or LocalFunctionStatementSyntax or SwitchExpressionSyntax))
            .OfType<SingleVariableDesignationSyntax>()
            .Select(d => d.Identifier.ValueText)
            .ToList();
        if (leaking.Count > 0)
        {
            throw new ExportException($"cell {cell}: '{statement.ToString().Split('\n')[0].Trim()}' declares {string.Join(", ", leaking)} inside an expression " +
                "(out var, a pattern or a deconstruction), which the app cannot declare ahead of the cell. Declare it on a line of its own first, " +
                "e.g. 'int n;' and then 'out n', or 'var pair = …;' and then 'pair.Item1'.");
        }
    }

    // The line (0-based, in the guarded text so far) of the statement's first token, after its leading comments.
    private static int FirstCodeLine(StringBuilder guarded, StatementSyntax statement) =>
        guarded.ToString().Count(c => c == '\n') + statement.GetLeadingTrivia().ToFullString().Count(c => c == '\n');

    private static string List(IEnumerable<string> names) => "[" + string.Join(", ", names.Select(n => SymbolDisplay.FormatLiteral(n, quote: true))) + "]";

    // Four spaces more on every line, unless a string literal spans lines (its text would change).
    private static string Indent(string code)
    {
        bool multiLineLiteral = CSharpSyntaxTree.ParseText(code).GetRoot().DescendantTokens()
            .Any(t => t.IsKind(SyntaxKind.StringLiteralToken) || t.IsKind(SyntaxKind.InterpolatedStringTextToken) || t.IsKind(SyntaxKind.MultiLineRawStringLiteralToken)
                ? t.Text.Contains('\n', StringComparison.Ordinal)
                : false);
        return multiLineLiteral ? code : string.Join('\n', code.Split('\n').Select(l => l.Length == 0 ? l : "    " + l));
    }
}
