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

    private CompileChild(SandboxOptions options)
    {
        _options = options;
        Restart();
    }

    /// <summary>The layers around the child, once ready.</summary>
    public IReadOnlyList<string> Layers => _child?.Layers ?? [];

    /// <summary>Wanted layers that are missing.</summary>
    public IReadOnlyList<string> Warnings => _child?.Warnings ?? [];

    /// <summary>A warm child from the pool, or a new one (which starts warming at once).</summary>
    /// <param name="options">Limits and layers.</param>
    public static CompileChild Rent(SandboxOptions options) =>
        Pools.GetOrAdd(options, _ => []).TryTake(out var child) ? child : new CompileChild(options);

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
        if (_child is null)
        {
            Restart();
        }

        if (!_ready)
        {
            // Start-up (Roslyn warming) is not charged to the item.
            _startProblem = _child!.WaitReady(TimeSpan.FromSeconds(120));
            _ready = true;
        }

        if (_startProblem is { } problem)
        {
            _child?.Dispose();
            _child = null;
            return (null, "could not be compiled: " + problem);
        }

        var clock = Stopwatch.StartNew();
        Timeline.Mark("compile> " + request.Item);
        var (payload, failure) = _child!.Exchange(JsonSerializer.Serialize(request, SandboxJson.Options), timeout);
        Timeline.Mark("compile< " + request.Item);
        if (payload is null)
        {
            _child = null;
            string what = failure!.StartsWith("did not finish", StringComparison.Ordinal)
                ? $"did not compile within {timeout.TotalSeconds:0.#} s (the time limit covers compiling and running; deeply nested lambdas or overloads make the compiler's work explode) and was stopped"
                : "made the compiler fail: it " + failure;
            return (null, what);
        }

        CompileResponse? response = null;
        try
        {
            response = JsonSerializer.Deserialize<CompileResponse>(payload, SandboxJson.Options);
        }
        catch (JsonException)
        {
        }

        if (response is null || response.Item != request.Item || (response.Assembly is null) == (response.Problem is null) || response.Assembly is { Length: > MaxAssemblyBytes })
        {
            Dispose();
            return (null, "could not be compiled: the compiler's reply was unusable");
        }

        definitive = true;
        return response.Assembly is not null
            ? (response.Assembly, null)
            : (null, response.Problem!.Length <= MaxProblemLength ? response.Problem : response.Problem[..MaxProblemLength] + "… (cut)");
    }

    /// <summary>Kills the child.</summary>
    public void Dispose()
    {
        _child?.Dispose();
        _child = null;
    }

    private void Restart()
    {
        _ready = false;
        _startProblem = null;
        try
        {
            _child = ConfinedChild.Start("compile", _options, _options.CompileHeapLimitBytes, null);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            _child = null;
            _startProblem = $"the compiler process failed to start ({e.Message})";
            _ready = true;
        }
    }
}
