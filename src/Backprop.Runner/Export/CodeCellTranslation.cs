using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Backprop.Runner.Export;

/// <summary>
/// One notebook code cell (C# script) turned into parts of a file-based app: its <c>#r</c> lines and <c>using</c>
/// directives go to the top of the file, type declarations to the end (C# wants top-level statements first), and a
/// trailing expression, which a notebook shows, becomes <c>NotebookApp.Show(cell, expression);</c>.
/// </summary>
/// <param name="Statements">The cell's code as top-level statements.</param>
/// <param name="Usings">Its using directives, e.g. "using Backprop.Kernel;".</param>
/// <param name="References">Its <c>#r</c> arguments, e.g. "nuget: MathNet.Numerics, 5.0.0".</param>
/// <param name="Types">Its type declarations.</param>
/// <param name="KernelOnly">True when the cell uses the notebook kernel's own API (Microsoft.DotNet.Interactive).</param>
internal sealed partial record CodeCellTranslation(string Statements, IReadOnlyList<string> Usings, IReadOnlyList<string> References, string Types, bool KernelOnly)
{
    /// <summary>Translates the source of code cell number <paramref name="cell"/>.</summary>
    public static CodeCellTranslation Translate(string source, int cell)
    {
        var references = new List<string>();
        var code = new StringBuilder();
        foreach (var line in source.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var reference = ReferenceLine().Match(line);
            if (reference.Success)
            {
                references.Add(reference.Groups["what"].Value.Trim());
                code.Append('\n'); // keeps line numbers
            }
            else
            {
                code.Append(line).Append('\n');
            }
        }

        var text = code.ToString().TrimEnd('\n');
        var root = CSharpSyntaxTree.ParseText(text, CSharpParseOptions.Default.WithKind(SourceCodeKind.Script)).GetCompilationUnitRoot();
        var usings = root.Usings.Select(u => u.ToString().Trim()).ToList();
        bool kernelOnly = root.Usings.Any(u => u.Name?.ToString().StartsWith("Microsoft.DotNet.Interactive", StringComparison.Ordinal) == true);

        var statements = new StringBuilder();
        var types = new StringBuilder();
        var members = root.Members;
        for (int i = 0; i < members.Count; i++)
        {
            var member = members[i];
            if (member is BaseTypeDeclarationSyntax or DelegateDeclarationSyntax or BaseNamespaceDeclarationSyntax)
            {
                types.Append(member.ToFullString());
                continue;
            }

            if (i == members.Count - 1 && member is GlobalStatementSyntax { Statement: ExpressionStatementSyntax { SemicolonToken.IsMissing: true } shown }
                && !IsConsoleWrite(shown.Expression))
            {
                statements.Append(shown.GetLeadingTrivia().ToFullString())
                    .Append($"NotebookApp.Show({cell}, {shown.Expression.WithoutTrivia().ToFullString()});")
                    .Append(shown.GetTrailingTrivia().ToFullString());
                continue;
            }

            // A statement missing only its semicolon (e.g. a last Console.WriteLine(…), which shows nothing) gets one.
            statements.Append(member is GlobalStatementSyntax { Statement: ExpressionStatementSyntax { SemicolonToken.IsMissing: true } bare }
                ? bare.GetLeadingTrivia().ToFullString() + bare.Expression.WithoutTrivia().ToFullString() + ";" + bare.GetTrailingTrivia().ToFullString()
                : member.ToFullString());
        }

        // Comments after the last statement (or a cell of comments only) are trivia of the end-of-file token.
        statements.Append(root.EndOfFileToken.LeadingTrivia.ToFullString());
        return new CodeCellTranslation(statements.ToString().Trim('\n'), usings, references, types.ToString().Trim('\n'), kernelOnly);
    }

    // Console.Write(…) and Console.WriteLine(…) return nothing to show.
    private static bool IsConsoleWrite(ExpressionSyntax expression) =>
        expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: var target, Name.Identifier.ValueText: "Write" or "WriteLine" } }
        && target.ToString() is "Console" or "System.Console";

    [GeneratedRegex("""^\s*#r\s+"(?<what>[^"]+)"\s*$""")]
    private static partial Regex ReferenceLine();
}
