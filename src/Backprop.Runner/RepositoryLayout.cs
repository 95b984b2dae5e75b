namespace Backprop.Runner;

/// <summary>Where things are in a checkout of the kit, found by walking up to <c>Backprop.Notebooks.sln</c>.</summary>
/// <param name="Root">The folder that holds Backprop.Notebooks.sln.</param>
public sealed record RepositoryLayout(string Root)
{
    /// <summary>The solution file that marks the repository root.</summary>
    public const string SolutionFileName = "Backprop.Notebooks.sln";

    /// <summary>The course notebooks' folder.</summary>
    public string NotebooksFolder => Path.Combine(Root, "notebooks");

    /// <summary>The Debug build of the library (what <c>dotnet pack src/Backprop.Kernel -c Debug</c> packs).</summary>
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
    /// Packs Backprop.Kernel into this checkout's feed when it is missing or older than its sources, since the
    /// notebooks load it as a package (see <see cref="LibraryPackage"/>). Returns null when it is current, else an
    /// error that says how to pack it by hand. <paramref name="dropStaleCachedCopy"/>: see <see cref="LibraryPackage.EnsureAsync"/>.
    /// </summary>
    public Task<string?> EnsureLibraryPackageAsync(TextWriter log, CancellationToken cancellation, bool dropStaleCachedCopy = false) =>
        LibraryPackage.EnsureAsync(Root, log, dropStaleCachedCopy, cancellation);
}
