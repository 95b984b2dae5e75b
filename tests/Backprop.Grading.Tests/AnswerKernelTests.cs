using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Backprop.Grading.Sandbox;
using Backprop.Kernel;
using Backprop.Kernel.Checking;

namespace Backprop.Grading.Tests;

/// <summary>
/// The Backprop.Kernel a published grader's sandbox loads (src/Backprop.Grading.AnswerKernel) holds exactly the types
/// an answer may use, and the two the run child needs to flatten outputs: no reference answer can be inside a child.
/// </summary>
public sealed class AnswerKernelTests
{
    /// <summary>Public types the sandbox itself needs besides the answer-facing ones (output flattening, a thrown type).</summary>
    private static readonly string[] SandboxNeeds = [nameof(CheckValue), nameof(CheckOutputException), nameof(UnknownWordException)];

    [Fact]
    public void Its_public_types_are_the_walkers_allowed_types_and_what_the_run_child_needs()
    {
        Assert.Equal(ForbiddenApiWalker.AllowedKernelTypes.Concat(SandboxNeeds).Order(StringComparer.Ordinal), PublicTypes().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void It_holds_no_reference_answer_of_the_full_kernel()
    {
        var types = PublicTypes().ToHashSet();
        Assert.DoesNotContain(nameof(Boxes), types);
        Assert.DoesNotContain(nameof(CheckItems), types);
        Assert.DoesNotContain(nameof(RecurrentModel), types);
        Assert.DoesNotContain(nameof(GradCheck), types);
    }

    [Fact]
    public void Every_allowed_type_exists_in_the_full_kernel_too()
    {
        Assert.All(ForbiddenApiWalker.AllowedKernelTypes, name => Assert.NotNull(typeof(Boxes).Assembly.GetType("Backprop.Kernel." + name)));
    }

    private static IEnumerable<string> PublicTypes()
    {
        string configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        string path = Path.Combine(TestPaths.Root, "src", "Backprop.Grading.AnswerKernel", "bin", configuration, "net10.0", "Backprop.Kernel.dll");
        Assert.True(File.Exists(path), $"{path} is missing: build src/Backprop.Grading.AnswerKernel");
        using var pe = new PEReader(File.OpenRead(path));
        var metadata = pe.GetMetadataReader();
        Assert.Equal("Backprop.Kernel", metadata.GetString(metadata.GetAssemblyDefinition().Name));
        return metadata.TypeDefinitions.Select(metadata.GetTypeDefinition)
            .Where(t => (t.Attributes & System.Reflection.TypeAttributes.VisibilityMask) == System.Reflection.TypeAttributes.Public)
            .Select(t => metadata.GetString(t.Name))
            .ToArray();
    }
}
