using System.Text.Json.Serialization;

namespace Backprop.Grading.Sandbox;

/// <summary>
/// The messages' JSON code, generated at build time: a child serializes its first line and reads its first request
/// without building converters by reflection at start-up (about 70 fewer methods to compile before it is ready).
/// </summary>
[JsonSerializable(typeof(ReadyMessage))]
[JsonSerializable(typeof(ConfinementRequest))]
[JsonSerializable(typeof(CompileRequest))]
[JsonSerializable(typeof(CompileRequest[]))]
[JsonSerializable(typeof(CompileResponse))]
[JsonSerializable(typeof(SandboxRequest))]
[JsonSerializable(typeof(SandboxResponse))]
internal sealed partial class SandboxJsonContext : JsonSerializerContext;
