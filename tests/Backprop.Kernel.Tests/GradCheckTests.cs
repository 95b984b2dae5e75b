using Backprop.Kernel.Checking;

namespace Backprop.Kernel.Tests;

public class GradCheckTests
{
    [Fact]
    public void A_wrong_gradient_fails_and_names_the_worst_entry()
    {
        var model = WordMlp.Random(6, 3, seed: 2);
        var trace = model.Forward(1, 4);
        var wrong = model.Backward(trace).dWu.Clone();
        wrong[3, 2] += 0.01;
        var result = GradCheck.Compare("dJ/dWu", model.Wu, wrong, () => model.Forward(1, 4).J, letters: "N×M");
        Assert.False(result.Passed);
        Assert.Equal("[3,2]", result.WorstIndex);
        Assert.Equal("N×M = 6×3", result.Shape);
    }

    [Fact]
    public void An_all_zero_gradient_fails()
    {
        var model = WordMlp.Random(6, 3, seed: 2);
        var result = GradCheck.Compare("dJ/dWu", model.Wu, Matrix<double>.Build.Dense(6, 3), () => model.Forward(1, 4).J);
        Assert.False(result.Passed);
        Assert.True(result.MaxRelativeError > 0.99);
    }

    [Fact]
    public void The_sign_flipped_error_p_minus_y_fails()
    {
        var model = WordMlp.Random(6, 3, seed: 2);
        var trace = model.Forward(1, 4);
        var s = trace.S.Clone();
        var result = GradCheck.Compare("dJ/ds", s, trace.P - trace.Y, () => model.ObjectiveFromScores(s, 4));
        Assert.False(result.Passed);
    }

    [Fact]
    public void Checking_restores_every_weight_exactly()
    {
        var model = RecurrentModel.Random(6, 3, Recurrence.Tanh, seed: 2);
        var before = model.Wr.Enumerate().Concat(model.We.Enumerate()).Concat(model.Wu.Enumerate()).Select(BitConverter.DoubleToInt64Bits).ToArray();
        ModelGradChecks.Rnn(model, [1, 2, 3], 4);
        var after = model.Wr.Enumerate().Concat(model.We.Enumerate()).Concat(model.Wu.Enumerate()).Select(BitConverter.DoubleToInt64Bits).ToArray();
        Assert.Equal(before, after);
    }

    [Fact]
    public void Sampled_checks_visit_the_requested_number_of_entries_reproducibly()
    {
        var model = RecurrentModel.Random(20, 6, Recurrence.Tanh, seed: 2);
        var options = new GradCheckOptions(Samples: 10, Seed: 42);
        var a = ModelGradChecks.Rnn(model, [1, 2], 4, options);
        var b = ModelGradChecks.Rnn(model, [1, 2], 4, options);
        Assert.Equal(10, a["dJ/dWe"].EntriesChecked);
        Assert.Equal(a["dJ/dWe"], b["dJ/dWe"]);
        Assert.True(a.AllPassed, a.ToString());
    }

    [Fact]
    public void Relative_error_follows_the_course_definition()
    {
        Assert.Equal(0.5 / 2.5, GradCheck.RelativeError(1.5, 1.0), 15);
        Assert.Equal(1e-12 / 1e-8, GradCheck.RelativeError(1e-12, 0), 15); // the 1e-8 floor
        Assert.Equal(double.PositiveInfinity, GradCheck.RelativeError(double.NaN, 1));
    }

    [Fact]
    public void The_report_prints_a_table_with_every_derivative_and_a_verdict()
    {
        var report = CourseProblems.CheckAll()[0];
        var text = report.ToString();
        foreach (var name in new[] { "dJ/ds", "dJ/dh", "dJ/dWu", "dJ/dWe" })
        {
            Assert.Contains(name, text);
        }

        Assert.Contains("max rel. error", text);
        Assert.EndsWith("all 4 checks passed", text);
    }
}
