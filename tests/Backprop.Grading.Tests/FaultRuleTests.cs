using Backprop.Grading.Answers;
using Backprop.Grading.Compilation;
using Backprop.Grading.Scoring;
using Backprop.Kernel;
using Backprop.Kernel.Checking;

namespace Backprop.Grading.Tests;

/// <summary>The rule for answers built on other answers, on its own: who is named, and when, without compiling anything.</summary>
public class FaultRuleTests
{
    private static ExtractedAnswer Cell(string id, string code) => new(id, $"// answer: {id}\n{code}", $"x.ipynb, cell {id.Length}", null);

    private static ExtractedAnswer Missing(string id) => new(id, null, null, $"No answer cell for {id} was found.");

    private static ItemResult Failed(string id) => new(id, id, ItemVerdict.Failed, 0, 10, "3 of 4 hidden cases differ");

    private static ItemResult Passed(string id) => new(id, id, ItemVerdict.Passed, 10, 10, "Correct");

    [Fact]
    public void A_failing_answer_that_calls_a_failing_used_item_says_to_fix_that_first()
    {
        var answers = new[] { Cell("p2.dJ_dg", "return h;"), Cell("p2.dJ_dWr", "var dg = dJ_dg(hs[t], dhs[t]);") }.ToDictionary(a => a.Item);
        var items = new[] { Failed("p2.dJ_dg"), Failed("p2.dJ_dWr") };

        var result = FaultRule.WithUsedFaults(items[1], items, answers);

        Assert.StartsWith("Note: this answer calls your dJ_dg (p2.dJ_dg), which fails its own check: fix dJ_dg first.", result.Output);
        Assert.EndsWith("3 of 4 hidden cases differ", result.Output);
        Assert.Equal(ItemVerdict.Failed, result.Verdict);
    }

    [Fact]
    public void An_answer_that_does_not_call_the_used_item_is_charged_alone()
    {
        // dJ_dg is named only in a comment and in a longer identifier: the answer computes the tanh factor itself.
        var answers = new[] { Cell("p2.dJ_dg", "return h;"), Cell("p2.dJ_dWr", "// like dJ_dg(h, dh)\nvar my_dJ_dg2 = (1 - h * h) * dh;") }.ToDictionary(a => a.Item);
        var items = new[] { Failed("p2.dJ_dg"), Failed("p2.dJ_dWr") };

        Assert.Same(items[1], FaultRule.WithUsedFaults(items[1], items, answers));
        Assert.Empty(FaultRule.Called(CheckItems.Find("p2.dJ_dWr"), answers));
    }

    [Fact]
    public void A_used_item_called_through_another_used_cell_is_named()
    {
        // dJ_dhs calls the student's dJ_dhPrev, whose own cell calls dJ_dg.
        var answers = new[]
        {
            Cell("p2.dJ_dg", "return h;"), Cell("p2.dJ_dhPrev", "return Wr.TransposeThisAndMultiply(dJ_dg(h, dh));"), Cell("p2.dJ_dhs", "dhs[t - 1] = dJ_dhPrev(Wr, hs[t], dhs[t]);"),
        }.ToDictionary(a => a.Item);
        var items = new[] { Failed("p2.dJ_dg"), Passed("p2.dJ_dhPrev"), Failed("p2.dJ_dhs") };

        Assert.Equal(["p2.dJ_dg", "p2.dJ_dhPrev"], FaultRule.Called(CheckItems.Find("p2.dJ_dhs"), answers).Select(i => i.Id));
        Assert.StartsWith("Note: this answer calls your dJ_dg (p2.dJ_dg), which fails its own check", FaultRule.WithUsedFaults(items[2], items, answers).Output);
    }

    [Fact]
    public void Passing_answers_and_answers_whose_used_items_pass_are_left_as_they_are()
    {
        var answers = new[] { Cell("p2.dJ_dg", "return h;"), Cell("p2.dJ_dWr", "var dg = dJ_dg(hs[t], dhs[t]);") }.ToDictionary(a => a.Item);
        var passing = new[] { Failed("p2.dJ_dg"), Passed("p2.dJ_dWr") };
        var usedPasses = new[] { Passed("p2.dJ_dg"), Failed("p2.dJ_dWr") };

        Assert.Same(passing[1], FaultRule.WithUsedFaults(passing[1], passing, answers));
        Assert.Same(usedPasses[1], FaultRule.WithUsedFaults(usedPasses[1], usedPasses, answers));
    }

    [Fact]
    public void A_compile_failure_with_a_missing_used_cell_names_the_cell_to_add()
    {
        var answers = new[] { Missing("p2.dJ_dg"), Cell("p2.dJ_dWr", "var dg = dJ_dg(hs[t], dhs[t]);") }.ToDictionary(a => a.Item);
        var failed = new CompiledAnswer("p2.dJ_dWr", null, "does not compile:\nline 3: CS0103: The name 'dJ_dg' does not exist in the current context");

        var explained = FaultRule.WithMissingUsedCells(CheckItems.Find("p2.dJ_dWr"), answers, failed);

        Assert.StartsWith(failed.Problem!, explained.Problem);
        Assert.Contains("compiled together with your p2.dJ_dg answer cell, which defines dJ_dg, but the grader could not take that cell: No answer cell for p2.dJ_dg was found.", explained.Problem);
        Assert.Contains("a code cell whose first line is `// answer: p2.dJ_dg`", explained.Problem);
        var compiled = new CompiledAnswer("p2.dJ_dWr", null, null) { Image = [1] };
        Assert.Same(compiled, FaultRule.WithMissingUsedCells(CheckItems.Find("p2.dJ_dWr"), answers, compiled));
    }

    [Fact]
    public void In_a_shared_child_that_settles_cleanly_passing_items_keep_their_results_and_failing_ones_run_alone()
    {
        Assert.Equal(
            [SharedCharge.Keep, SharedCharge.RunAlone, SharedCharge.Keep],
            FaultRule.ChargeSharedChild([SharedReply.Passed, SharedReply.Failed, SharedReply.Passed], leftWorkCrashed: false));
        Assert.Empty(FaultRule.ChargeSharedChild([], leftWorkCrashed: false));
    }

    [Fact]
    public void A_shared_child_lost_with_one_item_in_it_charges_that_item_and_with_several_runs_them_all_alone()
    {
        Assert.Equal([SharedCharge.Final], FaultRule.ChargeSharedChild([SharedReply.ChildLost], leftWorkCrashed: false));
        // The item that passed before the crash loses its shared result too: the crash may be work it left behind.
        Assert.Equal(
            [SharedCharge.RunAlone, SharedCharge.RunAlone, SharedCharge.RunAlone],
            FaultRule.ChargeSharedChild([SharedReply.Passed, SharedReply.Failed, SharedReply.ChildLost], leftWorkCrashed: false));
    }

    [Fact]
    public void A_shared_child_that_crashes_after_its_last_reply_keeps_no_shared_result()
    {
        Assert.Equal(
            [SharedCharge.RunAlone, SharedCharge.RunAlone],
            FaultRule.ChargeSharedChild([SharedReply.Passed, SharedReply.Failed], leftWorkCrashed: true));
        Assert.Equal([SharedCharge.RunAlone], FaultRule.ChargeSharedChild([SharedReply.Passed], leftWorkCrashed: true));
    }

    [Fact]
    public void Impossible_shared_child_histories_are_refused_with_what_is_wrong()
    {
        var early = Assert.Throws<ArgumentException>(() => FaultRule.ChargeSharedChild([SharedReply.ChildLost, SharedReply.Passed], leftWorkCrashed: false));
        Assert.Contains("only the last reply can be ChildLost", early.Message);
        var settled = Assert.Throws<ArgumentException>(() => FaultRule.ChargeSharedChild([SharedReply.ChildLost], leftWorkCrashed: true));
        Assert.Contains("A lost child is not settled", settled.Message);
    }
}
