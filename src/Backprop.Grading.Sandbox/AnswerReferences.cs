using Backprop.Kernel;
using Backprop.Kernel.Checking;
using MathNet.Numerics.LinearAlgebra;
using Microsoft.CodeAnalysis;

namespace Backprop.Grading.Sandbox;

/// <summary>
/// What an answer is compiled against: the framework's reference assemblies (public contracts only, copied into
/// <c>answer-refs/</c> beside the sandbox at build time) for the core runtime, LINQ, collections and the console, then
/// MathNet.Numerics and Backprop.Kernel (whose reference parts the <see cref="ForbiddenApiWalker"/> keeps out; in a grader published by
/// eng/publish-grader.sh, the sandbox's Backprop.Kernel holds no reference parts at all). Loaded once per process.
/// </summary>
public static class AnswerReferences
{
    private static readonly string[] RuntimeAssemblies =
        ["System.Runtime", "System.Linq", "System.Collections", "System.Console", "System.Runtime.Extensions", "netstandard", "System.Memory"];

    /// <summary>The folder of reference assemblies beside the sandbox (see Backprop.Grading.Sandbox.csproj).</summary>
    public const string Folder = "answer-refs";

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
        // Never the runtime's implementation assemblies: they make public types of their own (Internal.Console …)
        // that no contract has. Without the folder, answers do not compile, rather than compile against those.
        string folder = Path.Combine(AppContext.BaseDirectory, Folder);
        var runtime = RuntimeAssemblies.Select(name => Path.Combine(folder, name + ".dll"));
        return runtime
            .Append(typeof(Vector<double>).Assembly.Location)
            .Append(typeof(CheckValue).Assembly.Location)
            .Distinct(StringComparer.Ordinal)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToArray();
    }
}
