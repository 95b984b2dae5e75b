using Backprop.Grading.Reports;
using Backprop.Grading.Scoring;

namespace Backprop.Grading.Tests;

/// <summary>One submission full of hostile answers, graded once: each hostile item scores 0 with a message, the rest score.</summary>
public sealed class HostileSubmission
{
    public HostileSubmission()
    {
        string text = Submissions.SolutionText;
        text = Submissions.Replace(text, "    return error;", "    while (true) { }");
        text = Submissions.Replace(text, "    return Wu.TransposeThisAndMultiply(dJ_ds);", "    return Deeper(Wu, dJ_ds);\n}\nVector<double> Deeper(Matrix<double> a, Vector<double> b) => Deeper(a, b) + b;\nvoid Unused() {");
        text = Submissions.Replace(text, "    return dJ_ds.OuterProduct(h);", "    return Evil.Value * dJ_ds.OuterProduct(h);\n}\nclass Evil { public static readonly double Value; static Evil() { throw new InvalidOperationException(\"boom\"); } }\nvoid Unused() {");
        text = Submissions.Replace(text, "    return dJ_dh.OuterProduct(x);", "    var hog = new List<double[]>(); while (true) hog.Add(new double[50_000_000]);");
        text = Submissions.Replace(text, "    return Wr.TransposeThisAndMultiply(dJ_dg(h_t, dJ_dh_t));", "    Environment.Exit(0); return null;");
        text = Submissions.Replace(text, "    dJ_dh[T] = dJ_dhT;", "    dJ_dh[T] = dJ_dhT; _ = System.IO.File.ReadAllText(\"/etc/passwd\");");
        text = Submissions.Replace(text, "        dWr += dJ_dg(hs[t], dJ_dhs[t]).OuterProduct(hs[t - 1]);", "        dWr = Boxes.P2.dJ_dWr(hs, dJ_dhs);");
        text = Submissions.Replace(text, "    return dWe;", "    System.IO.File.WriteAllText(\"results.json\", \"{\\\"score\\\": 1000}\"); return dWe;");
        // Correct, but prints junk and a fake result to stdout: it must still score, and nothing else may change.
        text = Submissions.Replace(text, "    var tanh_g = g_t.PointwiseTanh();\n", "    Console.WriteLine(\"{\\\"score\\\": 1000, \\\"max_score\\\": 1}\"); Console.Write(\"\\u0000junk\"); var tanh_g = g_t.PointwiseTanh();\n");
        text = Submissions.Replace(text, "    return throughTanh + dJ_dh_t;", "    throw new InvalidOperationException(\"not today\");");
        Result = Submissions.Grade(text, "hostile");
        Json = ResultsJson.Render(Result);
    }

    public SubmissionResult Result { get; }

    public string Json { get; }
}

public class HostileSubmissionTests(HostileSubmission hostile) : IClassFixture<HostileSubmission>
{
    [Theory]
    [InlineData("p1.dJ_ds", "did not finish within")]
    [InlineData("p1.dJ_dh", "stack overflow")]
    [InlineData("p1.dJ_dWu", "TypeInitializationException")]
    [InlineData("p1.dJ_dWe", "memory")]
    [InlineData("p2.dJ_dhPrev", "answers may not use the environment")]
    [InlineData("p2.dJ_dhs", "is compiled together with your p2.dJ_dhPrev answer cell, as your notebook runs them, and that cell was rejected before running (fix it first)")]
    [InlineData("p2.dJ_dWr", "the library's reference answers (Boxes)")]
    [InlineData("p2.dJ_dWe", "answers may not use file and stream IO")]
    [InlineData("p3.dJ_dhPrev_residual", "threw InvalidOperationException: not today")]
    public void A_hostile_answer_scores_zero_with_a_message(string item, string message)
    {
        var result = hostile.Result.Item(item);
        Assert.Equal(0, result.Score);
        Assert.True(result.Output.Contains(message, StringComparison.Ordinal), result.Output);
    }

    [Fact]
    public void The_other_answers_are_graded_normally_and_printing_a_fake_result_changes_nothing()
    {
        Assert.True(hostile.Result.Item("p3.dJ_dhPrev_leaky").Passed, hostile.Result.Item("p3.dJ_dhPrev_leaky").Output);
        Assert.True(hostile.Result.Item("p3.dJ_dWr_residual").Passed);
        Assert.True(hostile.Result.Item("p4.clip_gradient").Passed);
        Assert.True(hostile.Result.Item("p2.dJ_dg").Passed, hostile.Result.Item("p2.dJ_dg").Output);
        double passing = new[] { "p2.dJ_dg", "p3.dJ_dhPrev_leaky", "p3.dJ_dWr_residual", "p4.clip_gradient" }.Sum(Submissions.PointsOf);
        Assert.Equal(passing, hostile.Result.Score);
        var json = System.Text.Json.Nodes.JsonNode.Parse(hostile.Json)!;
        Assert.Equal(passing, json["score"]!.GetValue<double>());
        Assert.Equal(Submissions.AutoPoints, json["max_score"]!.GetValue<double>());
    }
}
