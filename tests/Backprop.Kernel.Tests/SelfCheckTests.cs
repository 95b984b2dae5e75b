using Backprop.Kernel.Checking;

namespace Backprop.Kernel.Tests;

public class SelfCheckTests
{
    private static readonly CheckCaseSpec[] ManySeeds = Enumerable.Range(100, 12).Select(seed => new CheckCaseSpec(seed)).ToArray();

    [Fact]
    public void Every_reference_box_passes_its_self_check()
    {
        CheckVerdict[] verdicts =
        [
            Check.P1.dJ_ds(Boxes.P1.dJ_ds), Check.P1.dJ_dh(Boxes.P1.dJ_dh), Check.P1.dJ_dWu(Boxes.P1.dJ_dWu), Check.P1.dJ_dWe(Boxes.P1.dJ_dWe),
            Check.P2.dJ_dg(Boxes.P2.dJ_dg), Check.P2.dJ_dhPrev(Boxes.P2.dJ_dhPrev), Check.P2.dJ_dhs(Boxes.P2.dJ_dhs), Check.P2.dJ_dWr(Boxes.P2.dJ_dWr), Check.P2.dJ_dWe(Boxes.P2.dJ_dWe),
            Check.P3.dJ_dhPrev_residual(Boxes.P3.dJ_dhPrev_residual), Check.P3.dJ_dWr_residual(Boxes.P3.dJ_dWr_residual),
            Check.P3.dJ_dhPrev_leaky(Boxes.P3.dJ_dhPrev_leaky), Check.P4.clip_gradient(Boxes.P4.clip_gradient),
        ];
        Assert.Equal(CheckItems.All.Select(i => i.Id), verdicts.Select(v => v.Item));
        Assert.All(verdicts, v => Assert.True(v.Passed, v.ToString()));
        Assert.All(verdicts, v => Assert.Equal(CheckCaseSpec.Public.Count, v.Cases.Count));
    }

    [Fact]
    public void Reference_boxes_pass_on_many_random_sizes_and_seeds()
    {
        var dWr = CheckEngine.Run(CheckItems.Find("p2.dJ_dWr"), a => Boxes.P2.dJ_dWr((IReadOnlyList<Vector<double>>)a[0], (IReadOnlyList<Vector<double>>)a[1]), ManySeeds);
        var residual = CheckEngine.Run(CheckItems.Find("p3.dJ_dhPrev_residual"),
            a => Boxes.P3.dJ_dhPrev_residual((Matrix<double>)a[0], (Vector<double>)a[1], (Vector<double>)a[2]), ManySeeds);
        var dWe = CheckEngine.Run(CheckItems.Find("p1.dJ_dWe"), a => Boxes.P1.dJ_dWe((Vector<double>)a[0], (Vector<double>)a[1]), ManySeeds);
        Assert.True(dWr.Passed, dWr.ToString());
        Assert.True(residual.Passed, residual.ToString());
        Assert.True(dWe.Passed, dWe.ToString());
        Assert.True(dWr.MaxRelativeError < 1e-8, $"expected values should be far more precise than the tolerance: {dWr.MaxRelativeError:e2}");
    }

    [Fact]
    public void The_sign_flip_p_minus_y_fails_with_the_first_hint_and_no_mistake_name()
    {
        var verdict = Check.P1.dJ_ds((y, p) => p - y);
        Assert.False(verdict.Passed);
        Assert.Contains("Hint: " + CheckItems.P1.dJ_ds.Hint, verdict.ToString());
        Assert.DoesNotContain(MistakeNames.SignFlip, verdict.ToString()); // named mistakes are the grader's, from the instructor's key
        Assert.All(verdict.Cases, c => Assert.True(c.RelativeError > 0.99));
    }

    [Fact]
    public void Forgetting_the_transpose_fails_with_a_shape_message()
    {
        var verdict = Check.P1.dJ_dWu((ds, h) => h.OuterProduct(ds));
        Assert.False(verdict.Passed);
        Assert.Contains("returned shape 4×8, expected 8×4", verdict.ToString());
    }

    [Fact]
    public void A_failing_answer_that_uses_a_failing_dJ_dg_says_to_fix_dJ_dg_first()
    {
        // The student's cells as the notebook runs them: a dJ_dg without tanh′, and dJ_dWr built on it.
        Vector<double> dJ_dg(Vector<double> h_t, Vector<double> dJ_dh_t) => dJ_dh_t;
        Matrix<double> dJ_dWr(IReadOnlyList<Vector<double>> hs, IReadOnlyList<Vector<double>> dJ_dhs) =>
            Enumerable.Range(1, hs.Count - 1).Select(t => dJ_dg(hs[t], dJ_dhs[t]).OuterProduct(hs[t - 1])).Aggregate((a, b) => a + b);

        var dg = Check.P2.dJ_dg(dJ_dg);
        var dWr = Check.P2.dJ_dWr(dJ_dWr);

        Assert.False(dg.Passed);
        Assert.Null(dg.Note);
        Assert.False(dWr.Passed);
        Assert.Contains("Your dJ_dWr may call your dJ_dg (p2.dJ_dg), which fails its own self-check: fix dJ_dg first.", dWr.ToString());
        var right = Check.P2.dJ_dg(Boxes.P2.dJ_dg);
        Assert.True(right.Passed);
        Assert.Null(Check.P2.dJ_dWr(dJ_dWr).Note); // dJ_dg now passes: nothing to fix there first
    }

    [Fact]
    public void A_missing_tanh_factor_fails()
    {
        Assert.False(Check.P2.dJ_dhPrev((Wr, h, dh) => Wr.TransposeThisAndMultiply(dh)).Passed);
    }

    [Fact]
    public void Pairing_dh_t_with_h_t_instead_of_h_t_minus_1_fails()
    {
        var verdict = Check.P2.dJ_dWr((hs, dhs) =>
        {
            var sum = Matrix<double>.Build.Dense(hs[0].Count, hs[0].Count);
            for (int t = 1; t < hs.Count; t++)
            {
                sum += dhs[t].PointwiseMultiply(1 - hs[t].PointwiseMultiply(hs[t])).OuterProduct(hs[t]);
            }

            return sum;
        });
        Assert.False(verdict.Passed);
    }

    [Fact]
    public void Summing_only_the_last_step_fails()
    {
        var verdict = Check.P2.dJ_dWe((xs, hs, dhs) =>
        {
            int T = hs.Count - 1;
            return dhs[T].PointwiseMultiply(1 - hs[T].PointwiseMultiply(hs[T])).OuterProduct(xs[T]);
        });
        Assert.False(verdict.Passed);
    }

    [Fact]
    public void An_off_by_one_BPTT_loop_fails()
    {
        var verdict = Check.P2.dJ_dhs((Wr, hs, dhT) =>
        {
            int T = hs.Count - 1;
            var dhs = new Vector<double>[T + 1];
            dhs[T] = dhT;
            for (int t = T; t >= 1; t--)
            {
                dhs[t - 1] = Wr.TransposeThisAndMultiply(dhs[t].PointwiseMultiply(1 - hs[t - 1].PointwiseMultiply(hs[t - 1])));
            }

            return dhs;
        });
        Assert.False(verdict.Passed);
    }

    [Fact]
    public void Dropping_the_identity_term_fails_the_residual_check()
    {
        var verdict = Check.P3.dJ_dhPrev_residual(Boxes.P3.dJ_dhPrev_tanh);
        Assert.False(verdict.Passed);
        Assert.Contains(CheckItems.P3.dJ_dhPrev_residual.Hint, verdict.ToString());
    }

    [Fact]
    public void A_stub_stops_the_check_with_its_hint()
    {
        var error = Assert.Throws<NotImplementedException>(() =>
            Check.P1.dJ_ds((y, p) => throw new NotImplementedException("dJ_ds: remember J is a log-likelihood.")));
        Assert.Contains("log-likelihood", error.Message);
    }

    [Fact]
    public void An_answer_that_throws_or_returns_null_fails_its_cases_without_crashing()
    {
        var throwing = Check.P1.dJ_dh((Wu, ds) => Wu * ds);
        Assert.False(throwing.Passed);
        Assert.Contains("threw ArgumentException", throwing.ToString());
        var nothing = Check.P1.dJ_ds((y, p) => null!);
        Assert.Contains("returned null", nothing.ToString());
    }

    [Fact]
    public void An_answer_that_writes_into_its_inputs_cannot_spoil_later_cases()
    {
        int calls = 0;
        var verdict = Check.P1.dJ_ds((y, p) =>
        {
            var answer = y - p;
            y.Clear();
            p.Clear();
            calls++;
            return answer;
        });
        Assert.Equal(3, calls);
        Assert.True(verdict.Passed, verdict.ToString());
    }

    [Fact]
    public void Expected_values_come_from_central_differences_and_agree_with_the_reference()
    {
        var @case = CheckItems.Find("p2.dJ_dWr").Build(new CheckCaseSpec(5));
        var reference = Boxes.P2.dJ_dWr((IReadOnlyList<Vector<double>>)@case.Inputs[0], (IReadOnlyList<Vector<double>>)@case.Inputs[1]);
        double error = PassRule.MaxError(reference.ToColumnMajorArray(), @case.Expected.Values).Error;
        Assert.InRange(error, 1e-16, 1e-8); // close, but not bit-identical: it was not computed by the box
    }

    [Fact]
    public void Unknown_item_ids_list_the_real_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => CheckItems.Find("p2.dJ_dWx"));
        Assert.Contains("p2.dJ_dWr", error.Message);
    }
}
