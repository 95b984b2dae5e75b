namespace Backprop.Course.Doctor;

/// <summary>The paths of a Backprop.Notebooks checkout that the doctor looks at, all under <see cref="Root"/>.</summary>
internal sealed record RepositoryLayout(string Root)
{
    /// <summary>The file that marks the repository root.</summary>
    public const string SolutionFileName = "Backprop.Notebooks.sln";

    public string GlobalJson => Path.Combine(Root, "global.json");

    public string PackagesProps => Path.Combine(Root, "Directory.Packages.props");

    public string NotebooksFolder => Path.Combine(Root, "notebooks");

    public string KernelSources => Path.Combine(Root, "src", "Backprop.Kernel");

    /// <summary>The assembly the notebooks load with <c>#r "../src/Backprop.Kernel/bin/Debug/net10.0/Backprop.Kernel.dll"</c>.</summary>
    public string KernelAssembly => Path.Combine(KernelSources, "bin", "Debug", "net10.0", "Backprop.Kernel.dll");

    /// <summary>Where <c>backprop setup</c> installs the pinned dotnet-interactive tool.</summary>
    public string KernelToolFolder => Path.Combine(Root, ".tools", "dotnet-interactive");

    /// <summary>The pinned tool's launcher.</summary>
    public string KernelToolExecutable => Path.Combine(KernelToolFolder, OperatingSystem.IsWindows() ? "dotnet-interactive.exe" : "dotnet-interactive");

    /// <summary>Finds the checkout that contains <paramref name="start"/> by walking up to <see cref="SolutionFileName"/>.</summary>
    public static RepositoryLayout Find(string start)
    {
        for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, SolutionFileName)))
            {
                return new RepositoryLayout(folder.FullName);
            }
        }

        throw new UsageException($"no {SolutionFileName} found in '{start}' or any folder above it; run backprop from inside the Backprop.Notebooks checkout.");
    }
}
