using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.DotNet.Interactive;

namespace Backprop.Runner;

/// <summary>
/// Loads the kernel extensions that NuGet packages ship in <c>interactive-extensions/dotnet/*.dll</c> (this is how
/// Plotly.NET.Interactive registers its chart formatter), as the dotnet-interactive tool does after a restore.
/// </summary>
internal static class KernelExtensionLoader
{
    // An assembly is loaded once per process; each new kernel still gets OnLoadAsync.
    private static readonly ConcurrentDictionary<string, Assembly> LoadedByName = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Runs <see cref="IKernelExtension.OnLoadAsync"/> of every extension in the packages just resolved.</summary>
    /// <returns>The full names of the extension types loaded.</returns>
    public static async Task<IReadOnlyList<string>> LoadAsync(Microsoft.DotNet.Interactive.Kernel kernel, IReadOnlyList<ResolvedPackageReference> packages)
    {
        // Where a package's lib/ holds the same assembly as an extension folder, load the lib/ copy, so that the
        // assembly comes from one path only and the script and the extension see the same types.
        var libraryPaths = packages
            .SelectMany(p => p.AssemblyPaths)
            .GroupBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key!, g => g.First(), StringComparer.OrdinalIgnoreCase);

        var loaded = new List<string>();
        foreach (var package in packages)
        {
            var folder = Path.Combine(package.PackageRoot, "interactive-extensions", "dotnet");
            if (!Directory.Exists(folder))
            {
                continue;
            }

            foreach (var dll in Directory.EnumerateFiles(folder, "*.dll").Order(StringComparer.Ordinal))
            {
                var assembly = Load(libraryPaths.GetValueOrDefault(Path.GetFileName(dll), dll));
                foreach (var type in ExtensionTypes(assembly))
                {
                    var extension = (IKernelExtension)Activator.CreateInstance(type)!;
                    await extension.OnLoadAsync(kernel);
                    loaded.Add(type.FullName ?? type.Name);
                }
            }
        }

        return loaded;
    }

    private static Assembly Load(string path)
    {
        var name = AssemblyName.GetAssemblyName(path);
        return LoadedByName.GetOrAdd(name.Name!, _ =>
            AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => AssemblyName.ReferenceMatchesDefinition(a.GetName(), name) && !a.IsDynamic)
            ?? AssemblyLoadContext.Default.LoadFromAssemblyPath(path));
    }

    private static IEnumerable<Type> ExtensionTypes(Assembly assembly)
    {
        Type[] types;
        try
        {
            types = assembly.GetExportedTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            types = e.Types.OfType<Type>().ToArray();
        }

        return types.Where(t => t is { IsAbstract: false, IsInterface: false, IsGenericTypeDefinition: false }
                                && typeof(IKernelExtension).IsAssignableFrom(t));
    }
}
