using Backprop.Kernel.Checking;

namespace Backprop.Kernel.Tests;

public class CheckSummaryTests
{
    private static CheckVerdict Verdict(string item, params double[] errors) =>
        new(item, "∂J/∂x", errors.Select((e, i) => new CheckCaseResult($"case {i}", e, e <= PassRule.Tolerance ? null : "differs")).ToArray(), "a hint");

    private static GradCheckResult Result(string name, double error) =>
        new(name, "(M = 4)", 4, error, "[0]", 1.0, 1.0, 1e-7);

    [Fact]
    public void Rows_keep_the_order_self_checks_first_and_copy_each_verdict()
    {
        var summary = new CheckSummary("t", [Verdict("p1.dJ_ds", 1e-12, 3e-10)], [Result("dJ/ds", 2e-9)]);
        Assert.Equal(["p1.dJ_ds", "GradCheck"], summary.Rows.Select(r => r.Check));
        Assert.Equal(3e-10, summary.Rows[0].MaxRelativeError);
        Assert.Equal("self-check, 2 cases", summary.Rows[0].Method);
        Assert.Equal("central differences, 4 entries of (M = 4)", summary.Rows[1].Method);
        Assert.Equal("dJ/ds", summary.Rows[1].Derivative);
        Assert.True(summary.AllPassed);
        Assert.EndsWith("all 2 checks passed", summary.ToString());
    }

    [Fact]
    public void One_failing_gradient_check_fails_the_summary_and_is_marked()
    {
        var summary = new CheckSummary("t", [Verdict("p1.dJ_ds", 1e-12)], [Result("dJ/dWu", 0.5)]);
        Assert.False(summary.AllPassed);
        Assert.False(summary.Rows[1].Passed);
        string text = summary.ToString();
        Assert.Contains("dJ/dWu", text);
        Assert.Contains("5.0e-01", text);
        Assert.Contains("FAIL", text);
        Assert.EndsWith("1 of 2 checks FAILED", text);
    }

    [Fact]
    public void A_failing_self_check_case_fails_its_row()
    {
        var summary = new CheckSummary("t", [Verdict("p2.dJ_dWr", 1e-12, 0.25)], []);
        Assert.False(summary.Rows[0].Passed);
        Assert.Equal(0.25, summary.Rows[0].MaxRelativeError);
        Assert.False(summary.AllPassed);
    }

    [Fact]
    public void An_empty_summary_does_not_pass()
    {
        var summary = new CheckSummary("t", [], []);
        Assert.False(summary.AllPassed);
        Assert.EndsWith("no checks were run", summary.ToString());
    }

    [Fact]
    public void An_infinite_error_prints_as_a_dash()
    {
        var summary = new CheckSummary("t", [Verdict("p1.dJ_dWu", double.PositiveInfinity)], []);
        Assert.Contains(" -  ", summary.ToString());
    }
}
