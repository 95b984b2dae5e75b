using System.Reflection;
using System.Text;
using System.Text.Json;
using Backprop.Grading.Sandbox;
using Backprop.Kernel;

// The sandbox child: reads a secret from its first stdin line, then one SandboxRequest per line, and answers each
// with one line "<prefix><secret> <SandboxResponse>" on the real stdout. Student code gets a null Console, so what
// it prints never mixes with the replies; the parent ignores any line without the secret.
var input = new StreamReader(Console.OpenStandardInput(), Encoding.UTF8);
var replies = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false)) { AutoFlush = true };
Console.SetOut(TextWriter.Null);
Console.SetError(TextWriter.Null);
string secret = input.ReadLine() ?? "";

while (input.ReadLine() is { } line)
{
    var request = JsonSerializer.Deserialize<SandboxRequest>(line, SandboxJson.Options)
        ?? throw new InvalidDataException("The sandbox received an empty request.");
    var response = new SandboxResponse(request.Item, Run(request));
    replies.WriteLine(SandboxJson.ReplyPrefix + secret + " " + JsonSerializer.Serialize(response, SandboxJson.Options));
}

return 0;

static SandboxCaseOutput[] Run(SandboxRequest request)
{
    MethodInfo invoke;
    try
    {
        invoke = Assembly.LoadFrom(request.AssemblyPath).GetType("AnswerEntry")?.GetMethod("Invoke")
            ?? throw new InvalidDataException("the compiled answer has no AnswerEntry.Invoke");
    }
    catch (Exception e)
    {
        return request.Cases.Select(_ => new SandboxCaseOutput(null, null, $"could not be loaded: {e.Message}")).ToArray();
    }

    return request.Cases.Select(inputs => RunCase(invoke, inputs)).ToArray();
}

static SandboxCaseOutput RunCase(MethodInfo invoke, WireValue[] inputs)
{
    // The largest answer (a matrix or a list of T+1 vectors) has a few hundred entries; a reply stays small.
    const int MaxEntries = 100_000;
    try
    {
        object?[] arguments = [inputs.Select(i => i.ToObject()).ToArray()];
        var value = CheckValue.From(invoke.Invoke(null, arguments));
        return value.Values.Length > MaxEntries
            ? new SandboxCaseOutput(null, null, $"returned {value.Values.Length} entries ({value.Shape}), far more than any answer has")
            : new SandboxCaseOutput(value.Shape, value.Values, null);
    }
    catch (CheckOutputException e)
    {
        return new SandboxCaseOutput(null, null, e.Message);
    }
    catch (TargetInvocationException e) when (e.InnerException is { } inner)
    {
        return new SandboxCaseOutput(null, null, Describe(inner));
    }
    catch (Exception e)
    {
        return new SandboxCaseOutput(null, null, Describe(e));
    }
}

static string Describe(Exception e) => e switch
{
    TypeInitializationException { InnerException: { } inner } t =>
        $"threw TypeInitializationException: the static initializer of {t.TypeName} threw {inner.GetType().Name}: {inner.Message}",
    NotImplementedException => $"is not implemented yet (it still throws NotImplementedException: {e.Message})",
    OutOfMemoryException => "ran out of memory (the sandbox allows a few hundred MB)",
    _ => $"threw {e.GetType().Name}: {e.Message}",
};
