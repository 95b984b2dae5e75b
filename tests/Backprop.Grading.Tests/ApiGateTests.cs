using Backprop.Kernel;
using Backprop.Grading.Answers;
using Backprop.Grading.Compilation;
using Backprop.Kernel.Checking;

namespace Backprop.Grading.Tests;

public class ApiGateTests
{
    private static readonly CheckItem Item = CheckItems.Find("p1.dJ_ds");

    /// <summary>An answer cell with <paramref name="body"/> as dJ_ds's body; a first line "using …;" goes on top of the cell.</summary>
    private static string Answer(string body)
    {
        string usings = body.StartsWith("using ", StringComparison.Ordinal) ? body[..(body.IndexOf('\n', StringComparison.Ordinal) + 1)] : "";
        return $"{usings}// answer: p1.dJ_ds\nVector<double> dJ_ds(Vector<double> y, Vector<double> p)\n{{\n    {body[usings.Length..].TrimStart()}\n}}";
    }

    /// <summary>The problem of an answer with <paramref name="body"/>, which must not compile.</summary>
    private static string Refused(string body)
    {
        var compiled = AnswerCompiler.Compile(Item, Answer(body), TestPaths.NewTempFolder("gate"));
        Assert.False(compiled.Succeeded, "compiled: " + body);
        return compiled.Problem!;
    }

    [Theory]
    [InlineData("var m = typeof(Boxes).GetMethods(); return y - p;", "reflection")]
    [InlineData("System.Diagnostics.Process.Start(\"sh\"); return y - p;", "System.Diagnostics.Process.Start — answers may not use processes and diagnostics; Debug.Assert and Stopwatch are allowed")]
    [InlineData("new System.Net.Http.HttpClient(); return y - p;", "System.Net.Http.HttpClient — answers may not use network access")]
    [InlineData("dynamic d = y; return d - p;", "dynamic")]
    [InlineData("var t = Type.GetType(\"Backprop.Kernel.Boxes\"); return y - p;", "reflection on types")]
    [InlineData("var o = Activator.CreateInstance(typeof(object)); return y - p;", "creating types by name")]
    [InlineData("var e = Environment.GetEnvironmentVariable(\"HOME\"); return y - p;", "the environment")]
    [InlineData("var s = System.IO.Directory.GetFiles(\"/\"); return y - p;", "file and stream IO")]
    [InlineData("var g = CourseProblems.WordModel(); return g.Backward(g.Forward(0, 1)).ds;", "Backprop.Kernel.CourseProblems")]
    [InlineData("var c = Backprop.Kernel.Checking.ModelGradChecks.WordMlp(null, 0, 1); return y - p;", "Backprop.Kernel.Checking.ModelGradChecks (an answer may use only")]
    [InlineData("MathNet.Numerics.Control.UseNativeMKL(); return y - p;", "native providers")]
    [InlineData("unsafe { int x = 1; int* q = &x; } return y - p;", "unsafe")]
    [InlineData("var a = new double[2]; ref double r = ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(a); return y - p;", "native interop")]
    // Not in the compile references at all (answers compile against reference assemblies), yet named by the gate, not
    // left to the compiler's "does not exist".
    [InlineData("new System.Threading.Thread(() => { }).Start(); return y - p;", "System.Threading.Thread — answers may not use threads and tasks; compute in order")]
    [InlineData("var st = new System.Diagnostics.StackTrace(); return y - p;", "System.Diagnostics.StackTrace — answers may not use processes and diagnostics")]
    [InlineData("System.Runtime.InteropServices.Marshal.AllocHGlobal(10); return y - p;", "System.Runtime.InteropServices.Marshal.AllocHGlobal — answers may not use native interop; use MathNet's")]
    [InlineData("double d = 0; var v = System.Numerics.Vector.LoadUnsafe(ref d); return y - p;", "System.Numerics.Vector.LoadUnsafe — answers may not use memory-unsafe APIs")]
    [InlineData("double d = 0; var v = System.Runtime.Intrinsics.Vector128.LoadUnsafe(ref d); return y - p;", "System.Runtime.Intrinsics.Vector128.LoadUnsafe — answers may not use memory-unsafe APIs")]
    [InlineData("var l = new List<double>(); var s = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(l); return y - p;", "CollectionsMarshal.AsSpan — answers may not use native interop")]
    [InlineData("var w = System.Xml.XmlWriter.Create(\"/tmp/escape.xml\"); return y - p;", "System.Xml.XmlWriter.Create — answers may not use XML readers and writers")]
    [InlineData("var t = new System.Timers.Timer(20); return y - p;", "System.Timers.Timer — answers may not use timers")]
    [InlineData("using System.Threading;\n    var t = new Thread(() => { }); return y - p;", "System.Threading.Thread — answers may not use threads and tasks")]
    [InlineData("var m = System.Resources.ResourceManager.CreateFileBasedResourceManager(\"x\", \"/etc\", null); return y - p;", "resource readers")]
    public void Forbidden_apis_are_rejected_with_a_message(string body, string reason)
    {
        Assert.Contains(reason, Refused(body));
    }

    /// <summary>
    /// Public types of the reference assemblies, in namespaces no denylist entry names: only the allowlist refuses them.
    /// ProfileOptimization writes a profile file from a background thread; JitInfo reads the runtime's state; ArrayPool's
    /// shared pool outlives an item. Each compiled before the allowlist.
    /// </summary>
    [Theory]
    [InlineData("System.Runtime.ProfileOptimization.SetProfileRoot(\"/tmp\"); System.Runtime.ProfileOptimization.StartProfile(\"answer\"); return y - p;", "System.Runtime.ProfileOptimization")]
    [InlineData("long n = System.Runtime.JitInfo.GetCompiledMethodCount(); return y - p;", "System.Runtime.JitInfo")]
    [InlineData("var pool = System.Buffers.ArrayPool<double>.Shared.Rent(4); return y - p;", "System.Buffers.ArrayPool")]
    [InlineData("using System.Runtime;\n    ProfileOptimization.StartProfile(\"answer\"); return y - p;", "System.Runtime.ProfileOptimization")]
    public void Public_types_outside_the_allowlist_are_refused_naming_the_type_and_what_to_use_instead(string body, string named)
    {
        string problem = Refused(body);
        Assert.Contains("was rejected before running", problem);
        Assert.Contains(named, problem);
        Assert.Contains("answers may use only the namespaces System, System.Collections.Generic, System.Linq", problem);
        Assert.Contains("use MathNet's Vector and Matrix, System.Math and LINQ instead", problem);
    }

    [Fact]
    public void Mathnets_parallel_loops_are_refused_as_threads()
    {
        Assert.Contains("MathNet's parallel loops (threads)", Refused("MathNet.Numerics.Threading.CommonParallel.For(0, 2, (a, b) => { }); return y - p;"));
    }

    [Fact]
    public void A_typo_in_an_allowed_namespace_keeps_the_compilers_message()
    {
        string problem = Refused("return MathNet.Numerics.LinearAlgebra.Vectr<double>.Build.Dense(2);");
        Assert.Contains("does not compile", problem);
        Assert.DoesNotContain("answers may", problem);
    }

    [Fact]
    public void Ordinary_maths_linq_asserts_timing_and_console_output_are_allowed()
    {
        var compiled = AnswerCompiler.Compile(Item,
            Answer("System.Diagnostics.Debug.Assert(y.Count == p.Count); var clock = System.Diagnostics.Stopwatch.StartNew(); Console.WriteLine(y.Sum()); var list = new List<double>(p.Select(v => Math.Abs(v))); "
                + "var text = new System.Text.StringBuilder().Append(y.Sum().ToString(System.Globalization.CultureInfo.InvariantCulture)); (double a, int b) pair = (Math.Tanh(1), 2); Console.WriteLine($\"{text} {pair.a}\"); "
                + "var dense = MathNet.Numerics.LinearAlgebra.Double.DenseVector.OfArray(new[] { 1.0 }); Func<Vector<double>, double> norm = v => v.L2Norm(); Span<double> buffer = stackalloc double[2]; "
                + "return Vector<double>.Build.DenseOfEnumerable(y.Zip(p, (a, b) => a - b));"),
            TestPaths.NewTempFolder("gate"));
        Assert.True(compiled.Succeeded, compiled.Problem);
    }

    [Fact]
    public void A_dotnet_interactive_directive_and_top_level_test_calls_in_the_cell_are_ignored()
    {
        var compiled = AnswerCompiler.Compile(Item, "#!csharp\n" + Answer("return y - p;") + "\ndJ_ds(null, null);\nConsole.WriteLine(\"tested\");",
            TestPaths.NewTempFolder("gate"));
        Assert.True(compiled.Succeeded, compiled.Problem);
    }
}
