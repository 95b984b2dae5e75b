using System.Xml;
using System.Xml.Linq;

namespace Backprop.Runner.Export;

/// <summary>
/// The package sources that a notebook's folder adds with its own nuget.config (the course notebooks name the
/// checkout's feed, <c>../.feed</c>, where Backprop.Kernel is packed), written beside an exported app so that
/// <c>dotnet run</c> restores its <c>#:package</c> lines from the same sources. A relative folder in the notebook's
/// config is relative to that config; the app's config names it by its full path.
/// </summary>
internal static class PackageSources
{
    /// <summary>The file name the SDK looks for (it also accepts NuGet.Config and NuGet.config).</summary>
    public const string FileName = "nuget.config";

    private const long MaxConfigBytes = 64 * 1024;

    /// <summary>Writes <c>nuget.config</c> into <paramref name="appFolder"/> with the sources of the one in <paramref name="notebookFolder"/>; null when there is none.</summary>
    /// <exception cref="ExportException">The notebook folder's nuget.config cannot be read.</exception>
    public static string? WriteBeside(string notebookFolder, string appFolder)
    {
        var config = Directory.Exists(notebookFolder)
            ? Directory.EnumerateFiles(notebookFolder).FirstOrDefault(f => string.Equals(Path.GetFileName(f), FileName, StringComparison.OrdinalIgnoreCase))
            : null;
        if (config is null)
        {
            return null;
        }

        var sources = Read(config);
        var written = new XDocument(
            new XComment($" Written by 'backprop export': the package sources of {config}. "),
            new XElement("configuration",
                new XElement("packageSources", sources.Select(s => new XElement("add", new XAttribute("key", s.Key), new XAttribute("value", s.Value))))));
        string path = Path.Combine(appFolder, FileName);
        written.Save(path);
        return path;
    }

    private static List<(string Key, string Value)> Read(string config)
    {
        XDocument document;
        try
        {
            if (new FileInfo(config).Length > MaxConfigBytes)
            {
                throw new ExportException($"{config} is larger than {MaxConfigBytes / 1024} KB; a nuget.config that lists package sources is a few lines.");
            }

            document = XDocument.Load(config);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or XmlException)
        {
            throw new ExportException($"{config} is not a readable nuget.config: {e.Message} Fix the file or remove it.");
        }

        var folder = Path.GetDirectoryName(config)!;
        return document.Root?.Element("packageSources")?.Elements("add")
            .Select(add => ((string?)add.Attribute("key"), (string?)add.Attribute("value")))
            .Where(s => s.Item1 is { Length: > 0 } && s.Item2 is { Length: > 0 })
            .Select(s => (s.Item1!, Uri.TryCreate(s.Item2, UriKind.Absolute, out var uri) && !uri.IsFile ? s.Item2! : Path.GetFullPath(Path.Combine(folder, s.Item2!))))
            .ToList() ?? [];
    }
}
