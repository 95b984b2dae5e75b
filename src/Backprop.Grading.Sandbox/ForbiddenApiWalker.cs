using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Backprop.Grading.Sandbox;

/// <summary>
/// Walks an answer with its semantic model and lists every use of an API an answer may not touch: the library's
/// reference gradients (Boxes, Backward and the checkers), reflection, files, network, processes, the environment,
/// interop, threads, <c>dynamic</c> and unsafe code. Everything else of .NET and MathNet is allowed.
/// </summary>
internal sealed class ForbiddenApiWalker(SemanticModel model) : CSharpSyntaxWalker
{
    /// <summary>Backprop.Kernel types an answer may use: data and maths helpers with no derivative in them.</summary>
    internal static readonly HashSet<string> AllowedKernelTypes = ["Softmax", "Vocabulary", "Recurrence", "Weights", "Sampling", "OneStepBackward"];

    /// <summary>Harmless types in forbidden namespaces: asserts (compiled out) and timing.</summary>
    private static readonly HashSet<string> AllowedDiagnostics = ["System.Diagnostics.Debug", "System.Diagnostics.Stopwatch"];

    /// <summary>Namespace prefix → why an answer may not use it.</summary>
    private static readonly (string Prefix, string Why)[] ForbiddenNamespaces =
    [
        ("System.Reflection", "reflection"),
        ("System.IO", "file and stream IO"),
        ("System.Net", "network access"),
        ("System.Diagnostics", "processes and diagnostics"),
        ("System.Runtime.InteropServices", "native interop"),
        ("System.Runtime.CompilerServices", "compiler and memory tricks"),
        ("System.Runtime.Loader", "assembly loading"),
        ("System.Threading", "threads and tasks"),
        ("System.Security", "security APIs"),
        ("Microsoft.Win32", "the registry"),
        ("MathNet.Numerics.Providers", "MathNet's native providers"),
        ("System.Runtime.Intrinsics", "hardware intrinsics and unchecked vector loads"),
        ("System.Xml", "XML readers and writers (they open files and URLs)"),
        ("System.Timers", "timers (background threads)"),
        ("System.Resources", "resource readers (they open files)"),
        ("System.Runtime.Serialization", "serialization"),
        ("System.ComponentModel", "type descriptors (reflection)"),
        ("System.Linq.Expressions", "expression compilation"),
        ("System.Data", "data providers"),
        ("System.Configuration", "configuration files"),
        ("System.Web", "web APIs"),
        ("Microsoft.VisualBasic", "Visual Basic file and interaction helpers"),
        ("Microsoft.CSharp", "the dynamic binder"),
    ];

    /// <summary>Single types → why.</summary>
    private static readonly Dictionary<string, string> ForbiddenTypes = new(StringComparer.Ordinal)
    {
        ["System.Environment"] = "the environment (and Environment.Exit)",
        ["System.AppDomain"] = "the application domain",
        ["System.AppContext"] = "the application context",
        ["System.Activator"] = "creating types by name",
        ["System.Type"] = "reflection on types",
        ["System.GC"] = "the garbage collector",
        ["System.Runtime.GCSettings"] = "the garbage collector",
        ["MathNet.Numerics.Control"] = "MathNet's global settings and native providers",
        ["System.Buffer"] = "raw memory copies",
        ["System.Delegate"] = "delegate reflection",
        ["System.MulticastDelegate"] = "delegate reflection",
        ["System.RuntimeTypeHandle"] = "runtime handles",
        ["System.RuntimeMethodHandle"] = "runtime handles",
        ["System.RuntimeFieldHandle"] = "runtime handles",
        ["System.ModuleHandle"] = "runtime handles",
        ["System.TypedReference"] = "undocumented reference tricks",
        ["System.ArgIterator"] = "undocumented reference tricks",
    };

    private readonly List<string> _violations = [];

    /// <summary>One line per forbidden use, with its line in the answer cell.</summary>
    public IReadOnlyList<string> Violations => _violations;

    public override void Visit(SyntaxNode? node)
    {
        if (node is null)
        {
            return;
        }

        switch (node)
        {
            case UnsafeStatementSyntax or PointerTypeSyntax or FixedStatementSyntax or FunctionPointerTypeSyntax:
                Add(node, "unsafe code");
                break;
            case MemberDeclarationSyntax member when member.Modifiers.Any(m => m.IsKind(SyntaxKind.UnsafeKeyword) || m.IsKind(SyntaxKind.ExternKeyword)):
                Add(node, "unsafe or extern declarations");
                break;
            case LocalFunctionStatementSyntax local when local.Modifiers.Any(m => m.IsKind(SyntaxKind.UnsafeKeyword) || m.IsKind(SyntaxKind.ExternKeyword)):
                Add(node, "unsafe or extern declarations");
                break;
            case MakeRefExpressionSyntax or RefTypeExpressionSyntax or RefValueExpressionSyntax:
                Add(node, "undocumented reference tricks");
                break;
            case ExpressionSyntax or TypeSyntax:
                CheckSymbol(node);
                break;
        }

        base.Visit(node);
    }

    private void CheckSymbol(SyntaxNode node)
    {
        var info = model.GetSymbolInfo(node);
        var symbol = info.Symbol ?? info.CandidateSymbols.FirstOrDefault();
        if (symbol is not null && Forbidden(symbol) is { } why)
        {
            Add(node, why, symbol);
            return;
        }

        var type = model.GetTypeInfo(node).Type;
        if (type is not null && (type.TypeKind == TypeKind.Dynamic ? "dynamic" : Forbidden(type)) is { } typeWhy)
        {
            Add(node, typeWhy, type);
        }
    }

    private static string? Forbidden(ISymbol symbol)
    {
        if (symbol is IArrayTypeSymbol array)
        {
            return Forbidden(array.ElementType);
        }

        if (symbol is IDynamicTypeSymbol)
        {
            return "dynamic";
        }

        var type = symbol as INamedTypeSymbol ?? symbol.ContainingType;
        if (type is null)
        {
            return null; // namespaces, locals and parameters do nothing by themselves; their types are checked
        }

        while (type.ContainingType is not null)
        {
            type = type.ContainingType;
        }

        string ns2 = type.ContainingNamespace?.ToDisplayString() ?? "";
        string full = ns2.Length == 0 ? type.Name : ns2 + "." + type.Name;
        if (ns2 == "Backprop.Kernel" && !AllowedKernelTypes.Contains(type.Name))
        {
            return type.Name == "Boxes"
                ? "the library's reference answers (Boxes)"
                : $"Backprop.Kernel.{type.Name} (an answer may use only {string.Join(", ", AllowedKernelTypes.Order())} from the library; model Backward, chains and checkers hold reference gradients)";
        }

        if (AllowedDiagnostics.Contains(full))
        {
            return null;
        }

        // Memory-corrupting APIs need no unsafe keyword: Unsafe.*, MemoryMarshal, CollectionsMarshal, Vector*.LoadUnsafe, …
        if (symbol is not INamedTypeSymbol && symbol.Name.Contains("Unsafe", StringComparison.Ordinal))
        {
            return "memory-unsafe APIs";
        }

        if (ForbiddenTypes.TryGetValue(full, out string? why))
        {
            return why;
        }

        if (full == "System.Console" && symbol is IMethodSymbol method && method.Name is not ("Write" or "WriteLine"))
        {
            return "the console beyond Console.Write/WriteLine";
        }

        return ForbiddenNamespace(ns2);
    }

    private static string? ForbiddenNamespace(string ns)
    {
        if (ns.StartsWith("System.Diagnostics.CodeAnalysis", StringComparison.Ordinal))
        {
            return null;
        }

        foreach (var (prefix, why) in ForbiddenNamespaces)
        {
            if (ns == prefix || ns.StartsWith(prefix + ".", StringComparison.Ordinal))
            {
                return why;
            }
        }

        return null;
    }

    private void Add(SyntaxNode node, string why, ISymbol? symbol = null)
    {
        int line = node.GetLocation().GetMappedLineSpan().StartLinePosition.Line + 1;
        string what = symbol is null ? node.ToString() : symbol.ToDisplayString();
        if (what.Length > 80)
        {
            what = what[..80] + "…";
        }

        string message = $"line {line}: {what} — answers may not use {why}";
        if (!_violations.Contains(message))
        {
            _violations.Add(message);
        }
    }
}
