using System.Text.Json;

namespace Backprop.Course.Setup;

/// <summary>Reads a kernelspec's argv and env from Jupyter's listing.</summary>
internal static class KernelSpecArgv
{
    /// <summary>The argv of the kernelspec <paramref name="name"/> (the kit's by default) in the JSON of <c>jupyter kernelspec list --json</c>, or null.</summary>
    public static string[]? Of(string kernelspecsJson, string name = JupyterKernelSpec.Name) =>
        Read(kernelspecsJson, name, "argv", JsonValueKind.Array, argv => argv.EnumerateArray().Select(a => a.ValueKind == JsonValueKind.String ? a.GetString()! : "").ToArray());

    /// <summary>The env of the kernelspec <paramref name="name"/> (the kit's by default), empty when it has none, or null when it is not listed.</summary>
    public static IReadOnlyDictionary<string, string>? EnvironmentOf(string kernelspecsJson, string name = JupyterKernelSpec.Name) =>
        Of(kernelspecsJson, name) is null
            ? null
            : Read(kernelspecsJson, name, "env", JsonValueKind.Object, env => env.EnumerateObject()
                .Where(p => p.Value.ValueKind == JsonValueKind.String)
                .ToDictionary(p => p.Name, p => p.Value.GetString()!)) ?? new Dictionary<string, string>();

    // The value of the kernelspec's spec field, read by `read` when it has the kind wanted; null otherwise.
    private static T? Read<T>(string kernelspecsJson, string name, string field, JsonValueKind kind, Func<JsonElement, T> read) where T : class
    {
        try
        {
            using var document = JsonDocument.Parse(kernelspecsJson);
            return document.RootElement.TryGetProperty("kernelspecs", out var specs)
                && specs.TryGetProperty(name, out var course)
                && course.TryGetProperty("spec", out var spec)
                && spec.TryGetProperty(field, out var value)
                && value.ValueKind == kind
                    ? read(value)
                    : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
