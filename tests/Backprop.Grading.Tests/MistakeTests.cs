using Backprop.Kernel;

namespace Backprop.Grading.Tests;

public class MistakeTests
{
    /// <summary>
    /// A line of the fixture, its wrong form and the mistake it names. None is in an item that others use (p2.dJ_dg,
    /// p2.dJ_dhPrev): a mistake there costs its users too, which UsedAnswerTests checks.
    /// </summary>
    public static TheoryData<string, string, string, string> Mistakes => new()
    {
        { "p1.dJ_ds", "    return error;", "    return p - y;", MistakeNames.SignFlip },
        { "p1.dJ_dWu", "    return dJ_ds.OuterProduct(h);", "    return h.OuterProduct(dJ_ds);", MistakeNames.Transposed },
        { "p2.dJ_dWr", "        dWr += dJ_dg(hs[t], dJ_dhs[t]).OuterProduct(hs[t - 1]);",
            "        dWr += dJ_dhs[t].OuterProduct(hs[t - 1]);", MistakeNames.MissingTanhFactor },
        { "p3.dJ_dWr_residual", "        dWr += dJ_dg_t.OuterProduct(hs[t - 1]);",
            "        dWr += dJ_dg_t.OuterProduct(hs[t]);", MistakeNames.CurrentInsteadOfPrevious },
        { "p3.dJ_dhPrev_residual", "    return throughTanh + dJ_dh_t;", "    return throughTanh;", MistakeNames.MissingIdentity },
        { "p2.dJ_dWe", "        dWe += dJ_dg(hs[t], dJ_dhs[t]).OuterProduct(xs[t]);", "        if (t == T) dWe += dJ_dg(hs[t], dJ_dhs[t]).OuterProduct(xs[t]);", MistakeNames.OnlyLastStep },
        { "p2.dJ_dhs", "        dJ_dh[t - 1] = dJ_dhPrev(Wr, hs[t], dJ_dh[t]);",
            "        dJ_dh[t - 1] = dJ_dhPrev(Wr, hs[t - 1], dJ_dh[t]);", MistakeNames.OffByOne },
        { "p3.dJ_dhPrev_leaky", "    return (1.0 - alpha) * dJ_dh_t + alpha * throughTanh;", "    return alpha * dJ_dh_t + (1.0 - alpha) * throughTanh;", MistakeNames.LeakWeightsSwapped },
        { "p3.dJ_dhPrev_leaky", "    return (1.0 - alpha) * dJ_dh_t + alpha * throughTanh;", "    return (1.0 - alpha) * dJ_dh_t + throughTanh;", MistakeNames.LeakOnlyOnIdentity },
        { "p3.dJ_dhPrev_leaky", "    return (1.0 - alpha) * dJ_dh_t + alpha * throughTanh;", "    return alpha * throughTanh;", MistakeNames.MissingIdentity },
        { "p4.clip_gradient", "    return norm <= maxNorm ? gradient.Clone() : gradient * (maxNorm / norm);", "    return gradient * (maxNorm / norm);", MistakeNames.AlwaysRescaled },
        { "p4.clip_gradient", "    return norm <= maxNorm ? gradient.Clone() : gradient * (maxNorm / norm);", "    return gradient.Map(v => Math.Clamp(v, -maxNorm, maxNorm));", MistakeNames.ClippedEntrywise },
        { "p2.dJ_dhs", "for (int t = T; t >= 1; t--)", "for (int t = T; t >= 2; t--)", MistakeNames.OffByOne },
    };

    [Fact]
    public void A_plain_y_minus_p_earns_the_items_points_like_the_reference()
    {
        // The reference writes the target's entry as Σ_{c≠y} p_c, which is 1 − p_y; the plain form is the same maths.
        var result = Submissions.Grade(Submissions.Replace(Submissions.SolutionText, "    return error;", "    return y - p;"));
        var item = result.Item("p1.dJ_ds");
        Assert.True(item.Passed, item.Output);
        Assert.Equal(item.MaxScore, item.Score);
        Assert.Equal(result.MaxScore, result.Score);
    }

    [Theory]
    [MemberData(nameof(Mistakes))]
    public void Each_common_mistake_costs_exactly_its_items_points_and_is_named(string item, string line, string wrong, string mistake)
    {
        var result = Submissions.Grade(Submissions.Replace(Submissions.SolutionText, line, wrong));
        var wrongItem = result.Item(item);
        Assert.Equal(0, wrongItem.Score);
        Assert.Equal(mistake, wrongItem.Mistake);
        Assert.Contains("Likely mistake: " + mistake, wrongItem.Output);
        Assert.All(result.Items.Where(i => !i.Manual && i.Id != item), i => Assert.True(i.Passed, $"{i.Id}: {i.Output}"));
        Assert.Equal(result.MaxScore - wrongItem.MaxScore, result.Score);
    }
}
