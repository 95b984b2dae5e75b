using System.Text.RegularExpressions;
using Backprop.Grading.Notebooks;
using Backprop.Grading.Release;
using Backprop.Runner;

namespace Backprop.Grading.Tests;

/// <summary>
/// A release's library carries a version of its own, so that NuGet's one cached copy per version never mixes a release's
/// stubs with the course's reference boxes on one machine; its project, its notebooks and LibraryPackage agree on it.
/// </summary>
public partial class LibraryVersionStampTests
{
    private static string Release(ReleaseMode mode, IReadOnlyList<string>? reveal)
    {
        string output = TestPaths.NewTempFolder("stamp");
        StudentRelease.Write(TestPaths.Root, output, mode, ReleasePlan.For(TestPaths.Root, null, reveal));
        return output;
    }

    [Fact]
    public void A_release_names_its_own_library_version_in_its_project_and_every_notebook()
    {
        string course = LibraryPackage.Version(TestPaths.Root);
        Assert.Equal("1.0.0", course);
        string student = Release(ReleaseMode.Homework, null);

        string version = LibraryPackage.Version(student);
        Assert.NotEqual(course, version);
        Assert.Matches(@"^1\.0\.0-release-[0-9a-f]{12}$", version);
        Assert.EndsWith($"Backprop.Kernel.{version}.nupkg", LibraryPackage.PackageFile(student), StringComparison.Ordinal);

        var notebooks = Directory.GetFiles(Path.Combine(student, "notebooks"), "*.ipynb");
        Assert.Equal(4, notebooks.Length);
        foreach (string file in notebooks)
        {
            var notebook = NotebookReader.Read(file, out string? problem) ?? throw new InvalidDataException(problem);
            var pins = notebook.Cells.Where(c => c.IsCode).SelectMany(c => Pin().Matches(c.Source)).Select(m => m.Groups["version"].Value).ToList();
            Assert.True(pins is [_], $"{file}: {pins.Count} #r lines of Backprop.Kernel");
            Assert.Equal(version, pins[0]);
            // The Markdown that names the package's version names the release's.
            string markdown = string.Concat(notebook.Cells.Where(c => c.Kind == "markdown").Select(c => c.Source));
            Assert.Contains($"Backprop.Kernel {version}", markdown);
            // (the release's version starts with the course's, so every mention of the course's is the release's)
            Assert.Equal(Regex.Count(markdown, Regex.Escape($"Backprop.Kernel {version}")), Regex.Count(markdown, Regex.Escape($"Backprop.Kernel {course}")));
        }
    }

    [Fact]
    public void The_version_is_the_same_for_the_same_library_and_differs_when_the_library_differs()
    {
        string first = LibraryPackage.Version(Release(ReleaseMode.Homework, null));
        Assert.Equal(first, LibraryPackage.Version(Release(ReleaseMode.Homework, null)));
        // Revealing problem 1 ships its reference boxes in the library: another library, another version.
        Assert.NotEqual(first, LibraryPackage.Version(Release(ReleaseMode.Homework, ["p1"])));
    }

    [Fact]
    public void The_stamp_and_the_runner_name_the_same_project_and_library_projects()
    {
        Assert.Equal(LibraryPackage.ProjectFile, LibraryVersionStamp.ProjectFile);
        Assert.Equal(LibraryPackage.Projects, LibraryVersionStamp.LibraryProjects);
    }

    [Fact]
    public void A_project_without_one_version_is_an_error_that_names_the_file()
    {
        var none = Assert.Throws<InvalidDataException>(() => LibraryVersionStamp.StampProject("<Project><PropertyGroup /></Project>", "2.0.0"));
        Assert.Contains("src/Backprop.Kernel/Backprop.Kernel.csproj has 0 <Version> elements", none.Message);
        var two = Assert.Throws<InvalidDataException>(() => LibraryVersionStamp.CourseVersion("<Version>1.0.0</Version><Version>1.0.1</Version>"));
        Assert.Contains("has 2 <Version> elements", two.Message);
        Assert.Equal("<a><Version>2.0.0</Version></a>", LibraryVersionStamp.StampProject("<a><Version>1.0.0</Version></a>", "2.0.0"));
    }

    [GeneratedRegex("""^\s*#r\s+"nuget:\s*Backprop\.Kernel\s*,\s*(?<version>[^"]*)"\s*$""", RegexOptions.Multiline)]
    private static partial Regex Pin();
}
