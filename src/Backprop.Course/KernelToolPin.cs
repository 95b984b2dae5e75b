namespace Backprop.Course;

/// <summary>The notebook kernel the course is pinned to, and what it needs so that Plotly charts load.</summary>
internal static class KernelToolPin
{
    /// <summary>The NuGet id of the dotnet-interactive tool.</summary>
    public const string PackageId = "Microsoft.dotnet-interactive";

    /// <summary>The last release of the tool (.NET Interactive is frozen since 2026).</summary>
    public const string Version = "1.0.712001";

    /// <summary>The kernelspec name registered with Jupyter.</summary>
    public const string KernelspecName = ".net-csharp";

    /// <summary>Plotly.NET 6.0.0 is compiled against FSharp.Core 10.1; the tool ships 10.0.</summary>
    public static readonly Version MinimumFSharpCore = new(10, 1, 0, 0);
}
