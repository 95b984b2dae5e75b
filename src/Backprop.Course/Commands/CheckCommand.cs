using System.Globalization;
using Backprop.Kernel;

namespace Backprop.Course.Commands;

/// <summary><c>backprop check</c>: checks every boxed derivative of problems 1–3 against central differences.</summary>
internal sealed class CheckCommand : ICommand
{
    public string Name => "check";

    public string Summary => "Check every boxed derivative of problems 1-3 against central differences.";

    public string Usage => """
        Usage: backprop check [--step EPS] [--threshold TOL]

        Runs the library's analytic derivatives on the course instances (N = 8, M = 4, "I love machine" -> "learning")
        and compares every entry with central differences, then runs every graded item's reference box (the table
        Backprop.Kernel.CheckItems) through its self-check. One pass rule for both (PassRule). Exits 1 if any check fails.

          --step EPS        central-difference step (default 1e-5)
          --threshold TOL   largest error that passes (default 1e-7, the pass rule's tolerance)
        """;

    public Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        var options = GradCheckOptions.Default;
        for (int i = 0; i < args.Count; i++)
        {
            options = args[i] switch
            {
                "--step" => options with { Step = Number(args, ++i, "--step") },
                "--threshold" => options with { Threshold = Number(args, ++i, "--threshold") },
                _ => throw new UsageException($"unknown option '{args[i]}'."),
            };
        }

        IReadOnlyList<GradCheckReport> reports;
        IReadOnlyList<CheckVerdict> boxes;
        try
        {
            reports = CourseProblems.CheckAll(options);
            boxes = CheckItems.All.Select(item => CheckEngine.Run(item, item.RunReference, CheckCaseSpec.Public)).ToArray();
        }
        catch (NotImplementedException e)
        {
            // The student release stubs the library's boxes; their hints say what to write.
            error.WriteLine($"backprop check: the library's boxed derivatives are stubs here ({e.Message}). In the student release, check your answers with the Check cells in the notebooks.");
            return Task.FromResult(1);
        }

        foreach (var report in reports)
        {
            output.WriteLine(report);
            output.WriteLine();
        }

        foreach (var verdict in boxes)
        {
            output.WriteLine(verdict);
        }

        output.WriteLine();
        int failed = reports.Sum(r => r.Count(c => !c.Passed));
        int total = reports.Sum(r => r.Count);
        int failedBoxes = boxes.Count(v => !v.Passed);
        output.WriteLine(failed == 0
            ? $"check: all {total} derivatives match central differences (max relative error {reports.Max(r => r.MaxRelativeError):0.0e+00})."
            : $"check: {failed} of {total} derivatives FAILED.");
        output.WriteLine(failedBoxes == 0
            ? $"check: all {boxes.Count} graded boxes pass their self-checks (max relative error {boxes.Max(v => v.MaxRelativeError):0.0e+00})."
            : $"check: {failedBoxes} of {boxes.Count} graded boxes FAILED their self-checks.");
        return Task.FromResult(failed == 0 && failedBoxes == 0 ? 0 : 1);
    }

    private static double Number(IReadOnlyList<string> args, int i, string option) =>
        i < args.Count && double.TryParse(args[i], NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value > 0
            ? value
            : throw new UsageException($"{option} needs a positive number, e.g. {option} 1e-5.");
}
