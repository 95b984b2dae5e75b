using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Backprop.Grading.Sandbox;

namespace Backprop.Grading.Isolation;

/// <summary>
/// A long-lived confined child that parses, vets and compiles answer cells, so no untrusted source reaches Roslyn in
/// the grader. Kept warm in a small pool (one per submission being graded at once). A compile that crashes the child or
/// passes the item's time budget costs that item only: the child is thrown away and the next compile gets a fresh one.
/// </summary>
internal sealed class CompileChild : IDisposable
{
    private const int MaxAssemblyBytes = 4 * 1024 * 1024;
    private const int MaxProblemLength = 4000;
    private static readonly ConcurrentDictionary<SandboxOptions, ConcurrentBag<CompileChild>> Pools = CreatePools();

    private static ConcurrentDictionary<SandboxOptions, ConcurrentBag<CompileChild>> CreatePools()
    {
        var pools = new ConcurrentDictionary<SandboxOptions, ConcurrentBag<CompileChild>>();
        // Warm children live as long as the grader; at exit they are killed and their private folders removed.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            Timeline.Mark("exit: killing pooled children");
            foreach (var child in pools.Values.SelectMany(p => p))
            {
                child.Dispose();
            }
        };
        return pools;
    }

    private readonly SandboxOptions _options;
    private ConfinedChild? _child;
    private string? _startProblem;
    private bool _ready;
    private readonly List<string> _layersInForce = [];

    private CompileChild(SandboxOptions options)
    {
        _options = options;
        Restart();
    }

    /// <summary>
    /// The layers around every child that became ready and compiled, in the order first seen; a child killed after a
    /// timeout (and not yet replaced) keeps its layers here, since they were in force while it compiled.
    /// </summary>
    public IReadOnlyList<string> Layers => _layersInForce;

    /// <summary>Wanted layers that are missing.</summary>
    public IReadOnlyList<string> Warnings => _child?.Warnings ?? [];

    /// <summary>A warm child from the pool, or a new one (which starts warming at once).</summary>
    /// <param name="options">Limits and layers.</param>
    public static CompileChild Rent(SandboxOptions options)
    {
        var child = Pools.GetOrAdd(options, _ => []).TryTake(out var warm) ? warm : new CompileChild(options);
        child.ForgetEarlierSubmissions();
        return child;
    }

    /// <summary>Gives a child back for the next submission.</summary>
    /// <param name="child">The child.</param>
    public static void Return(CompileChild child)
    {
        ArgumentNullException.ThrowIfNull(child);
        var pool = Pools.GetOrAdd(child._options, _ => []);
        if (pool.Count < Environment.ProcessorCount * 2)
        {
            pool.Add(child);
        }
        else
        {
            child.Dispose();
        }
    }

    /// <summary>
    /// Compiles one cell within <paramref name="timeout"/>: (assembly, null) or (null, why not, in words for the student).
    /// <paramref name="definitive"/> is true when the compiler itself answered (the same cell always gives the same
    /// answer), false after a timeout, crash or start-up failure.
    /// </summary>
    /// <param name="request">The cell and the item's entry.</param>
    /// <param name="timeout">The item's wall-clock budget.</param>
    /// <param name="definitive">Whether the answer depends only on the request.</param>
    public (byte[]? Assembly, string? Problem) Compile(CompileRequest request, TimeSpan timeout, out bool definitive)
    {
        definitive = false;
        ArgumentNullException.ThrowIfNull(request);
        if (StartProblem() is { } problem)
        {
            return (null, "could not be compiled: " + problem);
        }

        Timeline.Mark("compile> " + request.Item);
        var (payload, failure) = _child!.Exchange(JsonSerializer.Serialize(request, SandboxJson.Options), timeout);
        Timeline.Mark("compile< " + request.Item);
        if (payload is null)
        {
            _child = null;
            return (null, Stopped(failure!, timeout));
        }

        var response = Usable(payload, request.Item);
        if (response is null)
        {
            Dispose();
            return (null, "could not be compiled: the compiler's reply was unusable");
        }

        definitive = !response.CompileAlone;
        return Answer(response);
    }

    /// <summary>
    /// Compiles a batch in one exchange, two answers at a time, calling <paramref name="done"/> (index, assembly,
    /// problem, definitive) as each reply arrives. Replies may come in any order; each must name an item of the batch
    /// not yet answered. If the child crashes, sends something unusable, or sends nothing for <paramref name="timeout"/>,
    /// it is killed and every request still unanswered is compiled again alone (<see cref="Compile"/>, in a fresh
    /// child), as is every one whose compiler gave up beside another; so a fault is charged only to the item that
    /// causes it on its own.
    /// </summary>
    /// <param name="requests">The cells, items all different.</param>
    /// <param name="timeout">Each item's wall-clock budget; also the longest wait for any next reply.</param>
    /// <param name="done">Receives each result once.</param>
    public void CompileBatch(IReadOnlyList<CompileRequest> requests, TimeSpan timeout, Action<int, byte[]?, string?, bool> done)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(done);
        var left = new SortedSet<int>(Enumerable.Range(0, requests.Count));
        var alone = new SortedSet<int>();
        bool batch = requests.Count > 1 && requests.Count <= SandboxJson.MaxCompileBatch;
        if (batch && (StartProblem() is not null || _child!.Send(JsonSerializer.Serialize(requests, SandboxJson.Options)) is not null))
        {
            Dispose(); // a child that could not take the batch is not trusted with the next request either
        }
        else if (batch)
        {
            Timeline.Mark($"compile batch sent: {requests.Count} answers");
            while (left.Count > 0)
            {
                var (payload, _) = _child!.NextReply(timeout);
                if (payload is null)
                {
                    _child = null; // killed by NextReply: those in flight are suspects, compiled again alone
                    break;
                }

                var response = Usable(payload, null);
                int index = response is null ? -1 : left.FirstOrDefault(i => requests[i].Item == response.Item, -1);
                if (index < 0)
                {
                    Dispose();
                    break;
                }

                left.Remove(index);
                Timeline.Mark("compiled " + response!.Item);
                if (response.CompileAlone)
                {
                    alone.Add(index);
                    continue;
                }

                var (image, problem) = Answer(response);
                done(index, image, problem, true);
            }
        }

        foreach (int index in left.Union(alone))
        {
            var (image, problem) = Compile(requests[index], timeout, out bool definitive);
            done(index, image, problem, definitive);
        }
    }

    /// <summary>Waits for start-up (not charged to any item) the first time; null when the child is ready, else why not.</summary>
    private string? StartProblem()
    {
        if (_child is null)
        {
            Restart();
        }

        if (!_ready)
        {
            _startProblem = _child!.WaitReady(TimeSpan.FromSeconds(120));
            _ready = true;
            if (_startProblem is null)
            {
                _layersInForce.AddRange(_child.Layers.Where(l => !_layersInForce.Contains(l)));
            }
        }

        if (_startProblem is { } problem)
        {
            _child?.Dispose();
            _child = null;
            return problem;
        }

        return null;
    }

    private static string Stopped(string failure, TimeSpan timeout) => failure.StartsWith("did not finish", StringComparison.Ordinal)
        ? $"did not compile within {timeout.TotalSeconds:0.#} s (the time limit covers compiling and running; deeply nested lambdas or overloads make the compiler's work explode) and was stopped"
        : "made the compiler fail: it " + failure;

    /// <summary>The reply, parsed strictly and checked (the right item when <paramref name="item"/> is given, one of assembly or problem, bounded), or null.</summary>
    private static CompileResponse? Usable(string payload, string? item)
    {
        CompileResponse? response;
        try
        {
            response = JsonSerializer.Deserialize<CompileResponse>(payload, SandboxJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }

        return response is null || (item is not null && response.Item != item) || (response.Assembly is null) == (response.Problem is null)
            || response.Assembly is { Length: > MaxAssemblyBytes } ? null : response;
    }

    private static (byte[]? Assembly, string? Problem) Answer(CompileResponse response) => response.Assembly is not null
        ? (response.Assembly, null)
        : (null, response.Problem!.Length <= MaxProblemLength ? response.Problem : response.Problem[..MaxProblemLength] + "… (cut)");

    /// <summary>Kills the child.</summary>
    public void Dispose()
    {
        _child?.Dispose();
        _child = null;
    }

    // A rented child reports only what is in force for the submission that rents it: its current child's layers, if ready.
    private void ForgetEarlierSubmissions()
    {
        _layersInForce.Clear();
        if (_ready && _startProblem is null && _child is not null)
        {
            _layersInForce.AddRange(_child.Layers);
        }
    }

    private void Restart()
    {
        _ready = false;
        _startProblem = null;
        try
        {
            _child = ConfinedChild.Start("compile", _options, _options.CompileHeapLimitBytes, null, _options.CompileAddressSpaceMarginBytes);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            _child = null;
            _startProblem = $"the compiler process failed to start ({e.Message})";
            _ready = true;
        }
    }
}
