using Backprop.Grading.Isolation;
using Backprop.Grading.Reports;
using Backprop.Grading.Sandbox;
using Backprop.Grading.Scoring;
using Backprop.Kernel;
using Backprop.Kernel.Checking;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Grading.Tests;

/// <summary>"Passed" means the pass rule passed, whatever the points; and the judge uses the row's own tolerance.</summary>
public class VerdictTests
{
    [Fact]
    public void A_wrong_answer_worth_zero_points_is_reported_as_failed()
    {
        var points = PointsFile.BuiltIn.Select(p => p.Id == "p1.dJ_ds" ? p with { Points = 0 } : p).ToArray();
        var options = Submissions.Options with { Points = points };
        string folder = TestPaths.NewTempFolder("zero-points");
        string path = Path.Combine(folder, "flipped.ipynb");
        File.WriteAllText(path, Submissions.Replace(Submissions.SolutionText, "    return error;", "    return p - y;"));

        var result = new Grader(options).Grade(Notebooks.SubmissionReader.Read(path));

        var item = result.Item("p1.dJ_ds");
        Assert.Equal(ItemVerdict.Failed, item.Verdict);
        Assert.False(item.Passed);
        Assert.Equal(0, item.MaxScore);
        Assert.Equal("flipped sign", item.Mistake);
        int auto = result.Items.Count(i => !i.Manual);
        Assert.Contains($"{auto - 1} of {auto} derivatives correct", ResultsJson.Summary(result));
        Assert.Contains("| `p1.dJ_ds` | ∂J/∂s | 0 / 0 | wrong: flipped sign |", FeedbackReport.Render(result));
    }

    [Fact]
    public void The_judge_compares_with_the_rows_own_tolerance()
    {
        var row = (CheckItem<Func<Vector<double>, Vector<double>, Vector<double>>>)CheckItems.Find("p1.dJ_ds");
        var cases = HiddenCases.For(row.Id);
        // Every output off by a relative 1e-5: beyond the pass rule's 1e-7, within a row that allows 1e-3.
        var outcome = new SandboxOutcome(cases.Select(c => new SandboxCaseOutput(WireValue.From(Vector<double>.Build.DenseOfArray(c.Expected.Values.Select(v => v * (1 + 1e-5)).ToArray())), null)).ToArray(), null);
        var loose = new CheckItem<Func<Vector<double>, Vector<double>, Vector<double>>>(row.Id, row.Title, row.Reference, (f, a) => f((Vector<double>)a[0], (Vector<double>)a[1]),
            spec => throw new InvalidOperationException("the judge must not rebuild cases"), row.Hint, 1e-3, row.Uses);
        var points = new ItemPoints(row.Id, 5, false);

        var strict = ItemJudge.Judge(points, row, cases, "x.ipynb, cell 1", outcome);
        var lenient = ItemJudge.Judge(points, loose, cases, "x.ipynb, cell 1", outcome);

        Assert.Equal(PassRule.Tolerance, row.Tolerance);
        Assert.Equal(ItemVerdict.Failed, strict.Verdict);
        Assert.Equal(ItemVerdict.Passed, lenient.Verdict);
        Assert.Equal(5, lenient.Score);
    }
}
