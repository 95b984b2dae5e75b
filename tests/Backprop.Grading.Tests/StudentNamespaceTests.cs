using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Backprop.Grading.Notebooks;
using Backprop.Grading.Sandbox;
using Backprop.Kernel;
using Backprop.Kernel.Checking;

namespace Backprop.Grading.Tests;

/// <summary>
/// <c>using Backprop.Kernel</c> shows a student only what a student uses. A type of the library is student-facing when
/// a course notebook's code names it, a student's answer may use it (the sandbox's allowlist), it is an answer's
/// parameter or return type or holds the library's box of an item (the item table), or it is reached from a
/// student-facing type: through the public signatures of its members, its base types and nesting, or as an exception
/// its documentation says a member throws. Every public type in the namespace Backprop.Kernel must be student-facing,
/// and every student-facing type must be there (not in a namespace a notebook would need another using for).
/// </summary>
public sealed class StudentNamespaceTests
{
    private const string StudentNamespace = "Backprop.Kernel";

    private static readonly Assembly Library = typeof(Vocabulary).Assembly;

    [Fact]
    public void Every_public_type_of_the_namespace_Backprop_Kernel_is_student_facing()
    {
        var reached = StudentFacing();
        var notReached = Library.GetExportedTypes().Where(t => t.Namespace == StudentNamespace && !reached.ContainsKey(t)).Select(t => t.FullName).Order();
        Assert.True(!notReached.Any(),
            $"Public types in {StudentNamespace} that no notebook, answer or student-facing signature uses; move them to Backprop.Kernel.Checking "
            + $"(or another sub-namespace): {string.Join(", ", notReached)}");
    }

    [Fact]
    public void Every_student_facing_type_is_in_the_namespace_Backprop_Kernel()
    {
        var elsewhere = StudentFacing().Where(r => r.Key.Namespace != StudentNamespace).Select(r => $"{r.Key.FullName} (from {r.Value})").Order();
        Assert.True(!elsewhere.Any(), $"Student-facing types outside {StudentNamespace}, which a notebook could not name without another using: {string.Join(", ", elsewhere)}");
    }

    [Fact]
    public void The_rule_reaches_the_models_boxes_and_self_checks_and_leaves_out_the_item_table()
    {
        var reached = StudentFacing();
        Assert.Contains(typeof(Boxes), reached.Keys); // only through the item table's boxes
        Assert.Contains(typeof(RnnTrace), reached.Keys); // only through RecurrentModel's signatures
        Assert.Contains(typeof(UnknownWordException), reached.Keys); // only through Vocabulary's documentation
        Assert.Contains(typeof(Sampling), reached.Keys); // only through the sandbox's allowlist
        Assert.DoesNotContain(typeof(CheckItems), reached.Keys);
        Assert.DoesNotContain(typeof(PassRule), reached.Keys);
    }

    /// <summary>Every student-facing type of the library, with what reached it.</summary>
    private static Dictionary<Type, string> StudentFacing()
    {
        var reached = new Dictionary<Type, string>();
        var queue = new Queue<Type>();
        void Reach(Type? type, string from)
        {
            foreach (var t in Mentioned(type))
            {
                if (t.Assembly == Library && (t.IsPublic || t.IsNestedPublic) && reached.TryAdd(t, from))
                {
                    queue.Enqueue(t);
                }
            }
        }

        string code = string.Concat(CourseNotebooks().SelectMany(n => n.Cells).Where(c => c.IsCode).Select(c => c.Source + "\n"));
        Assert.Contains("Vocabulary", code, StringComparison.Ordinal);
        foreach (var type in Library.GetExportedTypes().Where(t => t.DeclaringType is null && Regex.IsMatch(code, $@"\b{Regex.Escape(t.Name.Split('`')[0])}\b")))
        {
            Reach(type, "a notebook");
        }

        foreach (string name in ForbiddenApiWalker.AllowedKernelTypes)
        {
            Reach(Library.GetType($"{StudentNamespace}.{name}", throwOnError: true), "the answers' allowlist");
        }

        foreach (var item in CheckItems.All)
        {
            foreach (var type in item.ParameterTypes.Append(item.ReturnType))
            {
                Reach(type, $"{item.Id}'s signature");
            }

            var box = (Delegate)item.GetType().GetProperty("Reference")!.GetValue(item)!;
            Reach(box.Method.DeclaringType, $"{item.Id}'s box");
        }

        var thrown = DocumentedExceptions();
        while (queue.TryDequeue(out var type))
        {
            foreach (var next in Signature(type).Concat(thrown.GetValueOrDefault(type, [])))
            {
                Reach(next, type.FullName!);
            }
        }

        return reached;
    }

    /// <summary>The types a type's public surface names: base type, interfaces, nesting, members' signatures.</summary>
    private static IEnumerable<Type?> Signature(Type type)
    {
        const BindingFlags Public = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        yield return type.BaseType;
        yield return type.DeclaringType;
        foreach (var t in type.GetInterfaces().Concat(type.GetNestedTypes(BindingFlags.Public)))
        {
            yield return t;
        }

        foreach (var member in type.GetMembers(Public))
        {
            var types = member switch
            {
                MethodInfo m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType),
                ConstructorInfo c => c.GetParameters().Select(p => p.ParameterType),
                PropertyInfo p => p.GetIndexParameters().Select(i => i.ParameterType).Append(p.PropertyType),
                FieldInfo f => [f.FieldType],
                EventInfo e => [e.EventHandlerType!],
                _ => Type.EmptyTypes,
            };
            foreach (var t in types)
            {
                yield return t;
            }
        }
    }

    /// <summary>A type with its element type and generic arguments, open generics by their definition.</summary>
    private static IEnumerable<Type> Mentioned(Type? type)
    {
        if (type is null || type.IsGenericParameter)
        {
            yield break;
        }

        if (type.HasElementType)
        {
            foreach (var t in Mentioned(type.GetElementType()))
            {
                yield return t;
            }

            yield break;
        }

        yield return type.IsConstructedGenericType ? type.GetGenericTypeDefinition() : type;
        foreach (var t in type.GenericTypeArguments.SelectMany(Mentioned))
        {
            yield return t;
        }
    }

    /// <summary>For each library type, the exception types its members' documentation refers to (what they throw).</summary>
    private static Dictionary<Type, Type[]> DocumentedExceptions()
    {
        string xml = Path.ChangeExtension(Library.Location, ".xml");
        Assert.True(File.Exists(xml), $"{xml} is missing: the library builds its XML documentation next to the assembly.");
        var byDocName = Library.GetExportedTypes().ToDictionary(t => t.FullName!.Replace('+', '.'));
        Type? Find(string name) => byDocName.GetValueOrDefault(name);
        return XDocument.Load(xml).Descendants("member")
            .Select(m => (Id: (string)m.Attribute("name")!, Refs: m.Descendants().Select(d => (string?)d.Attribute("cref")).OfType<string>()))
            .Select(m => (Owner: Find(OwnerOf(m.Id)), Thrown: m.Refs.Where(r => r.StartsWith("T:", StringComparison.Ordinal)).Select(r => Find(r[2..]))
                .OfType<Type>().Where(t => typeof(Exception).IsAssignableFrom(t))))
            .Where(m => m.Owner is not null)
            .GroupBy(m => m.Owner!, m => m.Thrown)
            .ToDictionary(g => g.Key, g => g.SelectMany(t => t).Distinct().ToArray());
    }

    /// <summary>The name of the type a documentation id belongs to ("M:A.B.C(System.Int32)" → "A.B"; "T:A.B" → "A.B").</summary>
    private static string OwnerOf(string docId)
    {
        string name = docId[2..].Split('(')[0];
        return docId[0] == 'T' ? name : name[..name.LastIndexOf('.')];
    }

    private static IEnumerable<Notebook> CourseNotebooks()
    {
        var paths = Directory.EnumerateFiles(Path.Combine(TestPaths.Root, "notebooks"), "*.ipynb").Where(f => !f.EndsWith(".executed.ipynb", StringComparison.Ordinal)).Order().ToArray();
        Assert.Equal(4, paths.Length);
        foreach (string path in paths)
        {
            yield return NotebookReader.Read(path, out string? problem) ?? throw new InvalidOperationException($"{path}: {problem}");
        }
    }
}
