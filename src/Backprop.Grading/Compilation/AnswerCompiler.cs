using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Backprop.Grading.Answers;
using Backprop.Grading.Isolation;
using Backprop.Grading.Sandbox;
using Backprop.Kernel;
using Backprop.Kernel.Checking;

namespace Backprop.Grading.Compilation;

/// <summary>
/// Compiles one answer cell, in a confined compile child (never in the grader): the cell's functions become members of
/// <c>StudentAnswer</c>, a generated <c>AnswerEntry.Invoke(object[])</c> calls the item's function through the exact
/// delegate type of its self-check, and the child's API walk vets it. The student's own cells of the items the answer
/// uses (<see cref="CheckItem.UsedItems"/>) go along, so that e.g. dJ_dWr can call the student's dJ_dg as the notebook
/// does. The grader only measures the cells' lengths and hands them over as text.
/// </summary>
public static class AnswerCompiler
{
    /// <summary>Longest answer cell accepted (characters); real answers are a few hundred.</summary>
    public const int MaxSourceLength = 100_000;

    /// <summary>Compiles <paramref name="cellSource"/> as the answer to <paramref name="item"/> and writes the assembly into <paramref name="outputDirectory"/>.</summary>
    /// <param name="item">The item the cell answers.</param>
    /// <param name="cellSource">The answer cell's source, first-line marker and all.</param>
    /// <param name="outputDirectory">Where the assembly goes.</param>
    /// <param name="extraUsings">Namespaces the notebook opens elsewhere.</param>
    /// <param name="options">Limits and layers (default: <see cref="SandboxOptions.Default"/>).</param>
    /// <param name="used">The student's answer cells of the items this one uses, in notebook order (none by default).</param>
    public static CompiledAnswer Compile(CheckItem item, string cellSource, string outputDirectory, IEnumerable<string>? extraUsings = null, SandboxOptions? options = null,
        IReadOnlyList<UsedCell>? used = null)
    {
        ArgumentNullException.ThrowIfNull(item);
        options ??= SandboxOptions.Default;
        var child = CompileChild.Rent(options);
        try
        {
            var compiled = Compile(child, item, cellSource, used ?? [], extraUsings ?? [], options.ItemTimeout);
            if (compiled.Image is null)
            {
                return compiled;
            }

            Directory.CreateDirectory(outputDirectory);
            string path = Path.Combine(outputDirectory, item.Id.Replace('.', '_') + ".dll");
            File.WriteAllBytes(path, compiled.Image);
            return compiled with { AssemblyPath = path };
        }
        finally
        {
            CompileChild.Return(child);
        }
    }

    /// <summary>Compiles in the given child.</summary>
    internal static CompiledAnswer Compile(CompileChild child, CheckItem item, string cellSource, IReadOnlyList<UsedCell> used, IEnumerable<string> extraUsings, TimeSpan timeout)
    {
        if (Refused(item, cellSource, used) is { } refused)
        {
            return refused;
        }

        var request = Request(item, cellSource, used, extraUsings);
        string key = Key(request);
        if (Compiled.TryGetValue(key, out var known))
        {
            return known;
        }

        var (image, problem) = child.Compile(request, timeout, out bool definitive);
        return Remembered(key, item, image, problem, definitive, child.Layers);
    }

    /// <summary>
    /// Compiles the answers of one submission in the given child, as one batch (two at a time in the child), and hands
    /// each to <paramref name="done"/> as soon as it is compiled, in whatever order they finish. Over-long and already
    /// compiled cells are answered first, without the child.
    /// </summary>
    internal static void CompileAll(CompileChild child, IReadOnlyList<(CheckItem Item, string Source, IReadOnlyList<UsedCell> Used)> answers, IEnumerable<string> extraUsings,
        TimeSpan timeout, Action<CheckItem, CompiledAnswer> done)
    {
        var usings = extraUsings.ToArray();
        var pending = new List<(CheckItem Item, CompileRequest Request, string Key)>();
        foreach (var (item, source, used) in answers)
        {
            if (Refused(item, source, used) is { } refused)
            {
                done(item, refused);
                continue;
            }

            var request = Request(item, source, used, usings);
            string key = Key(request);
            if (Compiled.TryGetValue(key, out var known))
            {
                done(item, known);
            }
            else
            {
                pending.Add((item, request, key));
            }
        }

        if (pending.Count == 0)
        {
            return;
        }

        child.CompileBatch(pending.Select(p => p.Request).ToArray(), timeout,
            (index, image, problem, definitive) => done(pending[index].Item, Remembered(pending[index].Key, pending[index].Item, image, problem, definitive, child.Layers)));
    }

    private static CompiledAnswer? Refused(CheckItem item, string cellSource, IReadOnlyList<UsedCell> used)
    {
        if (cellSource.Length > MaxSourceLength)
        {
            return new CompiledAnswer(item.Id, null, $"is {cellSource.Length:N0} characters long; answers are a few hundred, so it was not compiled (limit {MaxSourceLength:N0})");
        }

        return used.FirstOrDefault(u => u.Source.Length > MaxSourceLength) is { } tooLong
            ? new CompiledAnswer(item.Id, null, $"is compiled together with your {tooLong.Item} answer cell, which is {tooLong.Source.Length:N0} characters long; it was not compiled (limit {MaxSourceLength:N0})")
            : null;
    }

    private static CompileRequest Request(CheckItem item, string cellSource, IReadOnlyList<UsedCell> used, IEnumerable<string> extraUsings) =>
        new(item.Id, cellSource, EntrySource(item), item.Signature, extraUsings.ToArray(), used.ToArray());

    /// <summary>The answer, remembered for the batch when the compiler itself gave it (never after a timeout or crash).</summary>
    private static CompiledAnswer Remembered(string key, CheckItem item, byte[]? image, string? problem, bool definitive, IReadOnlyList<string> layers)
    {
        var answer = (image is null ? new CompiledAnswer(item.Id, null, problem) : new CompiledAnswer(item.Id, null, null) { Image = image }) with { Layers = layers.ToArray() };
        if (definitive && Compiled.Count < MaxCached)
        {
            Compiled.TryAdd(key, answer);
        }

        return answer;
    }

    /// <summary>
    /// Answers compiled in this process, by a hash of everything the compiler sees: an identical cell (an untouched
    /// stub, a shared correct answer) compiles once per batch. Timeouts and crashes are never cached.
    /// </summary>
    private static readonly ConcurrentDictionary<string, CompiledAnswer> Compiled = new(StringComparer.Ordinal);

    private const int MaxCached = 20_000;

    private static string Key(CompileRequest request)
    {
        var text = new StringBuilder().Append(request.Item).Append('\0').Append(request.EntrySource).Append('\0')
            .AppendJoin('\n', request.Usings).Append('\0').Append(request.Source);
        foreach (var cell in request.Used ?? [])
        {
            text.Append('\0').Append(cell.Item).Append('\0').Append(cell.Source);
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>The entry the sandbox calls: casts the case inputs and calls the answer through the check's delegate type.</summary>
    /// <param name="item">The item.</param>
    internal static string EntrySource(CheckItem item)
    {
        string delegateType = CSharpTypeName.Of(item.DelegateType, qualified: true);
        string arguments = string.Join(", ", item.ParameterTypes.Select((t, i) => $"({CSharpTypeName.Of(t, qualified: true)})a[{i}]"));
        return $$"""
            public static class AnswerEntry
            {
                public static object Invoke(object[] a)
                {
                    {{delegateType}} answer = global::StudentAnswer.{{item.FunctionName}};
                    return answer({{arguments}});
                }
            }
            """;
    }
}
