using Backprop.Kernel;
using MathNet.Numerics.LinearAlgebra;
using Microsoft.CodeAnalysis;

namespace Backprop.Grading.Sandbox;

/// <summary>
/// What an answer is compiled against: the core runtime, LINQ, collections, the console, MathNet.Numerics and
/// Backprop.Kernel (whose reference parts the <see cref="ForbiddenApiWalker"/> keeps out; in a grader published by
/// eng/publish-grader.sh, the sandbox's Backprop.Kernel holds no reference parts at all). Loaded once per process.
/// </summary>
public static class AnswerReferences
{
    private static readonly string[] RuntimeAssemblies =
        ["System.Private.CoreLib", "System.Runtime", "System.Linq", "System.Collections", "System.Console", "System.Runtime.Extensions", "netstandard", "System.Memory"];

    private static readonly Lazy<IReadOnlyList<MetadataReference>> Cached = new(Load);

    /// <summary>The references, created on first use.</summary>
    public static IReadOnlyList<MetadataReference> All => Cached.Value;

    /// <summary>Loads the references and compiles a trivial answer once, so the first real answer is not slowed by start-up.</summary>
    public static void Warm() =>
        AnswerCompilation.Compile(new CompileRequest("warm.up", "double f(Vector<double> v) => v.Sum();",
            "public static class AnswerEntry { public static object Invoke(object[] a) => global::StudentAnswer.f((global::MathNet.Numerics.LinearAlgebra.Vector<double>)a[0]); }",
            "double f(Vector<double> v)", []));

    /// <summary>Namespaces every answer may use without a using directive, as in the notebooks.</summary>
    public static IReadOnlyList<string> DefaultUsings { get; } =
        ["System", "System.Collections.Generic", "System.Linq", "MathNet.Numerics", "MathNet.Numerics.LinearAlgebra", "Backprop.Kernel"];

    private static IReadOnlyList<MetadataReference> Load()
    {
        string trusted = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? "";
        var runtime = trusted.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(p => RuntimeAssemblies.Contains(Path.GetFileNameWithoutExtension(p), StringComparer.Ordinal));
        return runtime
            .Append(typeof(Vector<double>).Assembly.Location)
            .Append(typeof(CheckValue).Assembly.Location)
            .Distinct(StringComparer.Ordinal)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToArray();
    }
}
