using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Backprop.Grading.Sandbox;

/// <summary>
/// The gate: walks an answer with its semantic model and lists every use of a type an answer may not touch. An answer
/// may use its own types and the public types of an explicit allowlist (<see cref="AllowedNamespaces"/>, exactly those
/// namespaces, and <see cref="AllowedTypes"/>), less the types of <see cref="ForbiddenTypes"/>; nothing else of the
/// reference assemblies it is compiled against. Unsafe code, <c>dynamic</c> and memory-unsafe members are refused too.
/// A refusal names the type and says why and what to use instead, also for a dotted name the compiler cannot find
/// (<c>System.Threading.Thread</c> is not in the reference assemblies at all), so a student never meets only the
/// compiler's "does not exist" for something the rules forbid.
/// </summary>
internal sealed partial class ForbiddenApiWalker(SemanticModel model) : CSharpSyntaxWalker
{
    /// <summary>
    /// Namespaces whose public types answers may use (the namespaces themselves, not the ones below them): what the
    /// reference answers and the notebooks' answer cells use (System, System.Collections.Generic, System.Linq and
    /// MathNet.Numerics.LinearAlgebra), and plain maths and text helpers beside them.
    /// </summary>
    internal static readonly string[] AllowedNamespaces =
    [
        "System", "System.Collections.Generic", "System.Linq", "System.Text", "System.Globalization", "System.Diagnostics.CodeAnalysis",
        "MathNet.Numerics", "MathNet.Numerics.LinearAlgebra", "MathNet.Numerics.LinearAlgebra.Double", "MathNet.Numerics.LinearAlgebra.Factorization",
    ];

    /// <summary>Backprop.Kernel types an answer may use: data and maths helpers with no derivative in them.</summary>
    internal static readonly HashSet<string> AllowedKernelTypes = ["Softmax", "Vocabulary", "Recurrence", "Weights", "Sampling", "OneStepBackward"];

    /// <summary>Single types outside <see cref="AllowedNamespaces"/> answers may use: asserts (compiled out), timing and the library's helpers.</summary>
    internal static readonly HashSet<string> AllowedTypes =
        ["System.Diagnostics.Debug", "System.Diagnostics.Stopwatch", .. AllowedKernelTypes.Select(t => "Backprop.Kernel." + t)];

    /// <summary>What to use instead of something refused, when nothing more particular applies.</summary>
    private const string Instead = "use MathNet's Vector and Matrix, System.Math and LINQ instead";

    /// <summary>Namespace prefix → why an answer may not use it, and what to use instead.</summary>
    private static readonly (string Prefix, string Why, string Instead)[] ForbiddenNamespaces =
    [
        ("System.Reflection", "reflection", "call your functions directly"),
        ("System.IO", "file and stream IO", "an answer gets its inputs as arguments and returns its result"),
        ("System.Net", "network access", "an answer gets its inputs as arguments and returns its result"),
        ("System.Diagnostics", "processes and diagnostics", "Debug.Assert and Stopwatch are allowed"),
        ("System.Runtime.InteropServices", "native interop", Instead),
        ("System.Runtime.CompilerServices", "compiler and memory tricks", Instead),
        ("System.Runtime.Loader", "assembly loading", "call your functions directly"),
        ("System.Threading", "threads and tasks", "compute in order; the grader times each answer on its own"),
        ("System.Security", "security APIs", Instead),
        ("Microsoft.Win32", "the registry", Instead),
        ("MathNet.Numerics.Providers", "MathNet's native providers", "MathNet's ordinary Vector and Matrix operations"),
        ("MathNet.Numerics.Threading", "MathNet's parallel loops (threads)", "compute in order with ordinary loops or LINQ"),
        ("System.Runtime.Intrinsics", "hardware intrinsics and unchecked vector loads", "MathNet's Vector and Matrix operations"),
        ("System.Numerics", "System.Numerics (SIMD vectors with unchecked loads, big integers)", "MathNet's Vector<double> and Matrix<double>"),
        ("System.Xml", "XML readers and writers (they open files and URLs)", Instead),
        ("System.Timers", "timers (background threads)", "compute in order"),
        ("System.Resources", "resource readers (they open files)", Instead),
        ("System.Runtime.Serialization", "serialization", Instead),
        ("System.ComponentModel", "type descriptors (reflection)", "call your functions directly"),
        ("System.Linq.Expressions", "expression compilation", "ordinary lambdas"),
        ("System.Data", "data providers", Instead),
        ("System.Configuration", "configuration files", Instead),
        ("System.Web", "web APIs", Instead),
        ("Microsoft.VisualBasic", "Visual Basic file and interaction helpers", Instead),
        ("Microsoft.CSharp", "the dynamic binder", "static types"),
    ];

    /// <summary>Single types of the allowed namespaces → why.</summary>
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
            return;
        }

        if (symbol is null && (type is null or IErrorTypeSymbol) && ForbiddenName(node) is { } named)
        {
            Add(node, named.Why, what: named.What);
        }
    }

    /// <summary>
    /// Why a dotted name the compiler could not bind (<c>System.Threading.Thread</c>, not in the reference assemblies)
    /// is forbidden, judged by its text; null when the rules say nothing about it (the compiler's error stands).
    /// Only the outermost name of a chain is judged, so one use gives one message.
    /// </summary>
    private (string What, string Why)? ForbiddenName(SyntaxNode node)
    {
        if (node is SimpleNameSyntax simple && ForwardedNamespace(simple) is { } forwarded)
        {
            string full = forwarded + "." + simple.Identifier.ValueText;
            return (ForbiddenNamespace(full) ?? (AllowedNamespaces.Contains(forwarded, StringComparer.Ordinal) ? null : NotAllowed(forwarded))) is { } refused ? (full, refused) : null;
        }

        bool outermost = node.Parent switch
        {
            QualifiedNameSyntax q => q.Left != node,
            MemberAccessExpressionSyntax m => m.Expression != node,
            _ => true,
        };
        if (node is not (QualifiedNameSyntax or MemberAccessExpressionSyntax or AliasQualifiedNameSyntax) || !outermost)
        {
            return null;
        }

        string path = node.ToString().Replace("global::", "", StringComparison.Ordinal);
        path = string.Concat(path.Where(c => !char.IsWhiteSpace(c)));
        if (MemberNames(path).Any(m => m.Contains("Unsafe", StringComparison.Ordinal)))
        {
            return (path, "memory-unsafe APIs; " + Instead);
        }

        if (ForbiddenNamespace(path) is { } why)
        {
            return (path, why);
        }

        // The longest prefix that is a namespace the compiler knows: a name in it that is missing is refused like one that is there.
        for (var left = LeftOf(node); left is not null; left = LeftOf(left))
        {
            if (model.GetSymbolInfo(left).Symbol is INamespaceSymbol ns)
            {
                string name = ns.ToDisplayString();
                return AllowedNamespaces.Contains(name, StringComparer.Ordinal) ? null : (path, NotAllowed(name)); // a typo in an allowed namespace is the compiler's to name
            }
        }

        return null;
    }

    /// <summary>
    /// For a bare name under a <c>using</c> (<c>Thread</c> after <c>using System.Threading;</c>) that .NET has but the
    /// reference assemblies only forward (CS1069), the namespace the compiler names; else null.
    /// </summary>
    private string? ForwardedNamespace(SimpleNameSyntax name)
    {
        if (name.Parent is QualifiedNameSyntax { Right: var right } && right == name || name.Parent is MemberAccessExpressionSyntax { Name: var member } && member == name)
        {
            return null; // the right part of a dotted name: judged with the whole name
        }

        var forwarded = model.GetDiagnostics(name.Span).FirstOrDefault(d => d.Id == "CS1069");
        var match = forwarded is null ? null : ForwardedPattern().Match(forwarded.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        return match is { Success: true } ? match.Groups[1].Value : null;
    }

    [System.Text.RegularExpressions.GeneratedRegex("in the namespace '([A-Za-z0-9_.]+)'")]
    private static partial System.Text.RegularExpressions.Regex ForwardedPattern();

    private static SyntaxNode? LeftOf(SyntaxNode node) => node switch
    {
        QualifiedNameSyntax q => q.Left,
        MemberAccessExpressionSyntax m => m.Expression,
        _ => null,
    };

    private static IEnumerable<string> MemberNames(string path) => path.Split('.').Skip(1);

    /// <summary>Why an answer may not use <paramref name="symbol"/> (with what to use instead), or null when it may.</summary>
    private string? Forbidden(ISymbol symbol)
    {
        switch (symbol)
        {
            case IArrayTypeSymbol array:
                return Forbidden(array.ElementType);
            case IDynamicTypeSymbol:
                return "dynamic; " + "use static types instead";
            case IPointerTypeSymbol or IFunctionPointerTypeSymbol:
                return "unsafe code";
            case ITypeParameterSymbol or INamespaceSymbol or IErrorTypeSymbol:
                return null; // a type parameter's type is checked where it is named, a namespace does nothing by itself, and a missing type is the compiler's (or ForbiddenName's)
        }

        var type = symbol as INamedTypeSymbol ?? symbol.ContainingType;
        if (type is null)
        {
            return null; // locals and parameters do nothing by themselves; their types are checked
        }

        // Type arguments too: List<Thread> names Thread.
        var arguments = (symbol as IMethodSymbol)?.TypeArguments ?? [];
        for (var t = type; t is not null; t = t.ContainingType)
        {
            arguments = arguments.AddRange(t.TypeArguments);
        }

        foreach (var argument in arguments)
        {
            if (Forbidden(argument) is { } why)
            {
                return why;
            }
        }

        while (type.ContainingType is not null)
        {
            type = type.ContainingType;
        }

        return type.IsAnonymousType || SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, model.Compilation.Assembly)
            ? null // the answer's own types (and the grader's AnswerEntry)
            : ForbiddenMember(symbol, type);
    }

    private static string? ForbiddenMember(ISymbol symbol, INamedTypeSymbol type)
    {
        string ns = type.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() : "";
        string full = ns.Length == 0 ? type.Name : ns + "." + type.Name;
        if ((ns == "Backprop.Kernel" && !AllowedKernelTypes.Contains(type.Name)) || ns.StartsWith("Backprop.Kernel.", StringComparison.Ordinal))
        {
            return type.Name == "Boxes"
                ? "the library's reference answers (Boxes); write the derivative yourself"
                : $"{full} (an answer may use only {string.Join(", ", AllowedKernelTypes.Order())} from the library; model Backward, chains and checkers hold reference gradients)";
        }

        // Memory-corrupting APIs need no unsafe keyword: Unsafe.*, MemoryMarshal, CollectionsMarshal, Vector*.LoadUnsafe, …
        if (symbol is not INamedTypeSymbol && symbol.Name.Contains("Unsafe", StringComparison.Ordinal))
        {
            return "memory-unsafe APIs; " + Instead;
        }

        if (AllowedTypes.Contains(full))
        {
            return null;
        }

        if (ForbiddenTypes.TryGetValue(full, out string? why))
        {
            return why + "; " + Instead;
        }

        if (full == "System.Console" && symbol is IMethodSymbol method && method.Name is not ("Write" or "WriteLine"))
        {
            return "the console beyond Console.Write/WriteLine; print with Console.WriteLine";
        }

        return AllowedNamespaces.Contains(ns, StringComparer.Ordinal) ? null : ForbiddenNamespace(full) ?? NotAllowed(ns);
    }

    /// <summary>The denylist's reason for a name in a forbidden namespace, or null.</summary>
    private static string? ForbiddenNamespace(string name)
    {
        foreach (var (prefix, why, instead) in ForbiddenNamespaces)
        {
            if (name.StartsWith(prefix + ".", StringComparison.Ordinal) && !name.StartsWith("System.Diagnostics.CodeAnalysis.", StringComparison.Ordinal))
            {
                return why + "; " + instead;
            }
        }

        return null;
    }

    private static string NotAllowed(string ns) =>
        $"{(ns.Length == 0 ? "types outside any namespace" : "the namespace " + ns)}: answers may use only the namespaces {string.Join(", ", AllowedNamespaces)} "
        + $"and the library's {string.Join(", ", AllowedKernelTypes.Order())}; {Instead}";

    private void Add(SyntaxNode node, string why, ISymbol? symbol = null, string? what = null)
    {
        int line = node.GetLocation().GetMappedLineSpan().StartLinePosition.Line + 1;
        what ??= symbol is null ? node.ToString() : symbol.ToDisplayString();
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
