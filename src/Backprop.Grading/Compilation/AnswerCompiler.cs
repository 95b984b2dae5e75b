using System.Text;
using Backprop.Grading.Answers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Backprop.Grading.Compilation;

/// <summary>
/// Compiles one answer cell on its own: its functions (and any helper types) become members of a static class
/// <c>StudentAnswer</c>, a generated <c>AnswerEntry.Invoke(object[])</c> calls the item's function through the exact
/// delegate type of its self-check, the <see cref="ForbiddenApiWalker"/> vets the semantic model, and the result is
/// emitted to a file for the sandbox. Statements outside functions (test calls, prints) are dropped.
/// </summary>
public static class AnswerCompiler
{
    private const int MaxErrorsShown = 3;

    /// <summary>Compiles <paramref name="cellSource"/> as the answer to <paramref name="item"/>.</summary>
    /// <param name="item">The item the cell answers.</param>
    /// <param name="cellSource">The answer cell's source, first-line marker and all.</param>
    /// <param name="outputDirectory">Where the assembly goes.</param>
    /// <param name="extraUsings">Namespaces the notebook opens elsewhere (only System.*, MathNet.* and Backprop.Kernel are kept).</param>
    public static CompiledAnswer Compile(GradedItem item, string cellSource, string outputDirectory, IEnumerable<string>? extraUsings = null)
    {
        ArgumentNullException.ThrowIfNull(item);
        var answerTree = CSharpSyntaxTree.ParseText(WrapAnswer(cellSource, extraUsings ?? []), Parse, path: "answer.cs");
        var entryTree = CSharpSyntaxTree.ParseText(EntrySource(item), Parse, path: "entry.cs");
        var compilation = CSharpCompilation.Create(
            "Answer_" + item.Id.Replace('.', '_'),
            [answerTree, entryTree],
            AnswerReferences.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: false, optimizationLevel: OptimizationLevel.Release,
                nullableContextOptions: NullableContextOptions.Disable, deterministic: true));

        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        var answerErrors = errors.Where(d => d.Location.SourceTree == answerTree).ToList();
        if (answerErrors.Count > 0)
        {
            return Failed(item, "does not compile:\n" + string.Join("\n", answerErrors.Take(MaxErrorsShown).Select(Describe))
                + (answerErrors.Count > MaxErrorsShown ? $"\n(and {answerErrors.Count - MaxErrorsShown} more errors)" : ""));
        }

        if (errors.Count > 0)
        {
            return Failed(item, $"compiles, but does not define the function the grader calls. The answer must define exactly\n    {item.Signature}\n(compiler: {errors[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture)})");
        }

        var walker = new ForbiddenApiWalker(compilation.GetSemanticModel(answerTree));
        walker.Visit(answerTree.GetRoot());
        if (walker.Violations.Count > 0)
        {
            return Failed(item, "was rejected before running:\n" + string.Join("\n", walker.Violations.Take(MaxErrorsShown)));
        }

        Directory.CreateDirectory(outputDirectory);
        string path = Path.Combine(outputDirectory, item.Id.Replace('.', '_') + ".dll");
        using (var file = File.Create(path))
        {
            var emitted = compilation.Emit(file);
            if (!emitted.Success)
            {
                return Failed(item, "could not be compiled: " + string.Join("; ", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(MaxErrorsShown).Select(Describe)));
            }
        }

        return new CompiledAnswer(item.Id, path, null);
    }

    private static CSharpParseOptions Parse { get; } = new(LanguageVersion.Latest);

    private static CSharpParseOptions ScriptParse { get; } = new(LanguageVersion.Latest, kind: SourceCodeKind.Script);

    private static CompiledAnswer Failed(GradedItem item, string problem) => new(item.Id, null, problem);

    private static string Describe(Diagnostic d)
    {
        int line = d.Location.GetMappedLineSpan().StartLinePosition.Line + 1;
        return $"line {line}: {d.Id}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
    }

    /// <summary>
    /// The cell as a compilation unit: its usings and the defaults on top, then <c>static class StudentAnswer</c>
    /// holding its functions, fields and types, each with a <c>#line</c> back to the cell so errors name cell lines.
    /// </summary>
    internal static string WrapAnswer(string cellSource, IEnumerable<string> extraUsings)
    {
        // Notebook directives such as #r and #!csharp are not C#.
        var lines = cellSource.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        string code = string.Join("\n", lines.Select(l => l.TrimStart().StartsWith('#') && !l.TrimStart().StartsWith("#line", StringComparison.Ordinal) ? "" : l));
        var unit = (CompilationUnitSyntax)CSharpSyntaxTree.ParseText(code, ScriptParse).GetRoot();

        var text = new StringBuilder();
        var usings = AnswerReferences.DefaultUsings
            .Concat(extraUsings.Where(u => u.StartsWith("System", StringComparison.Ordinal) || u.StartsWith("MathNet.", StringComparison.Ordinal) || u == "Backprop.Kernel"))
            .Distinct(StringComparer.Ordinal);
        foreach (string u in usings)
        {
            text.Append("using ").Append(u).Append(";\n");
        }

        foreach (var u in unit.Usings)
        {
            text.Append(Located(u, u.ToString()));
        }

        text.Append("#line default\npublic static class StudentAnswer\n{\n");
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
                text.Append(Located(member, body));
            }
        }

        text.Append("#line default\n}\n");
        return text.ToString();
    }

    private static string Located(SyntaxNode node, string body)
    {
        int line = node.GetLocation().GetLineSpan().StartLinePosition.Line + 1; // the span starts after leading comments
        return $"#line {line} \"answer\"\n{body}\n";
    }

    /// <summary>Members of the wrapper class must be static, and public unless the student chose an access level.</summary>
    private static string WithStatic(SyntaxTokenList modifiers, string body)
    {
        bool hasAccess = modifiers.Any(m => m.IsKind(SyntaxKind.PublicKeyword) || m.IsKind(SyntaxKind.PrivateKeyword) || m.IsKind(SyntaxKind.InternalKeyword) || m.IsKind(SyntaxKind.ProtectedKeyword));
        bool isStatic = modifiers.Any(m => m.IsKind(SyntaxKind.StaticKeyword));
        return (hasAccess ? "" : "public ") + (isStatic ? "" : "static ") + body;
    }

    /// <summary>The entry the sandbox calls: casts the case inputs and calls the answer through the check's delegate type.</summary>
    internal static string EntrySource(GradedItem item)
    {
        string delegateType = CSharpTypeName.Of(item.DelegateType, qualified: true);
        string arguments = string.Join(", ", item.ParameterTypes.Select((t, i) => $"({CSharpTypeName.Of(t, qualified: true)})a[{i}]"));
        return $$"""
            public static class AnswerEntry
            {
                public static object Invoke(object[] a)
                {
                    {{delegateType}} answer = global::StudentAnswer.{{item.FunctionName}};
                    return answer({{arguments}});
                }
            }
            """;
    }
}
