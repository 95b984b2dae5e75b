using Backprop.Grading.Scoring;
using Backprop.Kernel;
using Backprop.Kernel.Checking;
using MathNet.Numerics.LinearAlgebra;
using Vec = MathNet.Numerics.LinearAlgebra.Vector<double>;

namespace Backprop.Grading.Tests;

/// <summary>
/// The formula, not a numerical substitute, earns the points: an answer that differentiates the forward map by
/// Richardson-extrapolated central differences (recovering s as log p, or g_t as atanh(h_t)) passes the public
/// self-check but fails the grader's hidden cases; the reference boxes pass every hidden case. The grader's own runs
/// of the fixture's right answers are <see cref="FullMarksTests"/>.
/// </summary>
public class NumericSubstituteTests
{
    private const double Epsilon = 1e-3;

    /// <summary>(4·n(ε/2) − n(ε)) / 3 of f at 0, entry by entry, n the central difference: the self-checks' own recipe.</summary>
    private static Vec Richardson(int length, Func<Vec, double> f)
    {
        double Central(int i, double step)
        {
            var plus = Vector<double>.Build.Dense(length);
            var minus = Vector<double>.Build.Dense(length);
            plus[i] = step;
            minus[i] = -step;
            return (f(plus) - f(minus)) / (2 * step);
        }

        return Vector<double>.Build.Dense(length, i => (4 * Central(i, Epsilon / 2) - Central(i, Epsilon)) / 3);
    }

    /// <summary>∂J/∂s without the formula: s recovered as log p, J = s_y − log Σ e^{s_c} differentiated numerically.</summary>
    private static Vec NumericDs(Vec y, Vec p)
    {
        var s = p.PointwiseLog();
        int target = y.MaximumIndex();
        return Richardson(s.Count, d => (s[target] + d[target]) - Softmax.LogSumExp(s + d));
    }

    /// <summary>∂J/∂h_{t−1} without the formula: g_t recovered as atanh(h_t), u · tanh(g_t + Wr δ) differentiated numerically in δ.</summary>
    private static Vec NumericStep(Matrix<double> Wr, Vec h, Vec u)
    {
        var g = h.Map(v => Math.Atanh(v));
        return Richardson(h.Count, d => u.DotProduct((g + Wr * d).PointwiseTanh()));
    }

    /// <summary>3.2's map without the formula: u · (tanh(g_t + Wr δ) + δ) differentiated numerically in δ.</summary>
    private static Vec NumericResidualStep(Matrix<double> Wr, Vec g, Vec u) =>
        Richardson(g.Count, d => u.DotProduct((g + Wr * d).PointwiseTanh() + d));

    public static TheoryData<string> Substituted => ["p1.dJ_ds", "p2.dJ_dhPrev", "p3.dJ_dhPrev_residual"];

    private static Func<object[], object?> Substitute(string id) => id switch
    {
        "p1.dJ_ds" => CheckItems.P1.dJ_ds.Bind(NumericDs),
        "p2.dJ_dhPrev" => CheckItems.P2.dJ_dhPrev.Bind(NumericStep),
        _ => CheckItems.P3.dJ_dhPrev_residual.Bind(NumericResidualStep),
    };

    [Theory]
    [MemberData(nameof(Substituted))]
    public void A_numerical_substitute_passes_the_self_check_but_fails_a_hidden_case(string id)
    {
        var item = CheckItems.Find(id);
        var answer = Substitute(id);
        Assert.True(CheckEngine.Run(item, answer, CheckCaseSpec.Public).Passed, $"{id}: the substitute should pass the public cases, as the issue found it did");
        var hidden = HiddenCases.For(id);
        var failed = hidden.Where(c => !Compare(c, answer).Passed).ToList();
        Assert.True(failed.Count > 0, $"{id}: the numerical substitute passed every hidden case");
    }

    [Theory]
    [MemberData(nameof(Substituted))]
    public void The_reference_box_passes_every_hidden_case_including_the_hard_ones(string id)
    {
        var item = CheckItems.Find(id);
        var hidden = HiddenCases.For(id);
        Assert.True(hidden.Count > HiddenCases.Specs.Count, $"{id} has no hard case");
        Assert.All(hidden, c => Assert.True(Compare(c, item.RunReference).Passed, $"{id} {c.Description}: {Compare(c, item.RunReference).Problem}"));
    }

    private static CheckCaseResult Compare(CheckCase c, Func<object[], object?> answer)
    {
        try
        {
            return CheckEngine.Compare(c, CheckValue.From(answer(c.FreshInputs())));
        }
        catch (CheckOutputException e)
        {
            return new CheckCaseResult(c.Description, double.PositiveInfinity, e.Message);
        }
    }
}
