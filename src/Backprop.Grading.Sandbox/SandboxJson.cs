using System.Text.Json;
using System.Text.Json.Serialization;

namespace Backprop.Grading.Sandbox;

/// <summary>The JSON settings both sides of the sandbox use: one line per message, NaN and ∞ allowed.</summary>
public static class SandboxJson
{
    /// <summary>Compact, camelCase, with named floating-point literals so a NaN output survives the trip.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        WriteIndented = false,
    };

    /// <summary>How every reply line of the child starts; the secret and the JSON follow.</summary>
    public const string ReplyPrefix = "@@sandbox-reply ";
}
