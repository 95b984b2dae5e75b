using Backprop.Grading.Notebooks;
using Backprop.Grading.Isolation;
using Backprop.Grading.Scoring;

namespace Backprop.Grading.Tests;

/// <summary>Builds test submissions from the fixture notebook by editing one line, and grades them.</summary>
internal static class Submissions
{
    /// <summary>Limits short enough for a quick suite, long enough for a loaded 2-core machine.</summary>
    public static GraderOptions Options { get; } = GraderOptions.Default with { Sandbox = SandboxOptions.Default with { ItemTimeout = TimeSpan.FromSeconds(8) } };

    /// <summary>The points of every auto-graded item in notebooks/grading.json.</summary>
    public static double AutoPoints => PointsFile.BuiltIn.Where(p => !p.Manual).Sum(p => p.Points);

    /// <summary>The points of one item in notebooks/grading.json.</summary>
    public static double PointsOf(string id) => PointsFile.BuiltIn.Single(p => p.Id == id).Points;

    /// <summary>The fixture's JSON text.</summary>
    public static string SolutionText => File.ReadAllText(TestPaths.SolutionNotebook);

    /// <summary>The fixture with <paramref name="line"/> (a JSON-encoded source line, without quotes) replaced; fails if it is not there.</summary>
    public static string Replace(string notebookText, string line, string replacement)
    {
        var relaxed = new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        string quoted = System.Text.Json.JsonSerializer.Serialize(line, relaxed)[1..^1];
        string newQuoted = System.Text.Json.JsonSerializer.Serialize(replacement, relaxed)[1..^1];
        Assert.True(notebookText.Contains(quoted, StringComparison.Ordinal), $"the fixture has no line {line}");
        return notebookText.Replace(quoted, newQuoted, StringComparison.Ordinal);
    }

    /// <summary>Writes notebook text to a temp file and grades it as one submission.</summary>
    public static SubmissionResult Grade(string notebookText, string name = "submission")
    {
        string folder = TestPaths.NewTempFolder("submission");
        string path = Path.Combine(folder, name + ".ipynb");
        File.WriteAllText(path, notebookText);
        return new Grader(Options).Grade(SubmissionReader.Read(name, [path]));
    }

    public static ItemResult Item(this SubmissionResult result, string id) => result.Items.Single(i => i.Id == id);
}
