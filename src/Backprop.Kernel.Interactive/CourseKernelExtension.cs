using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Formatting;

namespace Backprop.Kernel.Interactive;

/// <summary>
/// Loaded by the notebook kernel from the Backprop.Kernel package's <c>interactive-extensions/dotnet/</c> folder right
/// after <c>#r "nuget: Backprop.Kernel, …"</c>, as Plotly.NET.Interactive registers its charts; the same in Jupyter,
/// VS Code and <c>backprop run</c>. It shows the library's check results as the plain text tables they print in a
/// console, makes Plotly.NET's charts draw without the network (see <see cref="OfflineCharts"/>), and lets a notebook
/// carry on past items not answered yet (see <see cref="UnansweredCells"/>).
/// </summary>
public sealed class CourseKernelExtension : IKernelExtension
{
    /// <summary>The element id of the one copy of plotly.js that a notebook shows for its charts.</summary>
    public const string PlotlyScriptId = "plotly-js-offline";

    private bool _chartsOffline;

    /// <inheritdoc />
    public Task OnLoadAsync(Microsoft.DotNet.Interactive.Kernel kernel)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        RegisterCheckTables();
        UnansweredCells.Use(kernel);

        // The kernel loads Plotly.NET.Interactive's extension after this one (packages in name order), and its chart
        // formatter would win over an earlier one. So the offline formatter is registered when the next cell starts,
        // after every extension of this cell's packages has loaded; that cell also shows plotly.js, once.
        kernel.AddMiddleware(async (command, context, next) =>
        {
            if (!_chartsOffline && command is SubmitCode && OfflineCharts.Apply())
            {
                _chartsOffline = true;
                ShowPlotlyScript();
            }

            await next(command, context);
        });
        return Task.CompletedTask;
    }

    /// <summary>GradCheckReport, CheckVerdict and CheckSummary as their own text tables (ToString), as plain text only.</summary>
    public static void RegisterCheckTables()
    {
        Formatter.Register<GradCheckReport>(report => report.ToString(), PlainTextFormatter.MimeType);
        Formatter.Register<CheckVerdict>(verdict => verdict.ToString(), PlainTextFormatter.MimeType);
        Formatter.Register<CheckSummary>(summary => summary.ToString(), PlainTextFormatter.MimeType);
        foreach (var type in new[] { typeof(GradCheckReport), typeof(CheckVerdict), typeof(CheckSummary) })
        {
            Formatter.SetPreferredMimeTypesFor(type, PlainTextFormatter.MimeType);
        }
    }

    // Hiding define/module/exports makes plotly.js set window.Plotly even where require.js is loaded.
    private static void ShowPlotlyScript()
    {
        if (PlotlyScript.Load() is { } plotly && KernelInvocationContext.Current is not null)
        {
            ($"<script type=\"text/javascript\" id=\"{PlotlyScriptId}\">(function () {{ var define, module, exports;\n{plotly}\n}}).call(window);</script>")
                .DisplayAs(HtmlFormatter.MimeType);
        }
    }
}
