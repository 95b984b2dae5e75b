using Backprop.Kernel.Checking;

namespace Backprop.Kernel.Tests;

public class TanhRnnTests
{
    [Theory]
    [MemberData(nameof(RandomCases.Seeds), MemberType = typeof(RandomCases))]
    public void Backward_matches_central_differences_for_every_derivative(int seed)
    {
        var (N, M, words, target) = RandomCases.Sizes(seed);
        var report = ModelGradChecks.Rnn(RecurrentModel.Random(N, M, Recurrence.Tanh, seed), words, target, GradCheckOptions.Precise);
        Assert.Equal(words.Length + 5, report.Count); // ds, dWu, dh_T..dh_0, dWr, dWe
        RandomCases.AssertAllPassed(report, seed);
    }

    [Fact]
    public void Course_problem_reports_every_derivative_of_problem_2()
    {
        var report = ModelGradChecks.Rnn(CourseProblems.TanhModel(), CourseProblems.Sentence, CourseProblems.Target);
        Assert.Equal(["dJ/ds", "dJ/dWu", "dJ/dh3", "dJ/dh2", "dJ/dh1", "dJ/dh0", "dJ/dWr", "dJ/dWe"], report.Select(r => r.Name));
        RandomCases.AssertAllPassed(report, CourseProblems.Seed);
    }

    /// <summary>
    /// N = 2, M = 1, T = 2, We = [0.5 −1], Wr = [0.8], Wu = [1.5; −0.5], words (0, 1), target 0.
    /// Worked as scalars: h1 = tanh 0.5, h2 = tanh(−1 + 0.8 h1), ∂J/∂h2 = 1.5(1 − p0) + 0.5 p1,
    /// ∂J/∂h1 = 0.8(1 − h2²)∂J/∂h2, ∂J/∂h0 = 0.8(1 − h1²)∂J/∂h1, ∂J/∂Wr = (1 − h2²)∂J/∂h2 h1 + 0.
    /// </summary>
    [Fact]
    public void Backward_matches_a_hand_computed_case()
    {
        var model = new RecurrentModel(
            Matrix<double>.Build.DenseOfArray(new double[,] { { 0.5, -1.0 } }),
            Matrix<double>.Build.DenseOfArray(new double[,] { { 0.8 } }),
            Matrix<double>.Build.DenseOfArray(new double[,] { { 1.5 }, { -0.5 } }), Recurrence.Tanh);
        var trace = model.Forward([0, 1], 0);
        var grads = model.Backward(trace);
        Assert.Equal(0.46211715726000974, trace.Hs[1][0], 12);
        Assert.Equal(-0.558263073100154, trace.Hs[2][0], 12);
        Assert.Equal(-1.3997597493121532, trace.J, 12);
        Assert.Equal(0.7533437838507788, grads.ds[0], 12);
        Assert.Equal(-0.42056401587343395, grads.dWu[0, 0], 12);
        Assert.Equal(0.4205640158734339, grads.dWu[1, 0], 12);
        Assert.Equal(1.5066875677015574, grads.dhs[2][0], 12);
        Assert.Equal(0.8296934782622937, grads.dhs[1][0], 12);
        Assert.Equal(0.5220084440287968, grads.dhs[0][0], 12);
        Assert.Equal(0.47926948946467596, grads.dWr[0, 0], 12);
        Assert.Equal(0.6525105550359959, grads.dWe[0, 0], 12);
        Assert.Equal(1.037116847827867, grads.dWe[0, 1], 12);
    }

    /// <summary>
    /// The box through tanh, ∂J/∂g_t = (1 − h_t ⊙ h_t) ⊙ ∂J/∂h_t, by hand: entrywise, h = (0.5, −0.2, 0) and
    /// ∂J/∂h = (2, 3, −1) give (0.75·2, 0.96·3, 1·(−1)) = (1.5, 2.88, −1). On the scalar case above, with h2 and ∂J/∂h2
    /// from that case: ∂J/∂g2 = (1 − h2²)·∂J/∂h2 = 0.6883423·1.5066876 = 1.0371168, and ∂J/∂g1 = (1 − h1²)·∂J/∂h1
    /// = 0.7864477·0.8296935 = 0.6525106; both also by central differences in g_t.
    /// </summary>
    [Fact]
    public void The_step_through_tanh_matches_a_hand_computed_case_and_central_differences()
    {
        var byHand = Boxes.P2.dJ_dg(Vector<double>.Build.DenseOfArray([0.5, -0.2, 0.0]), Vector<double>.Build.DenseOfArray([2.0, 3.0, -1.0]));
        Assert.Equal([1.5, 2.88, -1.0], byHand.Select(v => Math.Round(v, 14)));

        var model = new RecurrentModel(
            Matrix<double>.Build.DenseOfArray(new double[,] { { 0.5, -1.0 } }),
            Matrix<double>.Build.DenseOfArray(new double[,] { { 0.8 } }),
            Matrix<double>.Build.DenseOfArray(new double[,] { { 1.5 }, { -0.5 } }), Recurrence.Tanh);
        int[] words = [0, 1];
        var trace = model.Forward(words, 0);
        var dhs = model.Backward(trace).dhs;
        double[] expected = [double.NaN, 0.6525105550359959, 1.0371168478278672]; // indexed by t
        foreach (int t in new[] { 2, 1 })
        {
            var dg = Boxes.P2.dJ_dg(trace.Hs[t], dhs[t]);
            Assert.Equal(expected[t], dg[0], 7);
            var g = trace.Gs[t].Clone();
            var numeric = GradCheck.Compare($"dJ/dg{t}", g, dg, () => model.ObjectiveFrom(t, g.PointwiseTanh(), words, 0), letter: "M");
            Assert.True(numeric.Passed, numeric.ToString());
        }
    }

    [Fact]
    public void A_repeated_word_accumulates_in_its_column_of_dJ_dWe()
    {
        var model = RecurrentModel.Random(5, 3, Recurrence.Tanh, seed: 11);
        int[] words = [2, 2, 4];
        var trace = model.Forward(words, 1);
        var grads = model.Backward(trace);
        var dg = Enumerable.Range(1, 3).Select(t => grads.dhs[t].PointwiseMultiply(1 - trace.Hs[t].PointwiseMultiply(trace.Hs[t]))).ToArray();
        Assert.True((grads.dWe.Column(2) - (dg[0] + dg[1])).L2Norm() < 1e-14);
        Assert.True((grads.dWe.Column(4) - dg[2]).L2Norm() < 1e-14);
        Assert.Equal(0.0, grads.dWe.Column(0).L2Norm());
    }

    [Fact]
    public void Sampling_the_next_word_is_seeded()
    {
        var trace = CourseProblems.TanhModel().Forward(CourseProblems.Sentence, CourseProblems.Target);
        var draws = Enumerable.Range(0, 200).Select(seed => RecurrentModel.SampleNext(trace, seed)).ToArray();
        Assert.Equal(draws, Enumerable.Range(0, 200).Select(seed => RecurrentModel.SampleNext(trace, seed)));
        Assert.True(draws.Distinct().Count() > 1, "different seeds should reach different words");
        // The most probable word should be drawn most often.
        int mostLikely = trace.P.MaximumIndex();
        Assert.Equal(mostLikely, draws.GroupBy(d => d).MaxBy(g => g.Count())!.Key);
    }
}
