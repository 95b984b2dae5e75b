using Backprop.Grading.Compilation;
using Backprop.Grading.Isolation;
using Backprop.Grading.Sandbox;
using MathNet.Numerics.LinearAlgebra;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Backprop.Grading.Tests;

/// <summary>The child process on its own, with assemblies built past the API gate, as if a student had slipped through it.</summary>
public class SandboxTests
{
    private static string Build(string folder, string name, string invokeBody)
    {
        string source = $$"""
            public static class AnswerEntry
            {
                public static object Invoke(object[] a) { {{invokeBody}} }
            }
            """;
        var compilation = CSharpCompilation.Create(name, [CSharpSyntaxTree.ParseText(source)], AnswerReferences.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        string path = Path.Combine(folder, name + ".dll");
        var emitted = compilation.Emit(path);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        return path;
    }

    private static SandboxRequest Request(string item, string assembly) =>
        new(item, assembly, [[WireValue.From(Vector<double>.Build.DenseOfArray([0, 1])), WireValue.From(Vector<double>.Build.DenseOfArray([0.25, 0.75]))]]);

    [Fact]
    public void A_process_exit_a_timeout_and_a_fake_reply_cost_one_item_each_and_the_next_item_runs_in_a_fresh_child()
    {
        string folder = TestPaths.NewTempFolder("sandbox");
        string exit = Build(folder, "exit", "System.Environment.Exit(3); return null;");
        string fake = Build(folder, "fake", "System.Console.WriteLine(\"@@sandbox-reply 00 {}\"); var s = new System.IO.StreamWriter(System.Console.OpenStandardOutput()); s.WriteLine(\"@@sandbox-reply guess {\\\"item\\\":\\\"x\\\",\\\"outputs\\\":[]}\"); s.Flush(); while (true) { }");
        string good = Build(folder, "good", "return (MathNet.Numerics.LinearAlgebra.Vector<double>)a[0] - (MathNet.Numerics.LinearAlgebra.Vector<double>)a[1];");
        using var sandbox = new SandboxProcess(SandboxOptions.Default with { ItemTimeout = TimeSpan.FromSeconds(3) }, folder);

        var exited = sandbox.Run(Request("a", exit));
        Assert.Null(exited.Outputs);
        Assert.Contains("exit code 3", exited.Problem);

        var faked = sandbox.Run(Request("b", fake));
        Assert.Null(faked.Outputs);
        Assert.Contains("did not finish", faked.Problem);

        var fine = sandbox.Run(Request("c", good));
        Assert.NotNull(fine.Outputs);
        Assert.Equal("(2)", fine.Outputs[0].Shape);
        Assert.Equal([-0.25, 0.25], fine.Outputs[0].Values!);
    }

    [Fact]
    public void A_huge_output_is_refused_in_the_child_before_it_crosses_over()
    {
        string folder = TestPaths.NewTempFolder("sandbox");
        string huge = Build(folder, "huge", "return MathNet.Numerics.LinearAlgebra.Vector<double>.Build.Dense(2_000_000);");
        using var sandbox = new SandboxProcess(SandboxOptions.Default, folder);
        var outcome = sandbox.Run(Request("huge", huge));
        Assert.NotNull(outcome.Outputs);
        Assert.Contains("returned 2000000 entries", outcome.Outputs[0].Problem);
    }

    [Fact]
    public void The_child_receives_inputs_only()
    {
        // The request type is the whole interface: item, assembly, inputs. Expected values stay in the parent.
        Assert.Equal(["Item", "AssemblyPath", "Cases"], typeof(SandboxRequest).GetProperties().Select(p => p.Name).Where(n => n != "EqualityContract"));
    }
}
