namespace Backprop.Runner;

/// <summary>Where things are in a checkout of the kit, found by walking up to <c>Backprop.Notebooks.sln</c>.</summary>
/// <param name="Root">The folder that holds Backprop.Notebooks.sln.</param>
public sealed record RepositoryLayout(string Root)
{
    /// <summary>The solution file that marks the repository root.</summary>
    public const string SolutionFileName = "Backprop.Notebooks.sln";

    /// <summary>The course notebooks' folder.</summary>
    public string NotebooksFolder => Path.Combine(Root, "notebooks");

    /// <summary>The built library that the notebooks reference with <c>#r "../src/Backprop.Kernel/bin/Debug/net10.0/Backprop.Kernel.dll"</c>.</summary>
    public string KernelAssembly => Path.Combine(Root, "src", "Backprop.Kernel", "bin", "Debug", "net10.0", "Backprop.Kernel.dll");

    /// <summary>Where <c>backprop run</c> writes by default.</summary>
    public string DefaultRunOutput => Path.Combine(Root, "artifacts", "run");

    /// <summary>Every notebook under notebooks/, in name order.</summary>
    public IReadOnlyList<string> Notebooks() =>
        Directory.Exists(NotebooksFolder)
            ? Directory.GetFiles(NotebooksFolder, "*.ipynb").Order(StringComparer.Ordinal).ToList()
            : [];

    /// <summary>The checkout that contains <paramref name="start"/> (or one of its parents), or null when there is none.</summary>
    public static RepositoryLayout? Find(string start)
    {
        for (var folder = new DirectoryInfo(Path.GetFullPath(start)); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, SolutionFileName)))
            {
                return new RepositoryLayout(folder.FullName);
            }
        }

        return null;
    }

    /// <summary>The checkout around the working directory, else around this program.</summary>
    public static RepositoryLayout? Find() => Find(Environment.CurrentDirectory) ?? Find(AppContext.BaseDirectory);

    /// <summary>
    /// Builds Backprop.Kernel (Debug) when its assembly is missing, since the notebooks reference it by path.
    /// Returns null when it is there, else an error that says how to build it by hand.
    /// </summary>
    public async Task<string?> EnsureKernelBuiltAsync(TextWriter log, CancellationToken cancellation)
    {
        if (File.Exists(KernelAssembly))
        {
            return null;
        }

        log.WriteLine($"Backprop.Kernel is not built yet ({Path.GetRelativePath(Root, KernelAssembly)} is missing): running 'dotnet build src/Backprop.Kernel -c Debug' ...");
        var build = await ExternalProcess.RunAsync("dotnet", ["build", Path.Combine("src", "Backprop.Kernel"), "-c", "Debug", "-nologo", "-v", "quiet"], Root, cancellation);
        if (build.ExitCode == -1)
        {
            return $"could not start 'dotnet' to build Backprop.Kernel ({build.Error}). Build it with 'dotnet build src/Backprop.Kernel -c Debug' in {Root}.";
        }

        return build.Succeeded && File.Exists(KernelAssembly)
            ? null
            : $"building Backprop.Kernel failed (exit code {build.ExitCode}). Build it yourself with 'dotnet build src/Backprop.Kernel -c Debug' in {Root} and fix what it reports.\n{build.Output.Trim()}\n{build.Error.Trim()}".TrimEnd();
    }
}
