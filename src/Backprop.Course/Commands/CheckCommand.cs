using System.CommandLine;
using Backprop.Kernel;
using Backprop.Kernel.Checking;

namespace Backprop.Course.Commands;

/// <summary><c>backprop check</c>: checks every graded item's box (problems 1–4) and the models' derivatives against central differences.</summary>
internal sealed class CheckCommand : ICommand
{
    private readonly Option<double> _step = CourseOptions.PositiveNumber("--step", "Central-difference step.", GradCheckOptions.Default.Step, "1e-5", "EPS");

    private readonly Option<double> _threshold = CourseOptions.PositiveNumber("--threshold", "Largest error that passes (the pass rule's tolerance by default).", GradCheckOptions.Default.Threshold, "1e-7", "TOL");

    public Command Build(CommandContext context)
    {
        var command = new Command("check", """
            Check every graded item of the library (problems 1-4) and the models' derivatives against central differences.
            Runs the library's analytic derivatives on the course instances (N = 8, M = 4, "I love machine" -> "learning")
            and compares every entry with central differences, then runs every graded item's reference box (the table
            Backprop.Kernel.Checking.CheckItems) through its self-check. One pass rule for both (PassRule). Exits 1 if any check fails.
            The reference boxes are in the course repository and the instructor copy only; in a student release the boxes are
            stubs, and check says so and exits 1 (students check their answers with the Check cells in the notebooks).
            """)
        {
            _step,
            _threshold,
        };
        context.SetAction(command, result => Run(GradCheckOptions.Default with { Step = result.GetValue(_step), Threshold = result.GetValue(_threshold) }, context));
        return command;
    }

    private static int Run(GradCheckOptions options, CommandContext context)
    {
        var output = context.Output.Writer;
        var error = context.Error.Writer;
        IReadOnlyList<GradCheckReport> reports;
        IReadOnlyList<CheckVerdict> boxes;
        try
        {
            reports = CourseProblems.CheckAll(options);
            boxes = CheckItems.All.Select(item => CheckEngine.Run(item, item.RunReference, CheckCaseSpec.Public)).ToArray();
        }
        catch (NotImplementedException e)
        {
            // The student release stubs the library's boxes: each stub names its item and says it is not answered here.
            error.WriteLine($"backprop check: the library's boxed derivatives are stubs here ({e.Message}). In the student release, check your answers with the Check cells in the notebooks.");
            return 1;
        }

        foreach (var report in reports)
        {
            if (context.Output.Styled)
            {
                context.Output.Console.Write(CheckTable.Of(report));
            }
            else
            {
                output.WriteLine(report);
            }

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
        return failed == 0 && failedBoxes == 0 ? 0 : 1;
    }
}
