using Backprop.Kernel;
using MathNet.Numerics.LinearAlgebra;
using Microsoft.CodeAnalysis;

namespace Backprop.Grading.Compilation;

/// <summary>
/// What an answer is compiled against: the core runtime, LINQ, collections, the console, MathNet.Numerics and
/// Backprop.Kernel (whose reference parts the <see cref="ForbiddenApiWalker"/> keeps out). Loaded once per process.
/// </summary>
internal static class AnswerReferences
{
    private static readonly string[] RuntimeAssemblies =
        ["System.Private.CoreLib", "System.Runtime", "System.Linq", "System.Collections", "System.Console", "System.Runtime.Extensions", "netstandard", "System.Memory"];

    private static readonly Lazy<IReadOnlyList<MetadataReference>> Cached = new(Load);

    /// <summary>The references, created on first use.</summary>
    public static IReadOnlyList<MetadataReference> All => Cached.Value;

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
            .Append(typeof(Check).Assembly.Location)
            .Distinct(StringComparer.Ordinal)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToArray();
    }
}
