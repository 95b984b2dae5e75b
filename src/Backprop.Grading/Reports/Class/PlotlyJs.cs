using System.Reflection;

namespace Backprop.Grading.Reports.Class;

/// <summary>plotly.js as Plotly.NET 6.0.0 embeds it (a resource of the Plotly.NET assembly), for pages that must work offline.</summary>
public static class PlotlyJs
{
    private static readonly Lazy<string> Script = new(Read);

    /// <summary>The minified plotly.js, safe to put inside an inline &lt;script&gt;.</summary>
    public static string Text => Script.Value;

    private static string Read()
    {
        var plotly = Assembly.Load(new AssemblyName("Plotly.NET"));
        var resource = plotly.GetManifestResourceNames()
            .FirstOrDefault(n => n.StartsWith("Plotly.NET.plotly-", StringComparison.Ordinal) && n.EndsWith(".min.js", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("Plotly.NET carries no plotly-*.min.js resource; the class report needs Plotly.NET 6.0.0 (see Directory.Packages.props).");
        using var stream = plotly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        // Inside an inline <script>, "</script" would end the element early.
        return reader.ReadToEnd().Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase);
    }
}
