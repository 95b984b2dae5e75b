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

    private static TanhRnn ScaledModel(double magnitude)
    {
        var course = CourseProblems.TanhModel();
        var s = course.Forward(CourseProblems.Sentence, 0).S;
        return new TanhRnn(course.We, course.Wr, course.Wu * (magnitude / s.AbsoluteMaximum()));
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

    private static void AssertClose(double expected, double actual, string what)
    {
        double error = Math.Abs(actual - expected);
        Assert.True(error <= 4e-16 * Math.Abs(expected) || error == 0, $"{what}: J = {actual:e17}, reference {expected:e17} (relative error {error / Math.Abs(expected):e2})");
    }
}
