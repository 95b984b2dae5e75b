using System.Text.Json;
using Backprop.Grading.Sandbox;

namespace Backprop.Grading.Isolation;

/// <summary>
/// One run child: items go in one at a time as compiled bytes plus case inputs, outputs come back. The child sees
/// inputs only, never expected values, seeds or verdicts. A hang, crash, forged or garbled reply ends the child and
/// becomes that item's problem; <see cref="Scoring.FaultRule.ChargeSharedChild"/> decides who is charged.
/// </summary>
public sealed class SandboxProcess : IDisposable
{
    private const int MaxCases = 64;
    private const int MaxProblemLength = 2000;
    private readonly SandboxOptions _options;
    private ConfinedChild? _child;
    private string? _startProblem;

    /// <summary>Starts the child (its start-up overlaps whatever the caller does next).</summary>
    /// <param name="options">Limits and layers.</param>
    public SandboxProcess(SandboxOptions options)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        try
        {
            _child = ConfinedChild.Start("run", options, options.HeapLimitBytes, options.RunCpuSeconds, options.AddressSpaceMarginBytes);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            _startProblem = $"could not be run: the sandbox process failed to start ({e.Message})";
        }
    }

    /// <summary>The layers around this child, once it is ready.</summary>
    public IReadOnlyList<string> Layers => _child?.Layers ?? [];

    /// <summary>Wanted layers that are missing.</summary>
    public IReadOnlyList<string> Warnings => _child?.Warnings ?? [];

    /// <summary>True while the child can take another item.</summary>
    public bool IsAlive => _child is { IsAlive: true } && _startProblem is null;

    /// <summary>Waits for the child's handshake; null when ready, else why not (then every Run returns that).</summary>
    public string? WaitReady()
    {
        if (_startProblem is null && _child is not null && !_ready)
        {
            _startProblem = _child.WaitReady(TimeSpan.FromSeconds(60));
            _ready = true;
        }

        return _startProblem;
    }

    private bool _ready;

    /// <summary>Runs one item's cases.</summary>
    /// <param name="request">The compiled answer and the case inputs.</param>
    /// <param name="timeout">The wall-clock limit for this item.</param>
    public SandboxOutcome Run(SandboxRequest request, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (WaitReady() is { } problem || _child is null)
        {
            return new SandboxOutcome(null, _startProblem ?? "could not be run");
        }

        Timeline.Mark("run> " + request.Item);
        var (payload, failure) = _child.Exchange(JsonSerializer.Serialize(request, SandboxJson.Options), timeout);
        Timeline.Mark("run< " + request.Item);
        if (payload is null)
        {
            _child = null;
            return new SandboxOutcome(null, failure);
        }

        var (outputs, rejected) = Parse(payload, request);
        if (outputs is null)
        {
            _child.Dispose();
            _child = null;
            return new SandboxOutcome(null, $"sent the grader a reply it could not accept ({rejected}), so its outputs were not used");
        }

        return new SandboxOutcome(outputs, null);
    }

    /// <summary>Gives the items run so far time for finalizers and timers; null if the child survives, else what happened.</summary>
    public string? Settle()
    {
        if (_child is null || WaitReady() is not null)
        {
            return null;
        }

        var (payload, failure) = _child.Exchange(SandboxJson.SettleRequest, TimeSpan.FromSeconds(Math.Max(2, _options.ItemTimeout.TotalSeconds / 2)));
        if (payload is null)
        {
            _child = null;
            return failure;
        }

        return payload == "\"settled\"" ? null : "sent the grader a reply it could not accept (forged or garbled)";
    }

    /// <summary>Kills the child, if any.</summary>
    public void Dispose()
    {
        _child?.Dispose();
        _child = null;
    }

    /// <summary>
    /// The outputs if the reply is exactly what this request can produce (same item, one output per case, each a
    /// well-formed, bounded value or a problem), else why not, in words.
    /// </summary>
    internal static (IReadOnlyList<SandboxCaseOutput>? Outputs, string? Rejected) Parse(string payload, SandboxRequest request)
    {
        SandboxResponse? response;
        try
        {
            response = JsonSerializer.Deserialize<SandboxResponse>(payload, SandboxJson.Options);
        }
        catch (JsonException e)
        {
            return (null, "not a well-formed reply: " + Cut(e.Message, 200));
        }

        if (response?.Outputs is null || response.Item != request.Item)
        {
            return (null, "no outputs for the item it was given");
        }

        if (response.Outputs.Length != request.Cases.Length || response.Outputs.Length > MaxCases)
        {
            return (null, $"{response.Outputs.Length} outputs for {request.Cases.Length} cases");
        }

        var outputs = new List<SandboxCaseOutput>();
        for (int i = 0; i < response.Outputs.Length; i++)
        {
            var o = response.Outputs[i];
            if (o is null || (o.Value is null) == (o.Problem is null))
            {
                return (null, $"case {i + 1} holds {(o?.Value is null ? "neither an output nor a problem" : "both an output and a problem")}");
            }

            if (o.Value?.Problem() is { } malformed)
            {
                return (null, $"case {i + 1}'s output is {malformed}");
            }

            outputs.Add(o.Problem is null ? o : new SandboxCaseOutput(null, Cut(o.Problem, MaxProblemLength)));
        }

        return (outputs, null);
    }

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..length] + "… (cut)";
}
