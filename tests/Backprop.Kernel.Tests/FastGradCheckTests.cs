using Backprop.Kernel.Checking;
using Backprop.Kernel.Fast;

namespace Backprop.Kernel.Tests;

/// <summary>The fast path's own gradient check: it passes on the workspace's Step and fails when one entry of a gradient is off.</summary>
public class FastGradCheckTests
{
    [Theory]
    [MemberData(nameof(RandomCases.Seeds), MemberType = typeof(RandomCases))]
    public void The_tanh_step_passes_for_every_derivative(int seed)
    {
        var (N, M, words, target) = RandomCases.Sizes(seed);
        var report = FastGradChecks.Rnn(RecurrentModel.Random(N, M, Recurrence.Tanh, seed), words, target, GradCheckOptions.Precise);
        Assert.Equal(words.Length + 5, report.Count); // ds, dWu, dh_T..dh_0, dWr, dWe
        RandomCases.AssertAllPassed(report, seed);
    }

    [Theory]
    [MemberData(nameof(RandomCases.Seeds), MemberType = typeof(RandomCases))]
    public void The_residual_step_passes_for_every_derivative(int seed)
    {
        var (N, M, words, target) = RandomCases.Sizes(seed);
        double scale = 0.5 / Math.Sqrt(words.Length); // as in ResidualRnnTests: h_t grows by up to 1 a step, so p stays away from saturation
        var report = FastGradChecks.Rnn(RecurrentModel.Random(N, M, Recurrence.Residual, seed, scale), words, target, GradCheckOptions.Precise);
        Assert.Equal(words.Length + 5, report.Count);
        RandomCases.AssertAllPassed(report, seed);
    }

    [Fact]
    public void The_course_problem_checks_the_same_derivatives_and_entries_as_the_teaching_check()
    {
        var fast = FastGradChecks.Rnn(CourseProblems.TanhModel(), CourseProblems.Sentence, CourseProblems.Target);
        var teaching = ModelGradChecks.Rnn(CourseProblems.TanhModel(), CourseProblems.Sentence, CourseProblems.Target);
        Assert.Equal(teaching.Select(r => (r.Name, r.Shape, r.EntriesChecked)), fast.Select(r => (r.Name, r.Shape, r.EntriesChecked)));
        RandomCases.AssertAllPassed(fast, CourseProblems.Seed);
    }

    /// <summary>
    /// The hand-worked case of <see cref="TanhRnnTests.Backward_matches_a_hand_computed_case"/> (N = 2, M = 1, T = 2):
    /// each 1-entry derivative the fast check compares is the hand value, and its central difference agrees with it.
    /// </summary>
    [Fact]
    public void The_check_compares_the_hand_computed_derivatives()
    {
        var model = new RecurrentModel(
            Matrix<double>.Build.DenseOfArray(new double[,] { { 0.5, -1.0 } }),
            Matrix<double>.Build.DenseOfArray(new double[,] { { 0.8 } }),
            Matrix<double>.Build.DenseOfArray(new double[,] { { 1.5 }, { -0.5 } }), Recurrence.Tanh);
        var report = FastGradChecks.Rnn(model, [0, 1], 0);
        foreach (var (name, byHand) in new[] { ("dJ/dh2", 1.5066875677015574), ("dJ/dh1", 0.8296934782622937), ("dJ/dh0", 0.5220084440287968), ("dJ/dWr", 0.47926948946467596) })
        {
            Assert.Equal(1, report[name].EntriesChecked);
            Assert.Equal(byHand, report[name].Analytic, 12);
            Assert.Equal(byHand, report[name].Numeric, 8);
        }

        Assert.True(report.AllPassed, report.ToString());
    }

    /// <summary>Each derivative in turn has its largest entry scaled by 1 + 1e-5: that derivative fails at that entry, the others pass.</summary>
    [Theory]
    [InlineData("dJ/ds", false)]
    [InlineData("dJ/dWu", false)]
    [InlineData("dJ/dh4", false)]
    [InlineData("dJ/dh1", false)]
    [InlineData("dJ/dWr", false)]
    [InlineData("dJ/dWe", false)]
    [InlineData("dJ/dWr", true)]
    [InlineData("dJ/dh0", true)]
    public void A_gradient_off_in_one_entry_fails_there(string name, bool residual)
    {
        var model = residual ? (RecurrentModel)RecurrentModel.Random(12, 5, Recurrence.Residual, seed: 4) : RecurrentModel.Random(12, 5, Recurrence.Tanh, seed: 4);
        int[] words = [3, 7, 3, 1];
        var workspace = model.CreateWorkspace(words.Length);
        var gradients = workspace.Step(words, 9);
        var (values, rows) = name switch
        {
            "dJ/ds" => (gradients.ds.AsArray(), 0),
            "dJ/dWu" => (gradients.dWu.AsColumnMajorArray(), gradients.dWu.RowCount),
            "dJ/dWr" => (gradients.dWr.AsColumnMajorArray(), gradients.dWr.RowCount),
            "dJ/dWe" => (gradients.dWe.AsColumnMajorArray(), gradients.dWe.RowCount),
            _ => (gradients.dhs[int.Parse(name["dJ/dh".Length..])].AsArray(), 0),
        };
        int largest = Array.IndexOf(values, values.MaxBy(Math.Abs));
        values[largest] *= 1 + 1e-5;

        var report = FastGradChecks.Check(workspace, gradients, words, 9, options: null);

        Assert.False(report[name].Passed, report.ToString());
        Assert.Equal(rows == 0 ? $"[{largest}]" : $"[{largest % rows},{largest / rows}]", report[name].WorstIndex);
        Assert.All(report.Where(r => r.Name != name), r => Assert.True(r.Passed, report.ToString()));
    }

    [Fact]
    public void Checking_restores_every_weight_exactly()
    {
        var model = RecurrentModel.Random(6, 3, Recurrence.Tanh, seed: 2);
        long[] Bits() => model.Wr.Enumerate().Concat(model.We.Enumerate()).Concat(model.Wu.Enumerate()).Select(BitConverter.DoubleToInt64Bits).ToArray();
        var before = Bits();
        FastGradChecks.Rnn(model, [1, 2, 3], 4);
        Assert.Equal(before, Bits());
    }

    [Fact]
    public void A_sentence_of_another_length_than_the_workspace_is_a_clear_error()
    {
        var workspace = RecurrentModel.Random(6, 3, Recurrence.Tanh, seed: 2).CreateWorkspace(3);
        var error = Assert.Throws<ArgumentException>(() => FastGradChecks.Workspace(workspace, [1, 2], 4));
        Assert.Contains("CreateWorkspace(2)", error.Message);
    }
}
