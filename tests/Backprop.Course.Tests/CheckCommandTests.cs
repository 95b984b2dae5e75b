using Backprop.Kernel;
using Backprop.Kernel.Checking;

namespace Backprop.Course.Tests;

public class CheckCommandTests
{
    [Fact]
    public async Task Check_prints_every_boxed_derivative_of_problems_1_to_3_and_exits_zero()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = await CommandLine.RunAsync(["check"], output, error);
        Assert.Equal(0, code);
        string text = output.ToString();
        foreach (var name in new[] { "dJ/ds", "dJ/dh", "dJ/dWu", "dJ/dWe", "dJ/dh3", "dJ/dh2", "dJ/dh1", "dJ/dh0", "dJ/dWr", "dJ/dh1 (tanh, 3.1)", "dJ/dh1 (residual, 3.2)", "dJ/dWr (residual)" })
        {
            Assert.Contains(name, text);
        }

        Assert.DoesNotContain("FAIL", text);
        Assert.Matches(@"check: all \d+ derivatives match central differences", text);
        int derivatives = CourseProblems.CheckAll(GradCheckOptions.Default).Sum(r => r.Count);
        Assert.Contains($"check: all {derivatives} derivatives match", text);
        Assert.Contains($"check: all {CheckItems.All.Count} graded boxes pass their self-checks", text);
        Assert.All(CheckItems.All, item => Assert.Contains(item.Id + "  " + item.Title, text));
    }

    [Fact]
    public async Task Check_exits_non_zero_when_the_threshold_cannot_be_met()
    {
        var output = new StringWriter();
        int code = await CommandLine.RunAsync(["check", "--threshold", "1e-30"], output, new StringWriter());
        Assert.Equal(1, code);
        Assert.Contains("FAILED", output.ToString());
    }

    [Fact]
    public async Task Unknown_commands_and_options_name_the_mistake_and_the_fix()
    {
        var error = new StringWriter();
        Assert.Equal(2, await CommandLine.RunAsync(["chek"], new StringWriter(), error));
        Assert.Contains("unknown command 'chek'", error.ToString());
        Assert.Contains("check", error.ToString());
        error = new StringWriter();
        Assert.Equal(2, await CommandLine.RunAsync(["check", "--step", "zero"], new StringWriter(), error));
        Assert.Contains("--step needs a positive number", error.ToString());
    }
}
