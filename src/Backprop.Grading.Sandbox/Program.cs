using System.Text;
using System.Text.Json;
using Backprop.Grading.Sandbox;

// A confined child of the grader. "compile": parses, vets and compiles answer cells, one per request line, or a batch
// of them (a JSON array) answered with one line each, two at a time.
// "run": runs compiled answers on case inputs, one item per request line. Protocol: the first stdin line is a
// ConfinementRequest (the secret and the layers); the child confines itself, says which layers took hold, then answers each request with one
// line "<prefix><secret> <json>" on its reply descriptor (the pipe it was given as stdout, moved off descriptor 1,
// which then points at /dev/null: see ReplyChannel). Student code gets a null Console; the grader treats every byte
// from here as hostile anyway.
if (args.Length != 1 || args[0] is not ("compile" or "run"))
{
    Console.Error.WriteLine("usage: Backprop.Grading.Sandbox compile|run (then a ConfinementRequest as the first line of stdin)");
    return 2;
}

string[] detached = Detachment.Apply(); // before anything else: a session of its own, nothing inherited
bool compile = args[0] == "compile";
var input = new StreamReader(Console.OpenStandardInput(), new UTF8Encoding(false));
var replies = new StreamWriter(ReplyChannel.Open(), new UTF8Encoding(false)) { AutoFlush = true };
Console.SetOut(TextWriter.Null);
Console.SetError(TextWriter.Null);
Console.SetIn(TextReader.Null);
ConfinementRequest? confinement = null;
try
{
    confinement = JsonSerializer.Deserialize<ConfinementRequest>(input.ReadLine() ?? "null", SandboxJson.Options);
}
catch (JsonException)
{
}

if (confinement is null)
{
    using var stderr = new StreamWriter(Console.OpenStandardError());
    stderr.WriteLine("backprop sandbox: the first line was not a confinement request; no student input was read");
    return 97;
}

string secret = confinement.Secret;
var ready = SelfConfinement.Apply(confinement, out string? fatal);
ready = ready with { Layers = [.. detached, .. Detachment.DieWithParent(), .. ready.Layers] };
if (fatal is not null)
{
    using var stderr = new StreamWriter(Console.OpenStandardError());
    stderr.WriteLine("backprop sandbox: " + fatal + "; no student input was read");
    return 97;
}

if (compile)
{
    AnswerReferences.Warm();
}

replies.WriteLine(SandboxJson.ReadyPrefix + secret + " " + JsonSerializer.Serialize(ready, SandboxJson.Options));

// The watchdog: requests are read on a thread of their own, so the child ends as soon as its stdin closes (the grader
// exited or was killed), even while student code is blocked or spinning on the main thread.
var requests = new System.Collections.Concurrent.BlockingCollection<string>(4);
new Thread(() =>
{
    while (input.ReadLine() is { } request)
    {
        requests.Add(request);
    }

    Detachment.ExitNow();
}) { IsBackground = true, Name = "watchdog" }.Start();

foreach (string line in requests.GetConsumingEnumerable())
{
    string reply;
    if (compile && line.StartsWith('['))
    {
        // A batch: one reply line per answer, as each is compiled.
        var batch = JsonSerializer.Deserialize<CompileRequest[]>(line, SandboxJson.Options) ?? throw new InvalidDataException("empty batch");
        if (batch.Length > SandboxJson.MaxCompileBatch)
        {
            throw new InvalidDataException("batch too large");
        }

        CompileWorker.CompileAll(batch, response =>
        {
            string text = SandboxJson.ReplyPrefix + secret + " " + JsonSerializer.Serialize(response, SandboxJson.Options);
            lock (replies)
            {
                replies.WriteLine(text);
            }
        });
        continue;
    }

    if (compile)
    {
        var request = JsonSerializer.Deserialize<CompileRequest>(line, SandboxJson.Options) ?? throw new InvalidDataException("empty request");
        reply = JsonSerializer.Serialize(CompileWorker.Compile(request), SandboxJson.Options);
    }
    else if (line == SandboxJson.SettleRequest)
    {
        RunWorker.Settle();
        reply = "\"settled\"";
    }
    else
    {
        var request = JsonSerializer.Deserialize<SandboxRequest>(line, SandboxJson.Options) ?? throw new InvalidDataException("empty request");
        reply = JsonSerializer.Serialize(RunWorker.Run(request), SandboxJson.Options);
    }

    replies.WriteLine(SandboxJson.ReplyPrefix + secret + " " + reply);
}

return 0;
