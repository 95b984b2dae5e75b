using System.Reflection;
using Microsoft.DotNet.Interactive.Formatting;
using Microsoft.FSharp.Core;

namespace Backprop.Kernel.Interactive;

/// <summary>
/// Makes Plotly.NET charts render without the network. Plotly.NET.Interactive's formatter writes every chart with a
/// require.js loader that fetches plotly.js from a CDN; after it has loaded, this registers a later (so winning)
/// HTML formatter for charts that writes them with no plotly.js reference at all, and sets Plotly.NET's default
/// display options to match. The notebook shows plotly.js once instead (<see cref="CourseKernelExtension"/>).
/// Plotly.NET is reached by reflection, because the notebook's own #r decides whether and which copy is loaded.
/// </summary>
public static class OfflineCharts
{
    /// <summary>Applies both settings if Plotly.NET is loaded; returns false when it is not (nothing to do).</summary>
    public static bool Apply()
    {
        var plotly = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == "Plotly.NET" && !a.IsDynamic);
        if (plotly is null)
        {
            return false;
        }

        var chartType = Required(plotly.GetType("Plotly.NET.GenericChart"), "type Plotly.NET.GenericChart");
        var toChartHtml = Required(
            chartType.GetMethod("toChartHTML", BindingFlags.Public | BindingFlags.Static, [chartType]),
            "Plotly.NET.GenericChart.toChartHTML(GenericChart)");
        SetNoReferenceDefault(plotly);

        Formatter.Register(chartType, (chart, writer) => writer.Write((string)toChartHtml.Invoke(null, [chart])!), HtmlFormatter.MimeType);
        return true;
    }

    // Defaults.DefaultDisplayOptions = DisplayOptions.init(PlotlyJSReference = NoReference); F# optional arguments
    // are FSharpOption<T> parameters, where null means None.
    private static void SetNoReferenceDefault(Assembly plotly)
    {
        var referenceType = Required(plotly.GetType("Plotly.NET.PlotlyJSReference"), "type Plotly.NET.PlotlyJSReference");
        var noReference = Required(referenceType.GetProperty("NoReference", BindingFlags.Public | BindingFlags.Static), "PlotlyJSReference.NoReference").GetValue(null);
        var optionType = typeof(FSharpOption<>).MakeGenericType(referenceType);
        var some = Required(optionType.GetMethod("Some", BindingFlags.Public | BindingFlags.Static), "FSharpOption.Some").Invoke(null, [noReference]);

        var optionsType = Required(plotly.GetType("Plotly.NET.DisplayOptions"), "type Plotly.NET.DisplayOptions");
        var init = Required(optionsType.GetMethod("init", BindingFlags.Public | BindingFlags.Static), "DisplayOptions.init");
        var arguments = init.GetParameters().Select(p => p.Name == "PlotlyJSReference" ? some : null).ToArray();
        var options = init.Invoke(null, arguments);

        var defaults = Required(plotly.GetType("Plotly.NET.Defaults"), "type Plotly.NET.Defaults");
        Required(defaults.GetProperty("DefaultDisplayOptions", BindingFlags.Public | BindingFlags.Static), "Defaults.DefaultDisplayOptions").SetValue(null, options);
    }

    private static T Required<T>(T? member, string what) where T : class =>
        member ?? throw new InvalidOperationException($"Plotly.NET has no {what}; the course kit supports Plotly.NET 6.0.0 (see Directory.Packages.props).");
}
