using Backprop.Kernel.Checking;
using Backprop.Kernel.Fast;
namespace Backprop.Kernel.Tests;

/// <summary>
/// Every path computes J = log p_y and ∂J/∂h_T as accurately as double allows, also when p_y rounds to 1, against a
/// reference computed here: x = Σ_{c≠y} e^{s_c − s_y} with the differences carried in double-double, and
/// log1p(x) by its series for small x.
/// </summary>
public class PrecisionTests
{
    public static TheoryData<double> Magnitudes => new() { 1e1, 3e1, 1e2, 1e3, 1e4 };

    [Theory]
    [MemberData(nameof(Magnitudes))]
    public void J_matches_the_log1p_reference_on_every_path_for_every_target(double magnitude)
    {
        var model = ScaledModel(magnitude);
        int[] words = CourseProblems.Sentence;
        var workspace = model.CreateWorkspace(words.Length);
        for (int y = 0; y < model.N; y++)
        {
            // Each path is held to the reference computed from its own scores s.
            var trace = model.Forward(words, y);
            AssertClose(ReferenceJ(trace.S.ToArray(), y), trace.J, $"Forward, y={y}");
            double J = workspace.Forward(words, y);
            var fast = workspace.ToTrace();
            double fastReference = ReferenceJ(fast.S.ToArray(), y);
            AssertClose(fastReference, J, $"workspace Forward, y={y}");
            workspace.Step(words, y);
            AssertClose(fastReference, workspace.J, $"workspace Step, y={y}");
            AssertClose(fastReference, model.ObjectiveFrom(words.Length, fast.Hs[words.Length], words, y), $"ObjectiveFrom, y={y}");
        }
    }

    [Theory]
    [MemberData(nameof(Magnitudes))]
    public void The_fast_steps_dJ_dhT_matches_the_reference_when_p_y_rounds_to_1(double magnitude)
    {
        var model = ScaledModel(magnitude);
        int[] words = CourseProblems.Sentence;
        int y = ArgMax(model.Forward(words, 0).S.ToArray());
        var workspace = model.CreateWorkspace(words.Length);
        var step = workspace.Step(words, y).dhs[words.Length];
        var reference = ReferenceDh(model.Wu, workspace.ToTrace().S.ToArray(), y);
        double scale = Math.Max(reference.AbsoluteMaximum(), double.Epsilon);
        Assert.True((step - reference).AbsoluteMaximum() <= 1e-13 * scale, $"|s| ≈ {magnitude:0e0}: step {step}, reference {reference}");
    }

    /// <summary>
    /// (spread, shift): the course scores scaled to max |s| = spread, then shifted by shift. The shifted ones keep p_y
    /// within 1e-12 of 1 with every p_c representable, so |s| ≈ 1e4 is not all underflow.
    /// </summary>
    public static TheoryData<double, double> ScoreRanges => new() { { 1e1, 0 }, { 3e1, 0 }, { 1e2, 0 }, { 1e3, 0 }, { 1e4, 0 }, { 1e2, 1e3 }, { 1e2, 1e4 } };

    [Theory]
    [MemberData(nameof(ScoreRanges))]
    public void The_teaching_paths_dJ_ds_and_dJ_dh_match_the_reference_when_p_y_rounds_to_1(double spread, double shift)
    {
        int[] words = CourseProblems.Sentence;
        var misses = new List<string>();
        var tanh = CourseProblems.TanhModel();
        var residual = CourseProblems.ResidualModel();
        foreach (var model in new RecurrentModel[]
        {
            new RecurrentModel(tanh.We, tanh.Wr, Unembedding(tanh.Wu, tanh.Forward(words, 0).Hs[words.Length], spread, shift), Recurrence.Tanh),
            new RecurrentModel(residual.We, residual.Wr, Unembedding(residual.Wu, residual.Forward(words, 0).Hs[words.Length], spread, shift), Recurrence.Residual),
        })
        {
            int y = ArgMax(model.Forward(words, 0).S.ToArray());
            var trace = model.Forward(words, y);
            var gradients = model.Backward(trace);
            double[] s = trace.S.ToArray();
            Compare(ReferenceDs(s, y), gradients.ds, $"{model.Recurrence} ∂J/∂s", misses);
            Compare(ReferenceDh(model.Wu, s, y), gradients.dhs[words.Length], $"{model.Recurrence} ∂J/∂h_T", misses);
        }

        var word = CourseProblems.WordModel();
        int input = CourseProblems.Problem1Word;
        var wordModel = new WordMlp(word.We, Unembedding(word.Wu, word.Forward(input, 0).H, spread, shift));
        int target = ArgMax(wordModel.Forward(input, 0).S.ToArray());
        var wordTrace = wordModel.Forward(input, target);
        var wordGradients = wordModel.Backward(wordTrace);
        Compare(ReferenceDs(wordTrace.S.ToArray(), target), wordGradients.ds, "WordMlp ∂J/∂s", misses);
        Compare(ReferenceDh(wordModel.Wu, wordTrace.S.ToArray(), target), wordGradients.dh, "WordMlp ∂J/∂h", misses);
        Assert.True(misses.Count == 0, $"spread {spread:0e0}, shift {shift:0e0}: " + string.Join("; ", misses));
    }

    [Theory]
    [MemberData(nameof(ScoreRanges))]
    public void The_fast_steps_match_the_teaching_paths_reference_on_the_same_score_ranges(double spread, double shift)
    {
        int[] words = CourseProblems.Sentence;
        var course = CourseProblems.TanhModel();
        var model = new RecurrentModel(course.We, course.Wr, Unembedding(course.Wu, course.Forward(words, 0).Hs[words.Length], spread, shift), Recurrence.Tanh);
        int y = ArgMax(model.Forward(words, 0).S.ToArray());
        var workspace = model.CreateWorkspace(words.Length);
        var step = workspace.Step(words, y);
        double[] s = workspace.ToTrace().S.ToArray();
        var misses = new List<string>();
        Compare(ReferenceDs(s, y), step.ds, "step ∂J/∂s", misses);
        Compare(ReferenceDh(model.Wu, s, y), step.dhs[words.Length], "step ∂J/∂h_T", misses);

        var word = CourseProblems.WordModel();
        int input = CourseProblems.Problem1Word;
        var wordModel = new WordMlp(word.We, Unembedding(word.Wu, word.Forward(input, 0).H, spread, shift));
        int target = ArgMax(wordModel.Forward(input, 0).S.ToArray());
        var wordWorkspace = wordModel.CreateWorkspace();
        var wordStep = wordWorkspace.Step(input, target);
        double[] wordS = wordWorkspace.ToTrace().S.ToArray();
        Compare(ReferenceDs(wordS, target), wordStep.ds, "WordMlp step ∂J/∂s", misses);
        Compare(ReferenceDh(wordModel.Wu, wordS, target), wordStep.dh, "WordMlp step ∂J/∂h", misses);
        Assert.True(misses.Count == 0, $"spread {spread:0e0}, shift {shift:0e0}: " + string.Join("; ", misses));
    }

    [Fact]
    public void The_dJ_ds_box_keeps_1_minus_p_y_when_p_y_is_exactly_1_in_double()
    {
        // s = (50, 0), y = word 0: p_0 = 1 / (1 + e^{−50}) rounds to exactly 1, p_1 = e^{−50} / (1 + e^{−50}) ≈ e^{−50}.
        var p = Softmax.Probabilities(Vector<double>.Build.Dense([50.0, 0.0]));
        Assert.Equal(1.0, p[0]);
        var ds = Boxes.P1.dJ_ds(Vector<double>.Build.Dense([1.0, 0.0]), p);
        double e50 = 1.9287498479639178e-22; // e^{−50}; 1 + e^{−50} is 1 in double
        Assert.True(Math.Abs(ds[0] - e50) <= 1e-15 * e50, $"∂J/∂s_0 = {ds[0]:e17}, expected e^-50 = {e50:e17}");
        Assert.True(Math.Abs(ds[1] + e50) <= 1e-15 * e50, $"∂J/∂s_1 = {ds[1]:e17}, expected −e^-50");
    }

    [Fact]
    public void The_dJ_ds_box_is_y_minus_p_for_any_y_not_only_one_hot()
    {
        // p adds to 1; the box rewrites one entry of y − p by that identity, so any y (soft, all zero) gives y − p.
        var p = Vector<double>.Build.Dense([0.5, 0.25, 0.125, 0.125]);
        foreach (double[] y in new[] { new[] { 0.0, 1.0, 0.0, 0.0 }, [0.25, 0.75, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0], [0.5, 0.0, 0.0, 0.5] })
        {
            var expected = Vector<double>.Build.Dense(y) - p; // exact here: every entry is a multiple of 1/8
            Assert.Equal(expected, Boxes.P1.dJ_ds(Vector<double>.Build.Dense(y), p));
        }

        Assert.Equal(Vector<double>.Build.Dense([-0.5, 0.75, -0.125, -0.125]), Boxes.P1.dJ_ds(Vector<double>.Build.Dense([0.0, 1.0, 0.0, 0.0]), p));
    }

    [Fact]
    public void A_plain_y_minus_p_passes_the_dJ_ds_self_check_like_the_box()
    {
        var plain = Check.P1.dJ_ds((y, p) => y - p);
        Assert.True(plain.Passed, plain.ToString());
        var seeds = Enumerable.Range(100, 12).Select(seed => new CheckCaseSpec(seed)).ToArray();
        var many = CheckEngine.Run(CheckItems.P1.dJ_ds, a => (Vector<double>)a[0] - (Vector<double>)a[1], seeds);
        Assert.True(many.Passed, many.ToString());
    }

    [Fact]
    public void A_J_of_minus_3e_minus_45_is_not_rounded_to_zero()
    {
        // s = (0, …, 0, 103) with y the last word: x = 7 e^{−103} ≈ 1.3e-44, so J = −log1p(x) ≈ −x.
        var s = new double[8];
        s[7] = 103;
        double x = 7 * Math.Exp(-103);
        Assert.Equal(-x, ReferenceJ(s, 7), 1e-58);
        var model = new WordMlp(Matrix<double>.Build.Dense(1, 8, 1.0), Matrix<double>.Build.Dense(8, 1, (i, _) => i == 7 ? 103.0 : 0.0));
        double J = model.Forward(0, 7).J;
        Assert.True(J < 0 && Math.Abs(J + x) <= 1e-15 * x, $"J = {J:e3}, expected {-x:e3}");
    }

    private static RecurrentModel ScaledModel(double magnitude)
    {
        var course = CourseProblems.TanhModel();
        var s = course.Forward(CourseProblems.Sentence, 0).S;
        return new RecurrentModel(course.We, course.Wr, course.Wu * (magnitude / s.AbsoluteMaximum()), Recurrence.Tanh);
    }

    /// <summary>
    /// Wu scaled so that s = Wu h has max |s| = <paramref name="spread"/>, plus <paramref name="shift"/> h / (h·h) in
    /// every row, which adds <paramref name="shift"/> to every score and leaves p unchanged.
    /// </summary>
    private static Matrix<double> Unembedding(Matrix<double> Wu, Vector<double> h, double spread, double shift)
    {
        var scaled = Wu * (spread / (Wu * h).AbsoluteMaximum());
        return scaled + Vector<double>.Build.Dense(Wu.RowCount, 1.0).OuterProduct(h * (shift / h.DotProduct(h)));
    }

    private static int ArgMax(double[] s) => Array.IndexOf(s, s.Max());

    /// <summary>e^{s_c − s_y} with s_c − s_y carried as a double-double (TwoSum), so the subtraction adds no rounding.</summary>
    private static double ExpDifference(double sc, double sy)
    {
        double d = sc - sy;
        double bVirtual = d - sc;
        double error = (sc - (d - bVirtual)) + (-sy - bVirtual);
        return Math.Exp(d) * (1 + error);
    }

    private static double ReferenceJ(double[] s, int y)
    {
        double max = s.Max();
        if (s[y] < max)
        {
            // p_y ≤ 1/2, so |J| ≥ log 2 and s_y − log z has no cancellation.
            double z = s.Sum(v => ExpDifference(v, max));
            return (s[y] - max) - Math.Log(z);
        }

        double x = 0;
        for (int c = 0; c < s.Length; c++)
        {
            x += c == y ? 0 : ExpDifference(s[c], s[y]);
        }

        return -Log1pSeries(x);
    }

    /// <summary>log(1 + x) by its alternating series for x &lt; 0.1 (40 terms, error below x^41/41); Math.Log(1 + x) above.</summary>
    private static double Log1pSeries(double x)
    {
        if (x >= 0.1)
        {
            return Math.Log(1 + x);
        }

        double sum = 0, power = x;
        for (int k = 1; k <= 40; k++)
        {
            sum += (k % 2 == 1 ? 1 : -1) * power / k;
            power *= x;
        }

        return sum;
    }

    /// <summary>∂J/∂h = Σ_{c≠y} p_c (Wu[y,:] − Wu[c,:]), with p_c = e^{s_c − s_y} / (1 + x): no 1 − p_y anywhere.</summary>
    private static Vector<double> ReferenceDh(Matrix<double> Wu, double[] s, int y)
    {
        double x = 0;
        for (int c = 0; c < s.Length; c++)
        {
            x += c == y ? 0 : ExpDifference(s[c], s[y]);
        }

        var dh = Vector<double>.Build.Dense(Wu.ColumnCount);
        for (int c = 0; c < s.Length; c++)
        {
            if (c != y)
            {
                dh += (ExpDifference(s[c], s[y]) / (1 + x)) * (Wu.Row(y) - Wu.Row(c));
            }
        }

        return dh;
    }

    /// <summary>∂J/∂s = y − p with p_c = e^{s_c − s_y} / (1 + x) and its y entry Σ_{c≠y} p_c = x / (1 + x): no 1 − p_y anywhere.</summary>
    private static Vector<double> ReferenceDs(double[] s, int y)
    {
        double x = 0;
        for (int c = 0; c < s.Length; c++)
        {
            x += c == y ? 0 : ExpDifference(s[c], s[y]);
        }

        return Vector<double>.Build.Dense(s.Length, c => c == y ? x / (1 + x) : -ExpDifference(s[c], s[y]) / (1 + x));
    }

    /// <summary>
    /// Adds a miss unless <paramref name="actual"/> is within 1e-13 of the reference's largest entry, the bound the fast
    /// path meets, plus 16 steps of the smallest subnormal (4.9e-324): below 2.2e-308 a double's spacing is that step,
    /// not a relative 1.1e-16, so no computation keeps 13 digits there.
    /// </summary>
    private static void Compare(Vector<double> reference, Vector<double> actual, string what, List<string> misses)
    {
        double scale = reference.AbsoluteMaximum();
        double error = (actual - reference).AbsoluteMaximum();
        if (!(error <= 1e-13 * scale + 16 * double.Epsilon))
        {
            misses.Add($"{what}: error {error:e2} = {error / scale:e2} of the largest entry {scale:e2}");
        }
    }

    private static void AssertClose(double expected, double actual, string what)
    {
        double error = Math.Abs(actual - expected);
        Assert.True(error <= 4e-16 * Math.Abs(expected) || error == 0, $"{what}: J = {actual:e17}, reference {expected:e17} (relative error {error / Math.Abs(expected):e2})");
    }
}
