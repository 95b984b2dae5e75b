using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Backprop.Grading.Notebooks;

namespace Backprop.Grading.Release;

/// <summary>
/// Gives a release's library a version of its own, so that NuGet's global cache (one copy per version) never hands a
/// release's notebooks the course's library, or the other way round, when both are set up on one machine. The version
/// is <c>&lt;course version&gt;-release-&lt;h&gt;</c>, where h is the first 12 hex digits of the SHA-256 of the release's
/// library sources as released (every file of <see cref="LibraryProjects"/>, path and text in path order, before the
/// stamp): the same release sources always get the same version, and releases with different library stubs different
/// ones. (One identifier with a hyphen rather than <c>release.&lt;h&gt;</c>: 12 hex digits can be all digits with a leading 0,
/// which SemVer forbids in a numeric identifier.) The stamp goes into the project's <c>&lt;Version&gt;</c> (which
/// Backprop.Runner's LibraryPackage reads as the checkout's version), every notebook's
/// <c>#r "nuget: Backprop.Kernel, …"</c> line (which the exported apps' <c>#:package</c> copies), and the notebooks'
/// Markdown where it names the package's version.
/// </summary>
public static partial class LibraryVersionStamp
{
    /// <summary>The library's project file (Backprop.Runner's LibraryPackage.ProjectFile).</summary>
    public const string ProjectFile = "src/Backprop.Kernel/Backprop.Kernel.csproj";

    /// <summary>The projects packed into the library package (Backprop.Runner's LibraryPackage.Projects).</summary>
    public static IReadOnlyList<string> LibraryProjects { get; } = ["src/Backprop.Kernel", "src/Backprop.Kernel.Interactive"];

    /// <summary>True for a repository-relative path inside one of <see cref="LibraryProjects"/>.</summary>
    /// <param name="relative">A path with '/' separators.</param>
    public static bool IsLibrarySource(string relative) => LibraryProjects.Any(project => relative.StartsWith(project + "/", StringComparison.Ordinal));

    /// <summary>The version in the project file's one <c>&lt;Version&gt;</c> element.</summary>
    /// <param name="projectText">The text of <see cref="ProjectFile"/>.</param>
    public static string CourseVersion(string projectText) => TheVersionElement(projectText).Groups["version"].Value;

    /// <summary>The release's version: the course's, then <c>-release-</c> and 12 hex digits of the released library's SHA-256.</summary>
    /// <param name="librarySources">Every released file of <see cref="LibraryProjects"/> (path with '/' separators, text), the project file with the course's version.</param>
    public static string ReleaseVersion(IEnumerable<(string Relative, string Text)> librarySources)
    {
        var sources = librarySources.OrderBy(s => s.Relative, StringComparer.Ordinal).ToList();
        var project = sources.Where(s => s.Relative == ProjectFile).Select(s => s.Text).FirstOrDefault()
            ?? throw new InvalidDataException($"the release has no {ProjectFile}, so its library has no version to stamp; keep that file in the course repository.");
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (relative, text) in sources)
        {
            hash.AppendData(Encoding.UTF8.GetBytes($"{relative}\n{text.Length}\n{text}"));
        }

        return $"{CourseVersion(project)}-release-{Convert.ToHexStringLower(hash.GetHashAndReset())[..12]}";
    }

    /// <summary>The project file's text with <paramref name="version"/> in its <c>&lt;Version&gt;</c> element.</summary>
    /// <param name="projectText">The text of <see cref="ProjectFile"/>.</param>
    /// <param name="version">The release's version.</param>
    public static string StampProject(string projectText, string version)
    {
        var element = TheVersionElement(projectText).Groups["version"];
        return string.Concat(projectText.AsSpan(0, element.Index), version, projectText.AsSpan(element.Index + element.Length));
    }

    /// <summary>
    /// Puts <paramref name="version"/> into the notebook's <c>#r "nuget: Backprop.Kernel, …"</c> lines, and in place of
    /// "Backprop.Kernel <paramref name="courseVersion"/>" in its Markdown. Returns how many <c>#r</c> lines it stamped.
    /// </summary>
    /// <param name="notebook">A released notebook's JSON, changed in place.</param>
    /// <param name="courseVersion">The course's version.</param>
    /// <param name="version">The release's version.</param>
    public static int StampNotebook(JsonObject notebook, string courseVersion, string version)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        int stamped = 0;
        foreach (var cell in (notebook["cells"] as JsonArray ?? []).OfType<JsonObject>())
        {
            string source = Notebook.JoinSource(cell["source"]);
            string changed = cell["cell_type"]?.GetValue<string>() switch
            {
                "code" => LibraryPin().Replace(source, pin => { stamped++; return pin.Groups["head"].Value + version + "\""; }),
                "markdown" => source.Replace($"Backprop.Kernel {courseVersion}", $"Backprop.Kernel {version}", StringComparison.Ordinal),
                _ => source,
            };
            if (changed != source)
            {
                cell["source"] = Notebook.SplitSource(changed);
            }
        }

        return stamped;
    }

    private static Match TheVersionElement(string projectText)
    {
        var found = VersionElement().Matches(projectText);
        return found is [{ } one] && one.Groups["version"].Length > 0
            ? one
            : throw new InvalidDataException($"{ProjectFile} has {found.Count} <Version> elements, not one with a value, so the release's library cannot be given its own version; keep exactly one, e.g. <Version>1.0.0</Version>.");
    }

    [GeneratedRegex(@"<Version>\s*(?<version>[^<\s]*)\s*</Version>")]
    private static partial Regex VersionElement();

    // #r "nuget: Backprop.Kernel, 1.0.0" (NuGet ids are case-insensitive); the version part is replaced.
    [GeneratedRegex(@"^(?<head>[ \t]*#r[ \t]+""nuget:[ \t]*Backprop\.Kernel[ \t]*,[ \t]*)[^""\n]*""", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex LibraryPin();
}
