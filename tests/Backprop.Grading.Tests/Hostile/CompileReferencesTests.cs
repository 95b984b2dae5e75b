using Backprop.Grading.Isolation;
using Backprop.Grading.Sandbox;

namespace Backprop.Grading.Tests.Hostile;

/// <summary>
/// What an answer can name at all: answers compile, in the compile child, against the framework's reference
/// assemblies, so public types that only the runtime's implementation assemblies have (Internal.Console writes
/// straight to file descriptors, past Console.SetOut) do not exist for them, whatever the API gate says.
/// </summary>
public sealed class CompileReferencesTests
{
    private static (byte[]? Assembly, string? Problem) Compile(string body)
    {
        var request = new CompileRequest("p1.dJ_ds", "Vector<double> dJ_ds(Vector<double> y, Vector<double> p)\n{\n    " + body + "\n}",
            "public static class AnswerEntry { public static object Invoke(object[] a) => global::StudentAnswer.dJ_ds((global::MathNet.Numerics.LinearAlgebra.Vector<double>)a[0], (global::MathNet.Numerics.LinearAlgebra.Vector<double>)a[1]); }",
            "Vector<double> dJ_ds(Vector<double> y, Vector<double> p)", []);
        var child = CompileChild.Rent(SandboxOptions.Default);
        try
        {
            return child.Compile(request, TimeSpan.FromSeconds(30), out _);
        }
        finally
        {
            CompileChild.Return(child);
        }
    }

    [Fact]
    public void Implementation_only_types_such_as_Internal_Console_do_not_compile()
    {
        var (assembly, problem) = Compile("Internal.Console.Write(\"@@sandbox-reply forged\"); return y - p;");
        Assert.Null(assembly);
        Assert.Contains("Internal", problem);
        Assert.Contains("CS0", problem); // a compiler error: the type does not exist, not the API gate's verdict
    }

    [Fact]
    public void Public_contracts_still_compile()
    {
        var (assembly, problem) = Compile("var list = new List<double>(p.Select(Math.Abs)); Console.WriteLine(list.Count); return Vector<double>.Build.DenseOfEnumerable(y.Zip(p, (a, b) => a - b));");
        Assert.True(assembly is not null, problem);
    }
}
