using System.Text.RegularExpressions;
using System.Xml.Linq;
using Backprop.Runner;

namespace Backprop.Course.Doctor;

/// <summary>
/// The NuGet sources in effect in a folder, as <c>dotnet nuget list source</c> reports them, and the NuGet.Config
/// files (from <c>dotnet nuget config paths</c>) that define each one, so a fix can name the file to edit.
/// </summary>
internal static partial class NuGetSources
{
    /// <summary>One enabled source: where it points and the config file that adds it (null when none of them does).</summary>
    public sealed record Source(string Location, string? ConfigFile, string? Key);

    /// <summary>The enabled sources in <paramref name="folder"/>, or null when <c>dotnet nuget</c> does not answer.</summary>
    public static async Task<IReadOnlyList<Source>?> EnabledAsync(string folder, CancellationToken cancellation)
    {
        var listed = await ExternalProcess.RunAsync("dotnet", ["nuget", "list", "source", "--format", "short"], folder, TimeSpan.FromSeconds(60), cancellation);
        if (listed is null || !listed.Succeeded)
        {
            return null;
        }

        var paths = await ExternalProcess.RunAsync("dotnet", ["nuget", "config", "paths", "--working-directory", folder], folder, TimeSpan.FromSeconds(60), cancellation);
        var configs = paths is { Succeeded: true }
            ? paths.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(File.Exists).ToArray()
            : [];
        return EnabledLine().Matches(listed.Output)
            .Select(m => m.Groups["location"].Value.Trim())
            .Select(location => Defining(location, configs) is var (file, key) ? new Source(location, file, key) : new Source(location, null, null))
            .ToArray();
    }

    /// <summary>The first config file (the closest, which wins) whose packageSources add <paramref name="location"/>, with the source's key.</summary>
    public static (string File, string Key)? Defining(string location, IReadOnlyList<string> configFiles)
    {
        foreach (var file in configFiles)
        {
            XDocument document;
            try
            {
                document = XDocument.Load(file);
            }
            catch (Exception e) when (e is IOException or System.Xml.XmlException or UnauthorizedAccessException)
            {
                continue;
            }

            var adds = document.Descendants("packageSources").Elements("add");
            foreach (var add in adds)
            {
                if (add.Attribute("value")?.Value is { } value && SameLocation(value, location, Path.GetDirectoryName(file)!))
                {
                    // dotnet nuget config paths lists the closest file first; the first match is the one in effect.
                    return (file, add.Attribute("key")?.Value ?? value);
                }
            }
        }

        return null;
    }

    private static bool SameLocation(string configured, string listed, string configFolder)
    {
        if (configured.Equals(listed, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        bool remote = configured.Contains("://", StringComparison.Ordinal) || listed.Contains("://", StringComparison.Ordinal);
        return !remote && Path.TrimEndingDirectorySeparator(Path.GetFullPath(configured, configFolder)) == Path.TrimEndingDirectorySeparator(Path.GetFullPath(listed, configFolder));
    }

    // "E https://api.nuget.org/v3/index.json" or "E /home/me/feed": enabled sources only (D = disabled).
    [GeneratedRegex(@"^\s*E\S*[ \t]+(?<location>\S.*?)\s*$", RegexOptions.Multiline)]
    private static partial Regex EnabledLine();
}
