using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Backprop.Runner.Tests;

/// <summary>The notebooks' <c>#r "nuget: …"</c> pins are the versions in Directory.Packages.props.</summary>
public sealed partial class PackagePinTests
{
    private static readonly string[] RequiredPins = ["MathNet.Numerics", "Plotly.NET.Interactive", "Plotly.NET.CSharp"];

    public static TheoryData<string> Notebooks() => new(CourseNotebookRuns.NotebookNames);

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void The_first_code_cell_pins_the_packages_of_Directory_Packages_props(string notebook)
    {
        var central = XDocument.Load(Path.Combine(CourseNotebookRuns.Layout.Root, "Directory.Packages.props"))
            .Descendants("PackageVersion")
            .ToDictionary(p => (string)p.Attribute("Include")!, p => (string)p.Attribute("Version")!, StringComparer.OrdinalIgnoreCase);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(CourseNotebookRuns.Layout.NotebooksFolder, notebook)));
        var firstCode = json.RootElement.GetProperty("cells").EnumerateArray().First(c => c.GetProperty("cell_type").GetString() == "code");
        var source = string.Concat(firstCode.GetProperty("source").EnumerateArray().Select(line => line.GetString()));
        var pins = NugetPin().Matches(source).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["version"].Value, StringComparer.OrdinalIgnoreCase);

        Assert.All(RequiredPins, name => Assert.True(pins.ContainsKey(name), $"{notebook} does not pin {name} in its first code cell"));
        Assert.All(pins, pin =>
        {
            Assert.True(central.TryGetValue(pin.Key, out var version), $"{notebook} pins {pin.Key}, which Directory.Packages.props does not list");
            Assert.True(version == pin.Value, $"{notebook} pins {pin.Key} {pin.Value}, Directory.Packages.props says {version}");
        });
    }

    [Theory]
    [InlineData("#r \"nuget: Plotly.NET.CSharp, 0.14.0\"", "Plotly.NET.CSharp", "0.14.0")]
    [InlineData("#r \"nuget:MathNet.Numerics,5.0.0\"", "MathNet.Numerics", "5.0.0")]
    public void The_pin_pattern_reads_both_spacings(string line, string name, string version)
    {
        var match = NugetPin().Match(line);

        Assert.Equal(name, match.Groups["name"].Value);
        Assert.Equal(version, match.Groups["version"].Value);
    }

    [GeneratedRegex("""#r\s+"nuget:\s*(?<name>[^,"\s]+)\s*,\s*(?<version>[^"\s]+)\s*"(?!\S)""")]
    private static partial Regex NugetPin();
}
