using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Backprop.Grading.Sandbox;

/// <summary>The JSON settings both sides of the sandbox use: one line per message, NaN and ∞ allowed, shallow.</summary>
public static class SandboxJson
{
    /// <summary>Compact, camelCase, with named floating-point literals so a NaN output survives the trip.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        WriteIndented = false,
        MaxDepth = 8,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowDuplicateProperties = false,
        RespectRequiredConstructorParameters = true,
        TypeInfoResolver = JsonTypeInfoResolver.Combine(SandboxJsonContext.Default, new DefaultJsonTypeInfoResolver()),
    };

    /// <summary>How every reply line of a child starts; the secret and the JSON follow.</summary>
    public const string ReplyPrefix = "@@sandbox-reply ";

    /// <summary>How a child's first line starts; the secret and a <see cref="ReadyMessage"/> follow.</summary>
    public const string ReadyPrefix = "@@sandbox-ready ";

    /// <summary>Most answers in one compile batch (a JSON array on one line); a submission has a few dozen items at most.</summary>
    public const int MaxCompileBatch = 64;

    /// <summary>The request that asks a run child to let background work finish (finalizers, timers) and say "settled".</summary>
    public const string SettleRequest = "settle";
}
