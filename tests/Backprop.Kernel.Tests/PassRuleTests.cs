using Backprop.Kernel.Checking;

namespace Backprop.Kernel.Tests;

/// <summary>One error measure and one pass rule for GradCheck and the self-checks.</summary>
public class PassRuleTests
{
    [Fact]
    public void Entry_error_is_relative_with_a_floor_at_a_thousandth_of_the_scale()
    {
        Assert.Equal(0.5 / 2.5, PassRule.EntryError(1.5, 1.0, PassRule.AbsoluteFloor), 15);
        // Scale S = max(|a| + |n|) = 2, floor 2e-3: an entry of 1e-6 off by 1e-12 is judged against 2e-3, not 2e-6.
        var (error, worst) = PassRule.MaxError([1.0, 1e-6], [1.0, 1e-6 + 1e-12]);
        Assert.Equal(1, worst);
        Assert.Equal(1e-12 / 2e-3, error, 1e-14); // 1e-6 + 1e-12 rounds, so the difference is 1e-12 to about 1e-4 relative
        Assert.Equal(PassRule.AbsoluteFloor, PassRule.Floor([0.0, 0.0], [0.0, 0.0]));
        Assert.Equal(double.PositiveInfinity, PassRule.EntryError(double.NaN, 1, 1));
    }

    [Fact]
    public void GradCheck_reports_with_the_same_rule_as_the_self_checks()
    {
        var x = Vector<double>.Build.Dense([1.0, 2.0]);
        // J = x0² + 1e-6·x1: the second entry is 2e-6 of the scale, so a 1e-12 error there is within the rule.
        var analytic = Vector<double>.Build.Dense([2.0, 1e-6 + 1e-12]);
        var result = GradCheck.Compare("dJ/dx", x, analytic, () => x[0] * x[0] + 1e-6 * x[1]);
        var (error, _) = PassRule.MaxError(analytic.ToArray(), GradCheck.Numeric(x, () => x[0] * x[0] + 1e-6 * x[1]).ToArray());
        Assert.Equal(error, result.MaxRelativeError);
        Assert.True(result.Passed, result.ToString());
        Assert.True(result.MaxRelativeError < 1e-8);
    }

    [Fact]
    public void GradCheck_numbers_and_self_check_numbers_agree_on_every_course_and_public_case_and_every_named_mistake()
    {
        var caught = new HashSet<(string Item, string Mistake)>();
        foreach (var row in CheckItems.All)
        {
            foreach (var spec in CheckCaseSpec.Public)
            {
                var precise = row.Build(spec);                                   // the self-checks' expected values
                var plain = row.Build(spec with { PlainDifferences = true });    // GradCheck's ε = 1e-5 central differences
                var answers = ItemKeys.For(row).Mistakes.Where(m => m.Explanation != ItemKeys.StopsEarly)
                    .Select(m => (Name: m.Name, Run: (Func<object[], object?>)(a => m.Compute(a))))
                    .Prepend(("reference", row.RunReference));
                foreach (var (name, run) in answers)
                {
                    var bySelfCheck = CheckEngine.Compare(precise, CheckValue.From(run(precise.FreshInputs())));
                    var byGradCheck = CheckEngine.Compare(plain, CheckValue.From(run(plain.FreshInputs())));
                    Assert.True(bySelfCheck.Passed == byGradCheck.Passed,
                        $"{row.Id} {precise.Description}, {name}: self-check error {bySelfCheck.RelativeError:e2}, GradCheck-step error {byGradCheck.RelativeError:e2}");
                    if (name == "reference")
                    {
                        Assert.True(bySelfCheck.Passed, $"{row.Id} {precise.Description}: the reference fails ({bySelfCheck.RelativeError:e2})");
                    }
                    else if (!bySelfCheck.Passed)
                    {
                        caught.Add((row.Id, name));
                    }
                }
            }

            // A mistake may be right on one case (with T = 2 and h_0 = 0, the last step is the whole sum), never on all.
            foreach (var mistake in ItemKeys.For(row).Mistakes.Where(m => m.Explanation != ItemKeys.StopsEarly))
            {
                Assert.Contains((row.Id, mistake.Name), caught);
            }
        }
    }
}
