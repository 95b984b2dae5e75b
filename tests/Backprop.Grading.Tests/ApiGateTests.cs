using Backprop.Kernel;
using Backprop.Grading.Answers;
using Backprop.Grading.Compilation;

namespace Backprop.Grading.Tests;

public class ApiGateTests
{
    private static readonly CheckItem Item = CheckItems.Find("p1.dJ_ds");

    private static string Answer(string body) => $"// answer: p1.dJ_ds\nVector<double> dJ_ds(Vector<double> y, Vector<double> p)\n{{\n    {body}\n}}";

    [Theory]
    [InlineData("var m = typeof(Boxes).GetMethods(); return y - p;", "reflection")]
    [InlineData("System.Diagnostics.Process.Start(\"sh\"); return y - p;", "'Process'")]
    [InlineData("new System.Net.Http.HttpClient(); return y - p;", "'HttpClient'")]
    [InlineData("dynamic d = y; return d - p;", "dynamic")]
    [InlineData("var t = Type.GetType(\"Backprop.Kernel.Boxes\"); return y - p;", "reflection on types")]
    [InlineData("var o = Activator.CreateInstance(typeof(object)); return y - p;", "creating types by name")]
    [InlineData("var e = Environment.GetEnvironmentVariable(\"HOME\"); return y - p;", "the environment")]
    [InlineData("var s = System.IO.Directory.GetFiles(\"/\"); return y - p;", "file and stream IO")]
    [InlineData("var g = CourseProblems.WordModel(); return g.Backward(g.Forward(0, 1)).ds;", "Backprop.Kernel.CourseProblems")]
    [InlineData("var c = ModelGradChecks.WordMlp(null, 0, 1); return y - p;", "Backprop.Kernel.ModelGradChecks")]
    [InlineData("MathNet.Numerics.Control.UseNativeMKL(); return y - p;", "native providers")]
    [InlineData("unsafe { int x = 1; int* q = &x; } return y - p;", "unsafe")]
    [InlineData("var a = new double[2]; ref double r = ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(a); return y - p;", "native interop")]
    // Not in the compile references at all (answers compile against reference assemblies: CS1069 or CS0234).
    [InlineData("new System.Threading.Thread(() => { }).Start(); return y - p;", "does not compile")]
    [InlineData("var st = new System.Diagnostics.StackTrace(); return y - p;", "does not compile")]
    [InlineData("System.Runtime.InteropServices.Marshal.AllocHGlobal(10); return y - p;", "does not compile")]
    [InlineData("double d = 0; var v = System.Numerics.Vector.LoadUnsafe(ref d); return y - p;", "does not compile")]
    [InlineData("double d = 0; var v = System.Runtime.Intrinsics.Vector128.LoadUnsafe(ref d); return y - p;", "does not compile")]
    [InlineData("var l = new List<double>(); var s = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(l); return y - p;", "does not compile")]
    [InlineData("var w = System.Xml.XmlWriter.Create(\"/tmp/escape.xml\"); return y - p;", "CS1069")]
    [InlineData("var t = new System.Timers.Timer(20); return y - p;", "CS1069")]
    [InlineData("var m = System.Resources.ResourceManager.CreateFileBasedResourceManager(\"x\", \"/etc\", null); return y - p;", "resource readers")]
    public void Forbidden_apis_are_rejected_with_a_message(string body, string reason)
    {
        var compiled = AnswerCompiler.Compile(Item, Answer(body), TestPaths.NewTempFolder("gate"));
        Assert.False(compiled.Succeeded);
        Assert.Contains(reason, compiled.Problem);
    }

    [Fact]
    public void Ordinary_maths_linq_asserts_timing_and_console_output_are_allowed()
    {
        var compiled = AnswerCompiler.Compile(Item,
            Answer("System.Diagnostics.Debug.Assert(y.Count == p.Count); var clock = System.Diagnostics.Stopwatch.StartNew(); Console.WriteLine(y.Sum()); var list = new List<double>(p.Select(v => Math.Abs(v))); return Vector<double>.Build.DenseOfEnumerable(y.Zip(p, (a, b) => a - b));"),
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
