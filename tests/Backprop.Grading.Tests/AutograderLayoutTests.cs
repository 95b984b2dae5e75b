using System.Diagnostics;
using System.Text.Json.Nodes;
using Backprop.Grading.Release;
using Backprop.Kernel.Checking;

namespace Backprop.Grading.Tests;

/// <summary>Runs the bundle's run_autograder in a temp folder laid out like Gradescope's /autograder.</summary>
public class AutograderLayoutTests
{
    private static (int Code, JsonNode Results, string Feedback) RunAutograder(string submissionText) =>
        RunAutograder(submission =>
        {
            Directory.CreateDirectory(Path.Combine(submission, "nested"));
            File.WriteAllText(Path.Combine(submission, "nested", "homework.ipynb"), submissionText);
        });

    /// <summary>Runs run_autograder on a submission folder that <paramref name="fill"/> writes; returns its exit code, results.json and feedback.md.</summary>
    internal static (int Code, JsonNode Results, string Feedback) RunAutograder(Action<string> fill)
    {
        string root = TestPaths.NewTempFolder("autograder");
        Directory.CreateDirectory(Path.Combine(root, "submission"));
        fill(Path.Combine(root, "submission"));
        File.WriteAllText(Path.Combine(root, "run_autograder"), AutograderBundle.RunScript);
        string grader = $"{Isolation.DotnetHost.Path} {Path.Combine(AppContext.BaseDirectory, "backprop.dll")}";
        var start = new ProcessStartInfo("bash", [Path.Combine(root, "run_autograder")]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["AUTOGRADER_ROOT"] = root;
        start.Environment["BACKPROP_GRADER"] = grader;
        using var run = Process.Start(start)!;
        var stdout = run.StandardOutput.ReadToEndAsync();
        var stderr = run.StandardError.ReadToEndAsync();
        Assert.True(run.WaitForExit(TimeSpan.FromMinutes(2)), "run_autograder did not finish");
        string results = Path.Combine(root, "results", "results.json");
        Assert.True(File.Exists(results), stdout.GetAwaiter().GetResult() + stderr.GetAwaiter().GetResult());
        return (run.ExitCode, JsonNode.Parse(File.ReadAllText(results))!, File.ReadAllText(Path.Combine(root, "results", "feedback.md")));
    }

    [Fact]
    public void Run_autograder_grades_the_submission_folder_into_results_json()
    {
        var (code, results, feedback) = RunAutograder(Submissions.SolutionText);
        Assert.Equal(0, code);
        double autoPoints = Scoring.PointsFile.BuiltIn.Where(p => !p.Manual).Sum(p => p.Points);
        Assert.Equal(autoPoints, results["score"]!.GetValue<double>());
        Assert.Equal(autoPoints, results["max_score"]!.GetValue<double>());
        int items = CheckItems.All.Count;
        Assert.Contains($"{items} of {items} derivatives correct", feedback);
    }

    [Fact]
    public void Run_autograder_explains_a_malformed_submission_and_still_exits_zero()
    {
        var (code, results, _) = RunAutograder("{ this is not json");
        Assert.Equal(0, code);
        Assert.Equal(0, results["score"]!.GetValue<double>());
        Assert.Contains("homework.ipynb is not valid JSON", results["output"]!.GetValue<string>());
    }
}
