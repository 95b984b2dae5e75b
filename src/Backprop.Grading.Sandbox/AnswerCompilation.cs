using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Backprop.Grading.Sandbox;

/// <summary>
/// Compiles one answer cell, inside the confined compile child: its functions (and any helper types) become members
/// of a static class <c>StudentAnswer</c>, the grader's <c>AnswerEntry</c> calls the item's function, the
/// <see cref="ForbiddenApiWalker"/> vets the semantic model, and the assembly's bytes go back to the grader.
/// Statements outside functions (test calls, prints) are dropped. The answer cells of the items it uses (the
/// request's <see cref="CompileRequest.Used"/>) are compiled with it, each into its own static class in its own file,
/// which later cells import with <c>using static</c>: a cell's own functions come first, then those of the cells
/// before it, as in the notebook.
/// </summary>
public static class AnswerCompilation
{
    private const int MaxErrorsShown = 3;

    /// <summary>Compiles the request's cell; never throws for anything a cell can hold (deep nesting included).</summary>
    /// <param name="request">The cell and the item's generated entry.</param>
    public static CompileResponse Compile(CompileRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            return CompileUnguarded(request);
        }
        catch (InsufficientExecutionStackException)
        {
            return Failed(request, "is nested too deeply for the compiler (thousands of levels of brackets or lambdas); write it as ordinary statements");
        }
    }

    private static CompileResponse CompileUnguarded(CompileRequest request)
    {
        // A used cell that does not compile, or is rejected, is left out and the answer compiled again: an answer that
        // does not call its function is not affected; one that does fails, naming the cell to fix first.
        var used = (request.Used ?? []).Take(MaxUsedCells).ToList();
        var leftOut = new List<string>();
        while (true)
        {
            var (response, brokenCell, problem) = CompileWith(request, used);
            if (brokenCell is null)
            {
                return response!.Assembly is null && leftOut.Count > 0
                    ? Failed(request, string.Join("\n", leftOut) + "\nWithout that cell, your answer " + response.Problem)
                    : response;
            }

            leftOut.Add(problem!);
            used.RemoveAt(brokenCell.Value);
        }
    }

    /// <summary>The answer compiled with <paramref name="used"/>: a response, or the index of a used cell that is broken and why.</summary>
    private static (CompileResponse? Response, int? BrokenCell, string? Problem) CompileWith(CompileRequest request, IReadOnlyList<UsedCell> used)
    {
        var usedTrees = used.Select((cell, k) => CSharpSyntaxTree.ParseText(
            WrapCell(cell.Source, request.Usings, CellClass(cell.Item), cell.Item, used.Take(k).Select(c => CellClass(c.Item))), Parse, path: cell.Item + ".cs")).ToArray();
        var answerTree = CSharpSyntaxTree.ParseText(WrapCell(request.Source, request.Usings, "StudentAnswer", "answer", used.Select(c => CellClass(c.Item))), Parse, path: "answer.cs");
        var entryTree = CSharpSyntaxTree.ParseText(request.EntrySource, Parse, path: "entry.cs");
        var compilation = CSharpCompilation.Create(
            "Answer_" + request.Item.Replace('.', '_'),
            [.. usedTrees, answerTree, entryTree],
            AnswerReferences.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: false, optimizationLevel: OptimizationLevel.Release,
                nullableContextOptions: NullableContextOptions.Disable, deterministic: true));

        // The gate before the compiler's errors: a forbidden name the compiler cannot find gets the gate's message.
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        for (int k = 0; k < used.Count; k++)
        {
            if (Gate(compilation, usedTrees[k]) is { Count: > 0 } cellViolations)
            {
                return (null, k, $"is compiled together with your {used[k].Item} answer cell, as your notebook runs them, and that cell was rejected before running (fix it first):\n"
                    + string.Join("\n", cellViolations.Take(MaxErrorsShown)));
            }

            var cellErrors = errors.Where(d => d.Location.SourceTree == usedTrees[k]).ToList();
            if (cellErrors.Count > 0)
            {
                return (null, k, $"is compiled together with your {used[k].Item} answer cell, as your notebook runs them, and that cell does not compile (fix it first):\n"
                    + Listed(cellErrors.Select(Describe).ToList()));
            }
        }

        if (Gate(compilation, answerTree) is { Count: > 0 } violations)
        {
            return (Failed(request, "was rejected before running:\n" + string.Join("\n", violations.Take(MaxErrorsShown))), null, null);
        }

        var answerErrors = errors.Where(d => d.Location.SourceTree == answerTree).ToList();
        if (answerErrors.Count > 0)
        {
            return (Failed(request, "does not compile:\n" + Listed(answerErrors.Select(Describe).ToList())), null, null);
        }

        if (errors.Count > 0)
        {
            return (Failed(request, $"compiles, but does not define the function the grader calls. The answer must define exactly\n    {request.Signature}\n(compiler: {errors[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture)})"), null, null);
        }

        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        return (emitted.Success
            ? new CompileResponse(request.Item, image.ToArray(), null)
            : Failed(request, "could not be compiled: " + string.Join("; ", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(MaxErrorsShown).Select(Describe))), null, null);
    }

    /// <summary>The <see cref="ForbiddenApiWalker"/>'s refusals in one tree of the compilation.</summary>
    private static IReadOnlyList<string> Gate(CSharpCompilation compilation, SyntaxTree tree)
    {
        var walker = new ForbiddenApiWalker(compilation.GetSemanticModel(tree));
        walker.Visit(tree.GetRoot());
        return walker.Violations;
    }

    /// <summary>Most used cells compiled with one answer; the table's deepest chain is two (dJ_dhs → dJ_dhPrev → dJ_dg).</summary>
    private const int MaxUsedCells = 8;

    /// <summary>The class a used cell's functions live in, e.g. <c>StudentCell_p2_dJ_dg</c>.</summary>
    private static string CellClass(string item) =>
        "StudentCell_" + new string(item.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());

    private static string Listed(IReadOnlyList<string> errors) =>
        string.Join("\n", errors.Take(MaxErrorsShown))
        + (errors.Count > MaxErrorsShown ? $"\n(and {errors.Count - MaxErrorsShown} more errors)" : "");

    private static CSharpParseOptions Parse { get; } = new(LanguageVersion.Latest);

    private static CSharpParseOptions ScriptParse { get; } = new(LanguageVersion.Latest, kind: SourceCodeKind.Script);

    private static CompileResponse Failed(CompileRequest request, string problem) => new(request.Item, null, problem);

    private static string Describe(Diagnostic d)
    {
        int line = d.Location.GetMappedLineSpan().StartLinePosition.Line + 1;
        return $"line {line}: {d.Id}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
    }

    /// <summary>
    /// A cell as a compilation unit: its usings and the defaults on top, a <c>using static</c> for each earlier cell it
    /// sees, then <c>static class <paramref name="className"/></c> holding its functions, fields and types, each with a
    /// <c>#line</c> back to the cell (file <paramref name="cellName"/>) so errors name cell lines.
    /// </summary>
    /// <param name="cellSource">The cell.</param>
    /// <param name="extraUsings">Namespaces the notebook opens elsewhere (only System.*, MathNet.* and Backprop.Kernel are kept).</param>
    /// <param name="className">The wrapper class.</param>
    /// <param name="cellName">The name errors give the cell.</param>
    /// <param name="earlierCells">The wrapper classes of the cells this one sees.</param>
    public static string WrapCell(string cellSource, IEnumerable<string> extraUsings, string className, string cellName, IEnumerable<string> earlierCells)
    {
        ArgumentNullException.ThrowIfNull(cellSource);
        // Notebook directives such as #r and #!csharp are not C#.
        var lines = cellSource.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        string code = string.Join("\n", lines.Select(l => l.TrimStart().StartsWith('#') && !l.TrimStart().StartsWith("#line", StringComparison.Ordinal) ? "" : l));
        var unit = (CompilationUnitSyntax)CSharpSyntaxTree.ParseText(code, ScriptParse).GetRoot();

        var text = new StringBuilder();
        var usings = AnswerReferences.DefaultUsings
            .Concat((extraUsings ?? []).Where(u => u.StartsWith("System", StringComparison.Ordinal) || u.StartsWith("MathNet.", StringComparison.Ordinal) || u == "Backprop.Kernel"))
            .Where(u => u.All(c => char.IsLetterOrDigit(c) || c is '.' or '_'))
            .Distinct(StringComparer.Ordinal);
        foreach (string u in usings)
        {
            text.Append("using ").Append(u).Append(";\n");
        }

        foreach (string earlier in earlierCells)
        {
            text.Append("using static ").Append(earlier).Append(";\n");
        }

        foreach (var u in unit.Usings)
        {
            text.Append(Located(u, u.ToString(), cellName));
        }

        text.Append("#line default\npublic static class ").Append(className).Append("\n{\n");
        foreach (var member in unit.Members)
        {
            string? body = member switch
            {
                MethodDeclarationSyntax m => WithStatic(m.Modifiers, m.WithoutLeadingTrivia().ToString()),
                FieldDeclarationSyntax f => WithStatic(f.Modifiers, f.WithoutLeadingTrivia().ToString()),
                PropertyDeclarationSyntax p => WithStatic(p.Modifiers, p.WithoutLeadingTrivia().ToString()),
                BaseTypeDeclarationSyntax or DelegateDeclarationSyntax => member.WithoutLeadingTrivia().ToString(),
                GlobalStatementSyntax { Statement: LocalFunctionStatementSyntax local } => WithStatic(local.Modifiers, local.WithoutLeadingTrivia().ToString()),
                _ => null, // statements outside functions do not belong to the answer
            };
            if (body is not null)
            {
                text.Append(Located(member, body, cellName));
            }
        }

        text.Append("#line default\n}\n");
        return text.ToString();
    }

    private static string Located(SyntaxNode node, string body, string cellName)
    {
        int line = node.GetLocation().GetLineSpan().StartLinePosition.Line + 1; // the span starts after leading comments
        return $"#line {line} \"{cellName}\"\n{body}\n";
    }

    /// <summary>Members of the wrapper class must be static, and public unless the student chose an access level.</summary>
    private static string WithStatic(SyntaxTokenList modifiers, string body)
    {
        bool hasAccess = modifiers.Any(m => m.IsKind(SyntaxKind.PublicKeyword) || m.IsKind(SyntaxKind.PrivateKeyword) || m.IsKind(SyntaxKind.InternalKeyword) || m.IsKind(SyntaxKind.ProtectedKeyword));
        bool isStatic = modifiers.Any(m => m.IsKind(SyntaxKind.StaticKeyword));
        return (hasAccess ? "" : "public ") + (isStatic ? "" : "static ") + body;
    }
}
