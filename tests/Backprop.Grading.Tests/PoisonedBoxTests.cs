using System.Collections;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.Loader;
using System.Xml.Linq;
using Backprop.Grading.Release;
using MathNet.Numerics.LinearAlgebra;
using PoisonedNotebooks;
using Xunit.Abstractions;

namespace Backprop.Grading.Tests;

/// <summary>
/// The homework release's library differentiates nothing behind the student's back. Its boxes are filled twice, once
/// with the instructor's answers and once with well-shaped wrong ones (the right answer ×1.5, or transposed where it
/// is a square matrix); every public entry point whose documentation says it reports a derivative or a gradient (found
/// by reflection over the release's own assembly and its XML docs, not listed here) is called with the same arguments
/// on both; every gradient-derived number it reports must differ between the two.
/// </summary>
[Collection(ReleaseBuilds.Name)]
public class PoisonedBoxTests(CourseReleaseFixture release, ITestOutputHelper log) : IClassFixture<CourseReleaseFixture>
{
    [Fact]
    public void Every_gradient_the_release_library_reports_changes_when_the_boxes_are_wrong()
    {
        var problems = PoisonedBoxes.Run(release, plant: null, log);
        Assert.True(problems.Count == 0, "numbers computed without the student's boxes:\n" + string.Join("\n", problems));
    }

    [Fact]
    public void A_derivative_planted_outside_the_boxes_is_caught()
    {
        // ∂J/∂s written into the model check itself, as y − p, instead of taken from the student's dJ_ds box.
        var problems = PoisonedBoxes.Run(release, plant: ("Checking/ModelGradChecks.cs", "var grads = model.Backward(trace);",
            "var grads = model.Backward(trace) with { ds = trace.Y - trace.P };"), log);
        Assert.Contains(problems, p => p.Contains("ModelGradChecks.WordMlp", StringComparison.Ordinal));
    }

    /// <summary>
    /// A derivative planted in each route issue 20 moved into the boxes is caught: problem 3's chain written out in the
    /// probe (the tanh recurrence's one-step map, by hand), and ∂J/∂s written into the recurrent model's backward pass.
    /// </summary>
    [Theory]
    [InlineData("Experiments/JacobianProbe.cs", "var dhs = chain(step, Wr, trace.Gs, GradCheck.Numeric(hT, () => model.ObjectiveFrom(T, hT, words, target)));",
        "var dhs = new Vector<double>[T + 1]; dhs[T] = GradCheck.Numeric(hT, () => model.ObjectiveFrom(T, hT, words, target)); for (int k = T; k >= 1; k--) { var th = trace.Gs[k].PointwiseTanh(); dhs[k - 1] = blend.Carry * dhs[k] + blend.Gain * Wr.TransposeThisAndMultiply(dhs[k].PointwiseMultiply(1.0 - th.PointwiseMultiply(th))); }",
        "JacobianProbe.Run")]
    [InlineData("RecurrentModel.cs", "var ds = b.dJ_ds(trace.Y, trace.P);", "var ds = trace.Y - trace.P;", "RecurrentModel.Backward")]
    public void A_derivative_planted_in_the_chain_or_the_recurrent_backward_is_caught(string file, string find, string replace, string caught)
    {
        var problems = PoisonedBoxes.Run(release, plant: (file, find, replace), log);
        Assert.Contains(problems, p => p.StartsWith(caught, StringComparison.Ordinal));
    }
}

/// <summary>Builds the release's library with right and with poisoned boxes, and compares what its entry points report.</summary>
internal static class PoisonedBoxes
{
    /// <summary>Words that mark a documented number or member as gradient-derived.</summary>
    private static readonly string[] GradientWords = ["∂", "derivative", "gradient", "Backward", "analytic", "error of"];

    /// <summary>Words that mark a number as central differences or a setting, legitimately the same with any boxes.</summary>
    private static readonly string[] NumericWords = ["central-difference", "central difference", "that passes", "Numeric"];

    /// <summary>
    /// Members reported by gradient-documented entry points that are the same whatever the boxes, each for its reason:
    /// the objective and the central differences the checks compare with, and the case builder's expected values.
    /// </summary>
    private static readonly string[] Exempt =
    [
        "GradCheck.", // central differences of a forward pass, and comparisons of an analytic argument with them
        "CheckItem`1.Build", "CheckItem.Build", // inputs and expected values by central differences
        "CheckItem`1.Bind", // wraps an answer passed in
        "CheckItems.Recurrent", // a case's weights, forward trace and its ∂J/∂h_t by central differences, for the written checks
        ".ObjectiveFrom", ".ObjectiveFromScores", ".ObjectiveFromHidden", // J itself, the forward pass
        "Boxes+", // the boxes themselves
        "CheckSummary..ctor", "CheckSummaryRow.From", // tables of verdicts passed in
        "CheckEngine.Compare", // compares the output it is given with a case's expected value
        "TrainingRun.ClippedFraction", // how many gradient norms exceed c: a step function of them, the same unless one crosses c
    ];

    public static List<string> Run(CourseReleaseFixture release, (string File, string Find, string Replace)? plant, ITestOutputHelper log)
    {
        string right = Build(release, "right", poisoned: false, plant);
        string wrong = Build(release, "poisoned", poisoned: true, plant);
        var rightLibrary = new Library(right);
        var wrongLibrary = new Library(wrong);
        var problems = new List<string>();
        int called = 0;
        foreach (var (method, name, documented) in rightLibrary.EntryPoints())
        {
            var twin = wrongLibrary.Twin(method);
            object? a, b;
            try
            {
                a = rightLibrary.Invoke(method);
                b = wrongLibrary.Invoke(twin);
            }
            catch (ArgumentsUnknownException e)
            {
                problems.Add($"{name}: no arguments could be made for it ({e.Message}); teach PoisonedBoxes.Arguments its parameter");
                continue;
            }
            catch (InvalidOperationException e)
            {
                problems.Add($"{name}: {e.Message}");
                continue;
            }

            called++;
            var left = Flatten(a, rightLibrary, name, documented).ToList();
            var other = Flatten(b, wrongLibrary, name, documented).ToDictionary(x => x.Path, x => x.Values);
            foreach (var (path, values) in left)
            {
                if (!other.TryGetValue(path, out var poisoned) || (values.Length > 0 && Same(values, poisoned)))
                {
                    problems.Add($"{path}: the same with wrong boxes ({values.Length} numbers, first {(values.Length > 0 ? values[0] : double.NaN):G6})");
                }
            }

            log.WriteLine($"{name}: {left.Count} gradient-derived groups compared");
        }

        log.WriteLine($"{called} entry points called");
        Assert.True(called >= 10, $"only {called} gradient entry points found in the release's library");
        return problems;
    }

    private static bool Same(double[] a, double[] b) =>
        a.Length == b.Length && a.Zip(b).All(p => p.First == p.Second || (double.IsNaN(p.First) && double.IsNaN(p.Second)) || Math.Abs(p.First - p.Second) <= 1e-12 * Math.Max(Math.Abs(p.First), Math.Abs(p.Second)));

    /// <summary>The release's src/Backprop.Kernel with its stubs filled from the instructor's regions, built into a folder of its own.</summary>
    private static string Build(CourseReleaseFixture release, string name, bool poisoned, (string File, string Find, string Replace)? plant)
    {
        string root = TestPaths.NewTempFolder("poison-" + name);
        foreach (string relative in StudentRelease.BuildFiles.Where(f => File.Exists(Path.Combine(release.Homework, f))).Concat(RepositoryFiles.Under(release.Homework, "src/Backprop.Kernel")))
        {
            string target = Path.Combine(root, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(release.Homework, relative), target);
        }

        string kernel = Path.Combine(root, "src", "Backprop.Kernel");
        foreach (string file in Directory.EnumerateFiles(Path.Combine(kernel, "Boxes"), "*.cs"))
        {
            string instructor = File.ReadAllText(Path.Combine(release.Root, "src", "Backprop.Kernel", "Boxes", Path.GetFileName(file)));
            File.WriteAllText(file, Fill(File.ReadAllText(file), instructor, poisoned, file));
        }

        File.WriteAllText(Path.Combine(kernel, "Boxes", "Poison.cs"), PoisonClass.LibraryFile);
        if (plant is { } p)
        {
            string path = Path.Combine(kernel, p.File);
            string text = File.ReadAllText(path);
            Assert.Contains(p.Find, text);
            File.WriteAllText(path, text.Replace(p.Find, p.Replace, StringComparison.Ordinal));
        }

        string output = Path.Combine(root, "out");
        var start = new ProcessStartInfo("dotnet", ["build", Path.Combine(kernel, "Backprop.Kernel.csproj"), "-nologo", "-v", "q", "-o", output]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var build = Process.Start(start)!;
        string stdout = build.StandardOutput.ReadToEnd();
        Assert.True(build.WaitForExit(TimeSpan.FromMinutes(4)), "the filled library did not build in 4 minutes");
        Assert.True(build.ExitCode == 0, stdout);
        return Path.Combine(output, "Backprop.Kernel.dll");
    }

    /// <summary>Each stub of <paramref name="release"/> replaced by the body of the matching region of <paramref name="instructor"/>, poisoned or not.</summary>
    private static string Fill(string release, string instructor, bool poisoned, string where)
    {
        var regions = SolutionRegions.Find(instructor, markdown: false, where);
        var lines = release.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').ToList();
        var stubs = lines.Select((l, i) => (l, i)).Where(x => x.l.TrimStart().StartsWith("throw new NotImplementedException(", StringComparison.Ordinal)).Select(x => x.i).ToList();
        Assert.True(stubs.Count == regions.Count, $"{where}: {stubs.Count} stubs for {regions.Count} regions");
        for (int k = stubs.Count - 1; k >= 0; k--)
        {
            var body = regions[k].Lines.ToList();
            if (poisoned)
            {
                body = ["return Poison.Apply(() =>", "{", .. body, "});"];
            }

            lines.RemoveAt(stubs[k]);
            lines.InsertRange(stubs[k], body);
        }

        return string.Join("\n", lines);
    }

    /// <summary>
    /// The numbers an entry point reports, grouped by where they sit: the whole result if it is numbers, else each
    /// gradient-documented member of it, recursively; members documented as central differences or settings are left out.
    /// </summary>
    private static IEnumerable<(string Path, double[] Values)> Flatten(object? value, Library library, string path, bool gradientDerived, int depth = 0)
    {
        if (value is null || depth > 4)
        {
            yield break;
        }

        var numbers = Numbers(value);
        if (numbers is not null)
        {
            if (gradientDerived)
            {
                yield return (path, numbers);
            }

            yield break;
        }

        if (value is System.Runtime.CompilerServices.ITuple tuple)
        {
            for (int i = 0; i < tuple.Length; i++)
            {
                foreach (var x in Flatten(tuple[i], library, $"{path}.Item{i + 1}", gradientDerived, depth + 1))
                {
                    yield return x;
                }
            }

            yield break;
        }

        if (value is IEnumerable items and not string)
        {
            int i = 0;
            foreach (object? item in items)
            {
                foreach (var x in Flatten(item, library, $"{path}[{i++}]", gradientDerived, depth + 1))
                {
                    yield return x;
                }
            }

            yield break;
        }

        var type = value.GetType();
        if (type.Assembly != library.Assembly)
        {
            yield break;
        }

        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0).ToArray();
        bool Marked(PropertyInfo p) => GradientWords.Any(w => library.Doc(type, p.Name).Contains(w, StringComparison.Ordinal));
        bool Numeric(PropertyInfo p) => NumericWords.Any(w => library.Doc(type, p.Name).Contains(w, StringComparison.Ordinal));
        // A type that marks some members reports those; one that marks none (a median band, say) inherits its parent's mark.
        bool anyMarked = properties.Any(p => Marked(p) && !Numeric(p));
        foreach (var property in properties)
        {
            bool marked = anyMarked ? Marked(property) && !Numeric(property) : gradientDerived && !Numeric(property);
            object? member;
            try
            {
                member = property.GetValue(value);
            }
            catch (TargetInvocationException)
            {
                continue;
            }

            foreach (var x in Flatten(member, library, $"{path}.{property.Name}", marked, depth + 1))
            {
                yield return x;
            }
        }
    }

    private static double[]? Numbers(object value) => value switch
    {
        double d => [d],
        Vector<double> v => v.ToArray(),
        Matrix<double> m => m.ToColumnMajorArray(),
        IEnumerable<double> list => list.ToArray(),
        IEnumerable<Vector<double>> list => list.SelectMany(v => v is null ? [double.NaN] : v.ToArray()).ToArray(),
        _ => null,
    };

    private sealed class ArgumentsUnknownException(string message) : Exception(message);

    /// <summary>One build of the release's library, loaded on its own, with its XML docs.</summary>
    private sealed class Library
    {
        private readonly Dictionary<string, string> _docs = new(StringComparer.Ordinal);

        public Library(string dll)
        {
            var context = new AssemblyLoadContext("poison-" + Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(dll))), isCollectible: false);
            Assembly = context.LoadFromAssemblyPath(dll);
            foreach (var member in XDocument.Load(Path.ChangeExtension(dll, ".xml")).Descendants("member"))
            {
                _docs[(string)member.Attribute("name")!] = member.Value;
            }
        }

        public Assembly Assembly { get; }

        /// <summary>The docs of a type's member: its own, or the type's &lt;param&gt; of that name (a record's positional property).</summary>
        public string Doc(Type type, string member)
        {
            string full = type.FullName!.Split('`')[0].Replace('+', '.');
            if (_docs.TryGetValue($"P:{full}.{member}", out string? own))
            {
                return own;
            }

            var typeDoc = _docs.GetValueOrDefault($"T:{full}");
            var xml = typeDoc is null ? null : XDocument.Load(Path.ChangeExtension(Assembly.Location, ".xml")).Descendants("member").FirstOrDefault(m => (string)m.Attribute("name")! == $"T:{full}");
            return xml?.Elements("param").FirstOrDefault(p => (string)p.Attribute("name")! == member)?.Value ?? "";
        }

        /// <summary>
        /// Every public method of the assembly whose docs, its type's docs or its return type's docs mention a derivative
        /// or gradient, except <see cref="Exempt"/>.
        /// </summary>
        public IEnumerable<(MethodBase Method, string Name, bool Documented)> EntryPoints()
        {
            foreach (var type in Assembly.GetExportedTypes().Where(t => !t.IsInterface && !t.ContainsGenericParameters || t.IsGenericTypeDefinition).OrderBy(t => t.FullName, StringComparer.Ordinal))
            {
                var members = type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                    .Where(m => !m.IsSpecialName && !m.IsGenericMethodDefinition && m.DeclaringType == type && m.Name is not ("ToString" or "Equals" or "GetHashCode" or "Deconstruct" or "<Clone>$" or "PrintMembers"))
                    .Cast<MethodBase>(); // not constructors: a constructor keeps what it is given
                foreach (var method in members)
                {
                    string name = $"{type.FullName!.Replace("Backprop.Kernel.", "", StringComparison.Ordinal)}.{method.Name}";
                    if (type.IsGenericTypeDefinition || Exempt.Any(e => name.Contains(e, StringComparison.Ordinal)))
                    {
                        continue;
                    }

                    var returned = method is MethodInfo info ? info.ReturnType : type;
                    bool own = GradientWords.Any(w => MethodDocs(type, method).Contains(w, StringComparison.Ordinal));
                    string typeDocs = returned.Assembly == Assembly ? TypeDocs(returned) : "";
                    if ((own || GradientWords.Any(w => typeDocs.Contains(w, StringComparison.Ordinal))) && returned != typeof(void) && returned != typeof(bool) && returned != typeof(string))
                    {
                        // A method documented as reporting a gradient: all it returns is gradient-derived unless its type marks members.
                        yield return (method, name, own);
                    }
                }
            }
        }

        private string MethodDocs(Type type, MethodBase method)
        {
            string prefix = (method is ConstructorInfo ? "M:" + type.FullName!.Replace('+', '.') + ".#ctor" : "M:" + type.FullName!.Replace('+', '.') + "." + method.Name);
            return string.Join("\n", _docs.Where(d => d.Key == prefix || d.Key.StartsWith(prefix + "(", StringComparison.Ordinal)).Select(d => d.Value));
        }

        private string TypeDocs(Type type)
        {
            string full = type.FullName?.Split('`')[0].Replace('+', '.') ?? "";
            return _docs.GetValueOrDefault("T:" + full, "");
        }

        /// <summary>The method of the same name and parameter types in this library.</summary>
        public MethodBase Twin(MethodBase method)
        {
            var type = Assembly.GetType(method.DeclaringType!.FullName!)!;
            string[] parameters = method.GetParameters().Select(p => p.ParameterType.FullName ?? p.ParameterType.Name).ToArray();
            IEnumerable<MethodBase> candidates = method is ConstructorInfo ? type.GetConstructors() : type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly).Where(m => m.Name == method.Name);
            return candidates.Single(m => m.GetParameters().Select(p => p.ParameterType.FullName ?? p.ParameterType.Name).SequenceEqual(parameters));
        }

        /// <summary>Calls the method with arguments made from the course instance, each time afresh.</summary>
        public object? Invoke(MethodBase method)
        {
            var arguments = new Arguments(this, method);
            object?[] values = method.GetParameters().Select(arguments.For).ToArray();
            object? target = method.IsStatic || method is ConstructorInfo ? null : arguments.Instance(method.DeclaringType!);
            try
            {
                return method is ConstructorInfo ctor ? ctor.Invoke(values) : method.Invoke(target, values);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                throw new InvalidOperationException($"{method.DeclaringType!.Name}.{method.Name} threw {e.InnerException.GetType().Name}: {e.InnerException.Message}", e.InnerException);
            }
        }

        public Type Type(string name) => Assembly.GetType("Backprop.Kernel." + name) ?? throw new InvalidOperationException($"no type {name} in the release's library");


        /// <summary>A public static method of the library without parameters, e.g. CourseProblems.TanhModel().</summary>
        public object Call(string type, string method) => Type(type).GetMethod(method, BindingFlags.Public | BindingFlags.Static, System.Type.EmptyTypes)!.Invoke(null, null)!;
    }

    /// <summary>Arguments for one call, made by parameter type and name from the course instance (N = 8, M = 4, T = 3).</summary>
    private sealed class Arguments(Library library, MethodBase method)
    {
        private const int N = 8, M = 4;
        private static readonly int[] Words = [1, 4, 2];
        private const int Target = 5;

        public object? Instance(Type type) => Make(type, "instance", 0);

        public object? For(ParameterInfo parameter)
        {
            var type = parameter.ParameterType;
            bool function = typeof(Delegate).IsAssignableFrom(type) || type.Name is "RecurrentBoxes" or "GradientNormSetup";
            return parameter.HasDefaultValue && parameter.DefaultValue is null && !function ? null : Make(type, parameter.Name ?? "", 0);
        }

        private object? Make(Type type, string name, int depth)
        {
            var rnn = library.Call("CourseProblems", "TanhModel");
            var trace = rnn.GetType().GetMethod("Forward")!.Invoke(rnn, [Words, Target])!;
            IReadOnlyList<Vector<double>> Trace(string property) => (IReadOnlyList<Vector<double>>)trace.GetType().GetProperty(property)!.GetValue(trace)!;
            Vector<double> Random(int length, int seed) => Vector<double>.Build.Dense(length, i => Math.Sin(seed * 7.1 + i * 1.3));
            Type? element = type.IsArray ? type.GetElementType() : type.IsGenericType ? type.GetGenericArguments()[0] : null;
            bool list = type.IsArray || (type.IsGenericType && type.GetGenericTypeDefinition() is var g && (g == typeof(IReadOnlyList<>) || g == typeof(IEnumerable<>)));
            if (type == typeof(int))
            {
                return name switch { "T" => 3, "t" => 2, "seed" => 3, "word" => 1, "target" => Target, "N" => N, "M" => M, "early" => 1, "late" => 3, _ => 2 };
            }

            if (type == typeof(double))
            {
                return name switch { "alpha" => 0.3, "spectralRadius" => 0.9, "maxNorm" => 1.0, _ => 0.5 };
            }

            if (list && element == typeof(int))
            {
                return name switch { "lengths" => new[] { 3, 5 }, "seeds" => new[] { 1, 2 }, _ => Words };
            }

            if (list && element == library.Type("Checking.CheckCaseSpec"))
            {
                return library.Type("Checking.CheckCaseSpec").GetProperty("Public")!.GetValue(null);
            }

            if (type == library.Type("Checking.CheckCaseSpec"))
            {
                return ((System.Collections.IList)library.Type("Checking.CheckCaseSpec").GetProperty("Public")!.GetValue(null)!)[0];
            }

            if (list && element == library.Type("KeyExample"))
            {
                var task = Make(library.Type("KeyWordTask"), "task", depth + 1)!;
                return task.GetType().GetMethod("Sample")!.Invoke(task, [5, 7]);
            }

            if (list && element is { IsGenericType: true } tuple && tuple.GetGenericArguments() is [var words, var target] && words == typeof(int[]) && target == typeof(int))
            {
                var task = Make(library.Type("FirstWordTask"), "task", depth + 1)!;
                return task.GetType().GetMethod("Sample")!.Invoke(task, [3, 7]);
            }

            if (type == typeof(string) && name == "id")
            {
                return "p2.dJ_dWr";
            }

            if (type == typeof(Func<object[], object>))
            {
                var item = library.Type("Checking.CheckItems").GetMethod("Find")!.Invoke(null, ["p2.dJ_dWr"])!;
                var run = item.GetType().GetMethod("RunReference")!;
                return (Func<object[], object?>)(inputs => run.Invoke(item, [inputs]));
            }

            if (list && element == typeof(double))
            {
                return new[] { 0.8, 1.1 };
            }

            if (list && element == typeof(Vector<double>))
            {
                return name switch { "hs" => Trace("Hs"), "gs" => Trace("Gs"), "xs" => Trace("Xs"), _ => Enumerable.Range(0, 4).Select(i => Random(M, i + 11)).ToArray() };
            }

            if (type == typeof(Vector<double>))
            {
                return name switch
                {
                    "y" => trace.GetType().GetProperty("Y")!.GetValue(trace),
                    "p" => trace.GetType().GetProperty("P")!.GetValue(trace),
                    "x" => Trace("Xs")[1],
                    "h" or "h_t" => Trace("Hs")[2],
                    "g" or "g_t" => Trace("Gs")[2],
                    "gradient" => Random(12, 5),
                    "dJ_ds" => Random(N, 1),
                    _ => Random(M, name.Length),
                };
            }

            if (type == typeof(Matrix<double>))
            {
                return Prop(rnn, name is "Wu" or "We" ? name : "Wr");
            }

            if (type.IsEnum)
            {
                return Enum.GetValues(type).GetValue(type.Name == "JacobianDetail" ? Enum.GetValues(type).Length - 1 : 1);
            }

            if (typeof(Delegate).IsAssignableFrom(type))
            {
                var signature = type.GetMethod("Invoke")!;
                var boxes = library.Type("Boxes").GetNestedTypes().SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static))
                    .Where(m => m.ReturnType == signature.ReturnType && m.GetParameters().Select(p => p.ParameterType).SequenceEqual(signature.GetParameters().Select(p => p.ParameterType)))
                    .ToArray();
                // A self-check of item X is handed X's own box; otherwise the box whose name the parameter has, or the residual recurrence's.
                var box = boxes.FirstOrDefault(m => m.Name == (name == "answer" ? method.Name : name))
                    ?? boxes.FirstOrDefault(m => m.Name.EndsWith("_residual", StringComparison.Ordinal)) ?? boxes.FirstOrDefault();
                return box is null ? throw new ArgumentsUnknownException($"no box of type {type.Name} for {name}") : Delegate.CreateDelegate(type, box);
            }

            switch (type.Name)
            {
                case "Recurrence":
                    return type.GetProperty("Residual")!.GetValue(null);
                case "WordMlp":
                    return library.Call("CourseProblems", "WordModel");
                case "RecurrentModel":
                    return name == "residual" ? library.Call("CourseProblems", "ResidualModel") : rnn;
                case "RnnTrace":
                    return trace;
                case "WordMlpTrace":
                    var mlp = library.Call("CourseProblems", "WordModel");
                    return mlp.GetType().GetMethod("Forward")!.Invoke(mlp, [1, Target]);
                case "FirstWordTask":
                    return Activator.CreateInstance(type, N, 3);
                case "KeyWordTask":
                    return Activator.CreateInstance(type, N, 4, 6, false);
                case "TrainingOptions":
                    return Activator.CreateInstance(type, 3, 2, 1.0, 1.0, 1, 5, 1, false);
                case "GradientNormSetup":
                    return Activator.CreateInstance(type, N, M, 1.0);
                case "RecurrentBoxes":
                    return library.Type("Boxes").GetNestedType("P3")!.GetMethod("For")!.Invoke(null, [Make(library.Type("Recurrence"), "blend", depth + 1)]);
            }

            // Any other type of the library: made by a public static method of the library that returns it.
            var factory = type.Assembly == library.Assembly && depth < 3
                ? library.Assembly.GetExportedTypes().SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static)).FirstOrDefault(m => m.ReturnType == type && !m.IsGenericMethodDefinition)
                : null;
            if (factory is not null)
            {
                var inner = new Arguments(library, factory);
                return factory.Invoke(null, factory.GetParameters().Select(p => p.HasDefaultValue && p.DefaultValue is null && !typeof(Delegate).IsAssignableFrom(p.ParameterType) ? null : inner.Make(p.ParameterType, p.Name ?? "", depth + 1)).ToArray());
            }

            throw new ArgumentsUnknownException($"{type.Name} {name}");
        }

        private static object Prop(object o, string name) => o.GetType().GetProperty(name)!.GetValue(o)!;
    }
}
