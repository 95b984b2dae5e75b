using System.Text.Json;

namespace Backprop.Course.Setup;

/// <summary>Reads the course kernelspec's argv from Jupyter's listing, and which checkout a pinned tool path belongs to.</summary>
internal static class KernelSpecArgv
{
    /// <summary>The argv of the course kernelspec in the JSON of <c>jupyter kernelspec list --json</c>, or null.</summary>
    public static string[]? Of(string kernelspecsJson)
    {
        try
        {
            using var document = JsonDocument.Parse(kernelspecsJson);
            return document.RootElement.TryGetProperty("kernelspecs", out var specs)
                && specs.TryGetProperty(JupyterKernelSpec.Name, out var course)
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

    /// <summary>The checkout root whose <c>.tools/dotnet-interactive/</c> holds <paramref name="program"/>, or null for any other program.</summary>
    public static string? CheckoutOf(string program)
    {
        if (!Path.IsPathFullyQualified(program))
        {
            return null;
        }

        var toolFolder = Path.GetDirectoryName(Path.GetFullPath(program));
        var tools = toolFolder is null ? null : Path.GetDirectoryName(toolFolder);
        return toolFolder is not null && tools is not null && Path.GetFileName(toolFolder) == "dotnet-interactive" && Path.GetFileName(tools) == ".tools"
            ? Path.GetDirectoryName(tools)
            : null;
    }
}
