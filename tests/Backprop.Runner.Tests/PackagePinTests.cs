using Backprop.Course;

namespace Backprop.Runner.Tests;

/// <summary>The notebooks' <c>#r "nuget: …"</c> pins are the versions in Directory.Packages.props.</summary>
public sealed class PackagePinTests
{
    private static readonly string[] RequiredPins = ["MathNet.Numerics", "Plotly.NET.Interactive", "Plotly.NET.CSharp"];

    public static TheoryData<string> Notebooks() => new(CourseNotebookRuns.NotebookNames);

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void The_notebook_pins_the_packages_of_Directory_Packages_props(string notebook)
    {
        var central = NotebookPackagePins.CentralVersions(Path.Combine(CourseNotebookRuns.Layout.Root, "Directory.Packages.props"));
        var pins = NotebookPackagePins.Read(File.ReadAllText(Path.Combine(CourseNotebookRuns.Layout.NotebooksFolder, notebook)));

        Assert.All(RequiredPins, name => Assert.Contains(pins, pin => pin.Package == name));
        Assert.Empty(NotebookPackagePins.Mismatches(pins, central));
        // The course library is loaded as the package the checkout's feed holds, at the course's version.
        Assert.Contains(new NotebookPackagePins.Pin(LibraryPackage.Id, "1.0.0"), pins);
        Assert.Equal("1.0.0", LibraryPackage.Version(CourseNotebookRuns.Layout.Root));
    }

    [Theory]
    [InlineData("#r \"nuget: Plotly.NET.CSharp, 0.14.0\"", "Plotly.NET.CSharp", "0.14.0")]
    [InlineData("#r \"nuget:MathNet.Numerics,5.0.0\"", "MathNet.Numerics", "5.0.0")]
    public void The_pin_pattern_reads_both_spacings(string line, string name, string version)
    {
        var notebook = $$"""{"cells": [{"cell_type": "code", "source": ["{{line.Replace("\"", "\\\"")}}"]}]}""";

        Assert.Equal(new NotebookPackagePins.Pin(name, version), Assert.Single(NotebookPackagePins.Read(notebook)));
    }

    [Fact]
    public void A_pin_that_differs_from_Directory_Packages_props_is_named_with_both_versions()
    {
        var central = new Dictionary<string, string> { ["MathNet.Numerics"] = "5.0.0" };

        var mismatch = Assert.Single(NotebookPackagePins.Mismatches([new("MathNet.Numerics", "4.15.0")], central));

        Assert.Equal("MathNet.Numerics 4.15.0 is pinned, Directory.Packages.props says 5.0.0", mismatch);
    }
}
