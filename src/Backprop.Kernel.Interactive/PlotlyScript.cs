using System.Reflection;

namespace Backprop.Kernel.Interactive;

/// <summary>plotly.js as Plotly.NET ships it, as an embedded resource of the Plotly.NET assembly.</summary>
public static class PlotlyScript
{
    private static string? _cached;

    /// <summary>The minified plotly.js, or null when no notebook has loaded Plotly.NET in this process.</summary>
    public static string? Load()
    {
        if (_cached is not null)
        {
            return _cached;
        }

        var plotly = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == "Plotly.NET" && !a.IsDynamic);
        var resource = plotly?.GetManifestResourceNames()
            .FirstOrDefault(n => n.StartsWith("Plotly.NET.plotly-", StringComparison.Ordinal) && n.EndsWith(".min.js", StringComparison.Ordinal));
        if (plotly is null || resource is null)
        {
            return null;
        }

        using var stream = plotly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        // Inside an inline <script>, "</script" would end the element early.
        _cached = reader.ReadToEnd().Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase);
        return _cached;
    }
}
