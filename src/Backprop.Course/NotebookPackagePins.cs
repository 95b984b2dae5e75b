using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Backprop.Course;

/// <summary>
/// The <c>#r "nuget: Name, Version"</c> pins in a notebook's code cells, and their comparison with the
/// versions in Directory.Packages.props, which is the one place every package version lives.
/// </summary>
internal static partial class NotebookPackagePins
{
    /// <summary>One <c>#r "nuget:"</c> directive: which package and which version it asks for ("" when it names none).</summary>
    public sealed record Pin(string Package, string Version);

    /// <summary>The pins in the code cells of the notebook JSON; throws <see cref="InvalidDataException"/> for JSON that is not a notebook.</summary>
    public static IReadOnlyList<Pin> Read(string notebookJson) =>
        CodeCellSources(notebookJson)
            .SelectMany(source => NuGetDirective().Matches(source))
            .Select(match => new Pin(match.Groups["package"].Value.Trim(), match.Groups["version"].Value.Trim()))
            .ToArray();

    /// <summary>The source text of each code cell; throws <see cref="InvalidDataException"/> for JSON that is not a notebook.</summary>
    public static IReadOnlyList<string> CodeCellSources(string notebookJson)
    {
        try
        {
            using var document = JsonDocument.Parse(notebookJson);
            if (!document.RootElement.TryGetProperty("cells", out var cells) || cells.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidDataException("it has no \"cells\" array");
            }

            return cells.EnumerateArray()
                .Where(cell => cell.TryGetProperty("cell_type", out var type) && type.GetString() == "code")
                .Select(Source)
                .ToArray();
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"it is not valid JSON ({e.Message})", e);
        }
    }

    /// <summary>PackageVersion items of a Directory.Packages.props, by package name (case-insensitive, as NuGet compares ids).</summary>
    public static IReadOnlyDictionary<string, string> CentralVersions(string packagesPropsPath) =>
        XDocument.Load(packagesPropsPath).Descendants("PackageVersion")
            .Where(e => e.Attribute("Include") is not null && e.Attribute("Version") is not null)
            .ToDictionary(e => e.Attribute("Include")!.Value, e => e.Attribute("Version")!.Value, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Every pin that disagrees with Directory.Packages.props, described in one line each. The course library's own
    /// package is not among them: its version is the one the checkout's feed holds (<see cref="Backprop.Runner.LibraryPackage"/>).
    /// </summary>
    public static IEnumerable<string> Mismatches(IEnumerable<Pin> pins, IReadOnlyDictionary<string, string> central) =>
        pins.Where(pin => !Backprop.Runner.LibraryPackage.IsLibrary(pin.Package)).Select(pin => central.TryGetValue(pin.Package, out var wanted)
                ? pin.Version.Length == 0 ? $"#r \"nuget: {pin.Package}\" has no version, so it takes whatever is newest on NuGet; pin {wanted} as Directory.Packages.props does"
                : wanted == pin.Version ? null : $"{pin.Package} {pin.Version} is pinned, Directory.Packages.props says {wanted}"
                : pin.Version.Length == 0 ? $"#r \"nuget: {pin.Package}\" has no version and Directory.Packages.props has no {pin.Package}"
                : $"{pin.Package} {pin.Version} is pinned but Directory.Packages.props has no {pin.Package}")
            .OfType<string>();

    private static string Source(JsonElement cell) =>
        !cell.TryGetProperty("source", out var source) ? ""
        : source.ValueKind == JsonValueKind.Array ? string.Concat(source.EnumerateArray().Select(line => line.GetString()))
        : source.GetString() ?? "";

    // The version is optional here so that a line without one is reported, not skipped.
    [GeneratedRegex("""^\s*#r\s+"nuget:\s*(?<package>[^,"]+?)\s*(?:,\s*(?<version>[^"]*?))?\s*"\s*$""", RegexOptions.Multiline)]
    private static partial Regex NuGetDirective();
}
