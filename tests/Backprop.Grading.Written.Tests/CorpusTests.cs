using Backprop.Kernel.Written;
using Backprop.Kernel.Written.Syntax;

namespace Backprop.Grading.Written.Tests;

public sealed class CorpusTests
{
    public static TheoryData<int> Entries()
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < Corpus.All.Count; i++)
        {
            data.Add(i);
        }

        return data;
    }

    [Fact]
    public void The_corpus_has_at_least_150_results_with_every_kind_of_verdict()
    {
        Assert.True(Corpus.All.Count >= 150, $"{Corpus.All.Count} entries");
        Assert.All(WrittenItems.All, w => Assert.Contains(Corpus.All, e => e.Item == w.Item && e.Expect == Expect.Right));
        Assert.All(WrittenItems.All, w => Assert.Contains(Corpus.All, e => e.Item == w.Item && e.Expect == Expect.Wrong));
        Assert.True(Corpus.All.Count(e => e.Expect == Expect.Hand) >= 20);
    }

    [Theory]
    [MemberData(nameof(Entries))]
    public void Each_result_gets_its_verdict(int index)
    {
        var entry = Corpus.All[index];
        var verdict = WrittenResultChecker.Check(entry.Item + ".derivation", entry.Cell, Support.Specs);
        string seen = $"{entry} → {verdict.Label}: {verdict.Feedback}";
        switch (entry.Expect)
        {
            case Expect.Right:
                Assert.True(verdict.Status == WrittenStatus.Agrees, seen);
                Assert.Contains("agrees with the reference on every case", verdict.Message, StringComparison.Ordinal);
                break;
            case Expect.Wrong:
                Assert.True(verdict.Status == WrittenStatus.Wrong, seen);
                if (entry.Detail is null)
                {
                    Assert.True(verdict.Mistake is null or WrittenMistakeNames.Dimensions, seen);
                }
                else
                {
                    Assert.True(verdict.Mistake == entry.Detail, seen);
                    Assert.Contains(entry.Detail, verdict.Message, StringComparison.Ordinal);
                }

                break;
            case Expect.Hand:
                Assert.True(verdict.Status == WrittenStatus.HandGrading, seen);
                Assert.StartsWith("Left for hand grading: ", verdict.Message, StringComparison.Ordinal);
                Assert.True(verdict.Message.Length > "Left for hand grading: ".Length + 15, seen);
                if (entry.Detail is not null)
                {
                    Assert.Contains(entry.Detail, verdict.Message, StringComparison.Ordinal);
                }

                break;
            case Expect.None:
                Assert.True(verdict.Status == WrittenStatus.NoResult, seen);
                break;
        }
    }

    [Fact]
    public void Feedback_on_a_wrong_result_never_contains_a_right_result()
    {
        // Every right result of an item, as the checker prints expressions; no wrong result's feedback may contain one.
        var right = Corpus.All.Where(e => e.Expect == Expect.Right && !e.Latex.StartsWith("RAW:", StringComparison.Ordinal))
            .Select(e => (e.Item, Text: ResultParser.Parse(e.Latex).Pieces.Last(p => p.Expression is not null).Expression!.Text))
            .ToArray();
        Assert.NotEmpty(right);
        foreach (var entry in Corpus.All.Where(e => e.Expect is Expect.Wrong or Expect.Hand))
        {
            var verdict = WrittenResultChecker.Check(entry.Item + ".derivation", entry.Cell, Support.Specs);
            foreach (var (item, text) in right.Where(r => r.Item == entry.Item))
            {
                Assert.False(verdict.Feedback.Contains(text, StringComparison.Ordinal), $"{entry}: the feedback states a right result, {text}: {verdict.Feedback}");
            }
        }
    }

    [Fact]
    public void Readings_are_the_students_own_not_those_of_the_edits_tried_while_naming_a_mistake()
    {
        // A wrong result written with 𝟙 only: the mistake search tries edits and known mistakes written with a plain 1.
        var verdict = WrittenResultChecker.Check("p3.dJ_dWr_residual.derivation",
            @"$$\boxed{\frac{\partial J}{\partial W_r} = 2\left(\sum_{t=1}^{T} \operatorname{diag}(\mathbb{1} - \tanh^2 g_t) \frac{\partial J}{\partial h_t} h_{t-1}^T\right)}$$", Support.Specs);
        Assert.Equal(WrittenStatus.Wrong, verdict.Status);
        Assert.DoesNotContain(verdict.Readings, r => r.Contains("a number added", StringComparison.Ordinal));
    }
}
