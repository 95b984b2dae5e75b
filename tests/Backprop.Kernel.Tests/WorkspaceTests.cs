using Backprop.Kernel.Fast;
using MathNet.Numerics.Random;

namespace Backprop.Kernel.Tests;

/// <summary>The fast, allocation-free steps of the workspaces give the gradients of the boxed Backward.</summary>
public class WorkspaceTests
{
    private const double Tolerance = 1e-12;

    /// <summary>
    /// Sizes that reach every branch of the fast loops: N up to 3000 so that Wu spans several row blocks
    /// (the online softmax rescales), M and T not multiples of four, weight scales from flat to peaked softmax.
    /// </summary>
    private static (int N, int M, int[] Words, int Target, double Scale) Case(int seed)
    {
        var random = new MersenneTwister(seed, threadSafe: false);
        int N = random.Next(2) == 0 ? random.Next(2, 40) : random.Next(500, 3000);
        int M = random.Next(1, 41), T = random.Next(1, 13);
        var words = Enumerable.Range(0, T).Select(_ => random.Next(N)).ToArray();
        return (N, M, words, random.Next(N), 0.1 + 2.9 * random.NextDouble());
    }

    [Theory]
    [MemberData(nameof(RandomCases.Seeds), MemberType = typeof(RandomCases))]
    public void Tanh_step_matches_the_boxed_backward(int seed) =>
        AssertStepMatchesBackward(seed, (N, M, scale) => RecurrentModel.Random(N, M, Recurrence.Tanh, seed, scale));

    [Theory]
    [MemberData(nameof(RandomCases.Seeds), MemberType = typeof(RandomCases))]
    public void Residual_step_matches_the_boxed_backward(int seed) =>
        AssertStepMatchesBackward(seed, (N, M, scale) => RecurrentModel.Random(N, M, Recurrence.Residual, seed, scale));

    [Theory]
    [MemberData(nameof(RandomCases.Seeds), MemberType = typeof(RandomCases))]
    public void Word_mlp_step_matches_the_boxed_backward(int seed)
    {
        var (N, M, words, target, scale) = Case(seed);
        var model = WordMlp.Random(N, M, seed, scale);
        var workspace = model.CreateWorkspace();
        foreach (int word in words) // consecutive steps: each must clear the column the one before wrote
        {
            var expected = model.Backward(model.Forward(word, target));
            var actual = workspace.Step(word, target);
            AssertClose(model.Forward(word, target).J, workspace.J, seed, "J");
            AssertClose(expected.ds, actual.ds, seed, "ds");
            AssertClose(expected.dh, actual.dh, seed, "dh");
            AssertClose(expected.dWu, actual.dWu, seed, "dWu");
            AssertClose(expected.dWe, actual.dWe, seed, "dWe");
        }
    }

    [Fact]
    public void The_fast_path_refuses_a_recurrence_it_does_not_run_and_says_which()
    {
        var leaky = RecurrentModel.Random(5, 3, Recurrence.Leaky(0.5), seed: 1);
        var e = Assert.Throws<ArgumentException>(() => leaky.CreateWorkspace(4));
        Assert.Contains("leaky α = 0.5", e.Message);
    }

    [Fact]
    public void Tanh_step_reproduces_the_hand_computed_case()
    {
        var model = new RecurrentModel(
            Matrix<double>.Build.DenseOfArray(new double[,] { { 0.5, -1.0 } }),
            Matrix<double>.Build.DenseOfArray(new double[,] { { 0.8 } }),
            Matrix<double>.Build.DenseOfArray(new double[,] { { 1.5 }, { -0.5 } }), Recurrence.Tanh);
        var grads = model.CreateWorkspace(2).Step([0, 1], 0);
        // The values worked as scalars in TanhRnnTests.Backward_matches_a_hand_computed_case.
        Assert.Equal(0.7533437838507788, grads.ds[0], 12);
        Assert.Equal(-0.42056401587343395, grads.dWu[0, 0], 12);
        Assert.Equal(0.5220084440287968, grads.dhs[0][0], 12);
        Assert.Equal(0.47926948946467596, grads.dWr[0, 0], 12);
        Assert.Equal(0.6525105550359959, grads.dWe[0, 0], 12);
        Assert.Equal(1.037116847827867, grads.dWe[0, 1], 12);
    }

    [Fact]
    public void Forward_of_the_workspace_gives_the_models_trace()
    {
        var model = RecurrentModel.Random(30, 7, Recurrence.Residual, seed: 4);
        int[] words = [3, 29, 3, 0, 11];
        var workspace = model.CreateWorkspace(words.Length);
        double J = workspace.Forward(words, 8);
        var expected = model.Forward(words, 8);
        var actual = workspace.ToTrace();
        AssertClose(expected.J, J, 4, "J");
        Assert.Equal(expected.Words, actual.Words);
        for (int t = 0; t <= words.Length; t++)
        {
            AssertClose(expected.Hs[t], actual.Hs[t], 4, $"Hs[{t}]");
            AssertClose(expected.Gs[t], actual.Gs[t], 4, $"Gs[{t}]");
            AssertClose(expected.Xs[t], actual.Xs[t], 4, $"Xs[{t}]");
        }

        AssertClose(expected.P, actual.P, 4, "P");
        AssertClose(expected.Y, actual.Y, 4, "Y");
    }

    [Fact]
    public void A_step_allocates_nothing_once_the_workspace_exists()
    {
        var rnn = RecurrentModel.Random(50, 16, Recurrence.Tanh, seed: 2);
        var residual = RecurrentModel.Random(50, 16, Recurrence.Residual, seed: 2);
        var mlp = WordMlp.Random(50, 16, seed: 2);
        int[] words = [1, 7, 7, 49, 0, 3, 20, 11, 5, 9];
        var rnnWorkspace = rnn.CreateWorkspace(words.Length);
        var residualWorkspace = residual.CreateWorkspace(words.Length);
        var mlpWorkspace = mlp.CreateWorkspace();
        void Steps()
        {
            for (int i = 0; i < 20; i++)
            {
                rnnWorkspace.Step(words, i % 50);
                residualWorkspace.Step(words, i % 50);
                mlpWorkspace.Step(i % 50, 3);
            }
        }

        // The runtime may allocate once on this thread while it re-compiles a hot method (tiered JIT), so the
        // steps are measured five times; a step that allocates shows up in every measurement, a re-compile in one.
        Steps();
        var allocated = new List<long>();
        for (int attempt = 0; attempt < 5; attempt++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            Steps();
            allocated.Add(GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.True(allocated.Min() == 0, $"bytes allocated by 20 steps of each workspace, five times: {string.Join(", ", allocated)}");
    }

    [Fact]
    public void A_sequence_of_the_wrong_length_is_refused_with_the_fix()
    {
        var workspace = RecurrentModel.Random(5, 3, Recurrence.Tanh, seed: 1).CreateWorkspace(3);
        var error = Assert.Throws<ArgumentException>(() => workspace.Step([1, 2], 0));
        Assert.Contains("T = 3", error.Message);
        Assert.Contains("CreateWorkspace(2)", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => workspace.Step([1, 2, 5], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => RecurrentModel.Random(5, 3, Recurrence.Tanh, seed: 1).CreateWorkspace(0));
        Assert.Throws<InvalidOperationException>(() => workspace.ToTrace());
    }

    private static void AssertStepMatchesBackward(int seed, Func<int, int, double, RecurrentModel> create)
    {
        var (N, M, words, target, scale) = Case(seed);
        var model = create(N, M, scale);
        var workspace = model.CreateWorkspace(words.Length);
        var random = new MersenneTwister(seed + 1000, threadSafe: false);
        for (int step = 0; step < 2; step++) // the second step must clear the first one's columns of dWe
        {
            var teaching = model.Forward(words, target);
            var actual = workspace.Step(words, target);
            // The backward passes are compared on the same forward values: the fast path's own trace.
            var trace = workspace.ToTrace();
            var expected = model.Backward(trace);
            // Teaching and fast forward passes agree to 1e-10 of the scale: T steps of tanh(Wr h) with weights up to
            // scale 3 amplify the last-digit differences of their sums.
            AssertClose(teaching.S, trace.S, seed, "S", tolerance: 100);
            AssertClose(teaching.J, workspace.J, seed, "J", scale: 100 * Math.Max(1, teaching.S.AbsoluteMaximum()));
            AssertClose(expected.ds, actual.ds, seed, "ds");
            AssertClose(expected.dWu, actual.dWu, seed, "dWu");
            for (int t = 0; t <= words.Length; t++)
            {
                AssertClose(expected.dhs[t], actual.dhs[t], seed, $"dh{t}");
            }

            AssertClose(expected.dWr, actual.dWr, seed, "dWr");
            AssertClose(expected.dWe, actual.dWe, seed, "dWe");
            words = words.Select(_ => random.Next(N)).ToArray();
            target = random.Next(N);
        }
    }

    // Entries are compared relative to the largest entry of their vector or matrix: the fast and the boxed paths sum in
    // different orders, and a chain through T steps with ‖Wr‖ > 1 carries those last-digit differences to small entries.
    private static bool Close(double expected, double actual, double scale) =>
        Math.Abs(expected - actual) <= Tolerance * Math.Max(1, scale);

    private static void AssertClose(double expected, double actual, int seed, string name, double scale = 0)
    {
        if (!Close(expected, actual, Math.Max(scale, Math.Abs(expected))))
        {
            Assert.Fail($"seed {seed}: {name} is {actual:R} but the boxed path gives {expected:R}.");
        }
    }

    private static void AssertClose(Vector<double> expected, Vector<double> actual, int seed, string name, double tolerance = 1)
    {
        Assert.Equal(expected.Count, actual.Count);
        double scale = expected.Count == 0 ? 0 : expected.AbsoluteMaximum() * tolerance;
        for (int i = 0; i < expected.Count; i++)
        {
            AssertClose(expected[i], actual[i], seed, $"{name}[{i}]", scale);
        }
    }

    private static void AssertClose(Matrix<double> expected, Matrix<double> actual, int seed, string name)
    {
        Assert.Equal((expected.RowCount, expected.ColumnCount), (actual.RowCount, actual.ColumnCount));
        double scale = expected.RowCount * expected.ColumnCount == 0 ? 0 : expected.Enumerate().Max(Math.Abs);
        for (int j = 0; j < expected.ColumnCount; j++)
        {
            for (int i = 0; i < expected.RowCount; i++)
            {
                AssertClose(expected[i, j], actual[i, j], seed, $"{name}[{i},{j}]", scale);
            }
        }
    }
}
