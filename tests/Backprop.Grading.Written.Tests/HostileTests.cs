using System.Diagnostics;
using System.Text;
using Backprop.Kernel;
using Backprop.Kernel.Checking;
using Backprop.Kernel.Written;

namespace Backprop.Grading.Written.Tests;

/// <summary>
/// Hostile LaTeX costs at most its own item: each input gets a verdict (never an exception) within a loose time bound, and
/// the reason names the bound it hit.
/// </summary>
public sealed class HostileTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(2);

    public static TheoryData<string, string, string> Inputs() => new()
    {
        { "1 MB of braces", new string('{', 1_000_000), "characters long" },
        { "an unclosed box of 150,000 braces", "$$\\boxed{" + new string('{', 150_000) + "$$", "never closed" },
        { "100,000 nested parentheses", "$$\\boxed{" + new string('(', 100_000) + "y" + new string(')', 100_000) + "}$$", "characters long" },
        { "700 nested parentheses", "$$\\boxed{" + new string('(', 700) + "y" + new string(')', 700) + "}$$", "levels deep" },
        { "1,900 nested parentheses", "$$\\boxed{" + new string('(', 1_900) + "y" + new string(')', 1_900) + "}$$", "tokens" },
        { "700 nested braces in a subscript", "$$\\boxed{h_" + new string('{', 700) + "t" + new string('}', 700) + "}$$", "braces deep" },
        { "a self-expanding macro", "$$\\boxed{\\def\\a{\\a\\a}\\a}$$", "macros" },
        { "\\newcommand", "$$\\boxed{\\newcommand{\\x}{y - p} \\x}$$", "macros" },
        { "\\csname", "$$\\boxed{\\csname x\\endcsname}$$", "macros" },
        { "400 equals signs", "$$\\boxed{" + string.Concat(Enumerable.Repeat("y-p=", 400)) + "y-p}$$", "tokens" },
        { "20 nested sums", "$$\\boxed{\\frac{\\partial J}{\\partial s} = " + string.Concat(Enumerable.Repeat("\\sum_{t=1}^{T} ", 20)) + "y}$$", "levels deep" },
        { "10,000 boxes", string.Concat(Enumerable.Repeat("$$\\boxed{y}$$ ", 10_000)) + "$$\\boxed{\\frac{\\partial J}{\\partial s} = \\foo}$$", "\\foo" },
        { "a long left-hand side search", "$$" + string.Concat(Enumerable.Repeat("= y ", 3_000)) + "\\boxed{y - p}$$", "" },
        { "control characters and lone surrogates", "$$\\boxed{\u0000\uD835 y \uFFFF - p\u0007}$$", "" },
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Hostile_latex_gets_a_bounded_verdict(string what, string cell, string reason)
    {
        var clock = Stopwatch.StartNew();
        var verdict = WrittenResultChecker.Check("p1.dJ_ds.derivation", cell, CheckCaseSpec.Public);
        clock.Stop();
        Assert.True(clock.Elapsed < Bound, $"{what}: {clock.Elapsed.TotalSeconds:0.00} s");
        if (reason.Length > 0)
        {
            Assert.NotEqual(WrittenStatus.Agrees, verdict.Status);
        }

        Assert.Contains(reason, verdict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nested_sums_stop_at_the_evaluation_budget()
    {
        string cell = "$$\\boxed{\\frac{\\partial J}{\\partial W^r} = " + string.Concat(Enumerable.Repeat("\\sum_{t=1}^{T} ", 9)) + "D_t \\frac{\\partial J}{\\partial h_t} h_{t-1}^T}$$";
        var clock = Stopwatch.StartNew();
        var verdict = WrittenResultChecker.Check("p2.dJ_dWr.derivation", cell, CheckCaseSpec.Public);
        Assert.True(clock.Elapsed < Bound, $"{clock.Elapsed.TotalSeconds:0.00} s");
        Assert.Equal(WrittenStatus.HandGrading, verdict.Status);
        Assert.Contains("steps to evaluate", verdict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_token_soup_never_throws_and_stays_within_the_bound()
    {
        string[] alphabet =
        [
            "\\frac", "{", "}", "(", ")", "[", "]", "\\partial", "J", "h", "_", "^", "t", "-", "1", "T", "\\odot", "\\sum", "W", "r", "=", "\\operatorname{diag}",
            "\\tanh", "'", "\\mathbb{1}", "I", "+", "\\cdot", "\\left(", "\\right)", "\\nabla", "/", "2", "\\boxed{", "$$", " ", "\\text{", "\\alpha", "g", "x", ",",
        ];
        var random = new Random(20261204);
        var clock = Stopwatch.StartNew();
        for (int n = 0; n < 2_000; n++)
        {
            var text = new StringBuilder("$$\\boxed{");
            int length = random.Next(1, 60);
            for (int i = 0; i < length; i++)
            {
                text.Append(alphabet[random.Next(alphabet.Length)]);
            }

            text.Append("}$$");
            var verdict = WrittenResultChecker.Check(WrittenItems.All[n % WrittenItems.All.Count].WrittenId, text.ToString(), CheckCaseSpec.Public);
            Assert.False(string.IsNullOrWhiteSpace(verdict.Message), $"seed 20261204, input {n}: {text}");
            Assert.DoesNotContain("could not evaluate", verdict.Message, StringComparison.Ordinal);
        }

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"{clock.Elapsed.TotalSeconds:0.0} s for 2,000 inputs");
    }
}

/// <summary>A result that is valid but as costly to evaluate as the bounds allow, and wrong, so that the whole mistake search runs.</summary>
public sealed class CostlyResultTests
{
    [Theory]
    [InlineData(64, 64)] // beyond the evaluation budget: stopped at once
    [InlineData(14, 1)] // just within it: every edit of the mistake search is evaluated in full
    public void A_maximally_costly_wrong_result_stays_within_the_bound(int outer, int inner)
    {
        string body = string.Concat(Enumerable.Repeat(@"W^{r,T} ", 40)) + @"D_t \frac{\partial J}{\partial h_t} h_{t-1}^T";
        string cell = $@"$$\boxed{{\frac{{\partial J}}{{\partial W^r}} = 3 \sum_{{k=1}}^{{{outer}}} \sum_{{j=1}}^{{{inner}}} \sum_{{t=1}}^{{T}} " + body + "}$$";
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var verdict = WrittenResultChecker.Check("p2.dJ_dWr.derivation", cell, Support.Specs);
        clock.Stop();
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"{clock.Elapsed.TotalSeconds:0.00} s: {verdict.Feedback}");
        Assert.NotEqual(WrittenStatus.Agrees, verdict.Status);
        Console.WriteLine($"{outer}×{inner}: {clock.Elapsed.TotalMilliseconds:0} ms, {verdict.Label}: {verdict.Message}");
    }
}
