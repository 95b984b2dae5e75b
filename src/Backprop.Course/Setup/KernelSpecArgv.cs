using System.Text.Json;

namespace Backprop.Course.Setup;

/// <summary>Reads a kernelspec's argv from Jupyter's listing.</summary>
internal static class KernelSpecArgv
{
    /// <summary>The argv of the kernelspec <paramref name="name"/> (the kit's by default) in the JSON of <c>jupyter kernelspec list --json</c>, or null.</summary>
    public static string[]? Of(string kernelspecsJson, string name = JupyterKernelSpec.Name)
    {
        try
        {
            using var document = JsonDocument.Parse(kernelspecsJson);
            return document.RootElement.TryGetProperty("kernelspecs", out var specs)
                && specs.TryGetProperty(name, out var course)
                && course.TryGetProperty("spec", out var spec)
                && spec.TryGetProperty("argv", out var argv)
                && argv.ValueKind == JsonValueKind.Array
                    ? argv.EnumerateArray().Select(a => a.ValueKind == JsonValueKind.String ? a.GetString()! : "").ToArray()
                    : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
