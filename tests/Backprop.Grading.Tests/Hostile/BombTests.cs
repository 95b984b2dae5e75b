using Backprop.Grading.Notebooks;
using System.Diagnostics;
using System.Text;
using Backprop.Grading.Isolation;
using Backprop.Grading.Scoring;

namespace Backprop.Grading.Tests.Hostile;

/// <summary>
/// Parse-depth and compile-time bombs through the whole grader: before the compile child existed, 200,000 nested
/// parentheses killed the grader's own process, 8,000 levels threw in it, a 60,000-term sum stalled its API walk for
/// minutes, and nested lambdas over overloads compiled past any limit. Now each costs its own item, within the time
/// limit (which covers compiling), and the other items are graded normally.
/// </summary>
public class BombTests
{
    private static readonly GraderOptions Options = Submissions.Options with { Sandbox = Submissions.Options.Sandbox with { ItemTimeout = TimeSpan.FromSeconds(6) } };

    private static string Nested(int depth)
    {
        var text = new StringBuilder("    var s = ");
        text.Append('(', depth).Append("1.0").Append(')', depth).Append(";\n    return y - p;");
        return text.ToString();
    }

    private static string LongSum(int terms, string term) =>
        "    double a = y[0];\n    var s = " + string.Join("+", Enumerable.Repeat(term, terms)) + ";\n    return y - p + 0 * s;";

    private static string LambdaBomb(int depth)
    {
        // Each level doubles (at least) the overload candidates the binder tries: M(Func<int,int>), M(Func<string,int>), M(Func<double,int>).
        var text = new StringBuilder();
        for (int i = 0; i < depth; i++)
        {
            text.Append($"M(x{i} => ");
        }

        text.Append("x0.GetHashCode()").Append(')', depth);
        return "    int r = " + text + ";\n    return y - p;\n}\nstatic int M(Func<int, int> f) => 0;\nstatic int M(Func<string, int> f) => 0;\nstatic int M(Func<double, int> f) => 0;\nvoid Unused() {";
    }

    [Fact]
    public void Nesting_and_compile_bombs_cost_their_own_items_and_the_grader_survives()
    {
        string text = Submissions.SolutionText;
        text = Submissions.Replace(text, "    return error;", Nested(200_000).Replace("return y - p;", "return y - p;", StringComparison.Ordinal));
        text = Submissions.Replace(text, "    return Wu.TransposeThisAndMultiply(dJ_ds);", "    var s = " + new string('(', 8_000) + "1.0" + new string(')', 8_000) + ";\n    return Wu.TransposeThisAndMultiply(dJ_ds) * (s / s);");
        text = Submissions.Replace(text, "    return dJ_ds.OuterProduct(h);", LambdaBomb(20).Replace("return y - p;", "return dJ_ds.OuterProduct(h);", StringComparison.Ordinal));
        var clock = Stopwatch.StartNew();
        var result = new Grader(Options).Grade(SubmissionReader.Read("bombs", [Write(text)]));
        clock.Stop();

        Assert.False(result.InternalError, string.Join("\n", result.Problems));
        // 200,000 levels: no compiler finishes that; the item gets 0 and says why.
        Assert.Equal(0, result.Item("p1.dJ_ds").Score);
        Assert.Contains("Your answer", result.Item("p1.dJ_ds").Output);
        // 8,000 levels and the lambda bomb: either compiled and graded (they are correct) or stopped with a message.
        foreach (string id in new[] { "p1.dJ_dh", "p1.dJ_dWu" })
        {
            var item = result.Item(id);
            Assert.True(item.Passed || item.Output.Contains("Your answer", StringComparison.Ordinal), id + ": " + item.Output);
        }

        // Each bomb ends within its 6 s budget (plus a compile child restart); the untouched items all pass.
        Assert.InRange(clock.Elapsed.TotalSeconds, 0, 3 * (6 + 20));
        foreach (string id in new[] { "p1.dJ_dWe", "p2.dJ_dhPrev", "p2.dJ_dhs", "p2.dJ_dWr", "p2.dJ_dWe", "p3.dJ_dhPrev_residual", "p3.dJ_dWr_residual" })
        {
            Assert.True(result.Item(id).Passed, id + ": " + result.Item(id).Output);
        }
    }

    [Theory]
    [InlineData(60_000, "a")] // 120,000 characters: over the cell limit, refused before any parsing
    [InlineData(45_000, "a")] // 90,000 characters: parsed and walked in the compile child, within the limit
    public void A_long_sum_is_graded_or_stopped_within_the_limit(int terms, string term)
    {
        string text = Submissions.Replace(Submissions.SolutionText, "    return error;", LongSum(terms, term));
        var clock = Stopwatch.StartNew();
        var result = new Grader(Options).Grade(SubmissionReader.Read("sum", [Write(text)]));
        Assert.InRange(clock.Elapsed.TotalSeconds, 0, (2 * 6) + 45); // compile and run limits, a child restart, a loaded machine: far below the minutes a stalled walk took
        Assert.False(result.InternalError);
        Assert.True(result.Item("p1.dJ_dh").Passed);
        var item = result.Item("p1.dJ_ds");
        Assert.True(item.Passed || item.Output.Contains("within", StringComparison.Ordinal) || item.Output.Contains("limit", StringComparison.Ordinal), item.Output);
        if (terms * 2 > Compilation.AnswerCompiler.MaxSourceLength)
        {
            Assert.Contains("was not compiled (limit", item.Output);
        }
    }

    private static string Write(string text)
    {
        string path = Path.Combine(TestPaths.NewTempFolder("bombs"), "bombs.ipynb");
        File.WriteAllText(path, text);
        return path;
    }
}
