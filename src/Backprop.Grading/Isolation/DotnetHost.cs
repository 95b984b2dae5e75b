namespace Backprop.Grading.Isolation;

/// <summary>Finds the dotnet host that runs the sandbox: the one this process runs on.</summary>
internal static class DotnetHost
{
    private static readonly Lazy<string> Found = new(Find);

    /// <summary>The full path of the dotnet executable.</summary>
    public static string Path => Found.Value;

    private static string Find()
    {
        // …/dotnet/shared/Microsoft.NETCore.App/<version>/System.Private.CoreLib.dll → …/dotnet/dotnet
        string? runtime = System.IO.Path.GetDirectoryName(typeof(object).Assembly.Location);
        string? root = runtime is null ? null : System.IO.Path.GetFullPath(System.IO.Path.Combine(runtime, "..", "..", ".."));
        string name = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        foreach (string? candidate in new[] { root is null ? null : System.IO.Path.Combine(root, name), Environment.GetEnvironmentVariable("DOTNET_HOST_PATH"), Environment.ProcessPath })
        {
            if (candidate is not null && File.Exists(candidate) && System.IO.Path.GetFileName(candidate) == name)
            {
                return candidate;
            }
        }

        return name; // on PATH
    }
}
