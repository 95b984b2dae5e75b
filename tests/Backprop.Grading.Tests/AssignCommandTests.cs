using System.IO.Compression;

namespace Backprop.Grading.Tests;

public class AssignCommandTests(ReleaseFixture release) : IClassFixture<ReleaseFixture>
{
    [Fact]
    public async Task Assign_is_deterministic_two_runs_give_byte_identical_files()
    {
        string again = TestPaths.NewTempFolder("assign-again");
        Assert.Equal(0, await Course.CommandLine.RunAsync(["assign", "--root", release.Root, "--out", again], new StringWriter(), new StringWriter()));
        var first = Directory.EnumerateFiles(release.Output, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(release.Output, f))
            .Where(f => !f.Contains("/bin/") && !f.Contains("/obj/")).Order().ToArray();
        var second = Directory.EnumerateFiles(again, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(again, f)).Order().ToArray();
        Assert.Equal(first, second);
        foreach (string file in first)
        {
            Assert.True(File.ReadAllBytes(Path.Combine(release.Output, file)).SequenceEqual(File.ReadAllBytes(Path.Combine(again, file))), $"{file} differs between runs");
        }
    }

    [Theory]
    [InlineData("lecture", "--mode must be 'homework' or 'tutorial', not 'lecture'.")]
    [InlineData(null, "--mode")]
    public async Task An_unknown_or_missing_mode_is_a_usage_error_that_names_the_choices(string? mode, string message)
    {
        var error = new StringWriter();
        string[] args = mode is null ? ["assign", "--root", release.Root, "--mode"] : ["assign", "--root", release.Root, "--mode", mode];
        Assert.Equal(2, await Course.CommandLine.RunAsync(args, new StringWriter(), error));
        Assert.Contains(message, error.ToString());
    }

    [Fact]
    public void The_autograder_zip_follows_gradescopes_layout_with_no_absolute_paths()
    {
        using var zip = ZipFile.OpenRead(Path.Combine(release.Output, "instructor", "autograder.zip"));
        var names = zip.Entries.Select(e => e.FullName).ToArray();
        Assert.Contains("setup.sh", names);
        Assert.Contains("run_autograder", names);
        Assert.Contains("source/notebooks/grading.json", names);
        Assert.Contains("source/src/Backprop.Grading/Scoring/Grader.cs", names);
        Assert.Contains("source/src/Backprop.Course/Backprop.Course.csproj", names);
        Assert.Contains("source/eng/publish-grader.sh", names); // setup.sh publishes with it
        Assert.Equal(0b111_101_101, (zip.GetEntry("source/eng/publish-grader.sh")!.ExternalAttributes >> 16) & 0b111_111_111);
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.DoesNotContain(names, n => n.StartsWith('/') || n.Contains("..") || n.Contains("/bin/") || n.Contains("/obj/"));
        Assert.DoesNotContain(names, n => n.EndsWith(".ipynb", StringComparison.Ordinal)); // the grader needs no solutions
        Assert.All(zip.Entries, e => Assert.Equal(new DateTime(1980, 1, 1), e.LastWriteTime.DateTime));
        Assert.Equal(0b111_101_101, (zip.GetEntry("run_autograder")!.ExternalAttributes >> 16) & 0b111_111_111);
        foreach (var entry in zip.Entries.Where(e => !e.FullName.EndsWith(".png", StringComparison.Ordinal)))
        {
            using var reader = new StreamReader(entry.Open());
            Assert.DoesNotContain(release.Root, reader.ReadToEnd());
        }
    }
}
