using Backprop.Kernel;

namespace Backprop.Grading.Tests;

public class MistakeTests
{
    public static TheoryData<string, string, string, string> Mistakes => new()
    {
        { "p1.dJ_ds", "    return y - p;", "    return p - y;", MistakeNames.SignFlip },
        { "p1.dJ_dWu", "    return dJ_ds.OuterProduct(h);", "    return h.OuterProduct(dJ_ds);", MistakeNames.Transposed },
        { "p2.dJ_dWr", "        sumWr += dJ_dhs[t].PointwiseMultiply(1.0 - hs[t].PointwiseMultiply(hs[t])).OuterProduct(hs[t - 1]);",
            "        sumWr += dJ_dhs[t].OuterProduct(hs[t - 1]);", MistakeNames.MissingTanhFactor },
        { "p3.dJ_dWr_residual", "        sumRes += dJ_dhs[t].PointwiseMultiply(1.0 - a.PointwiseMultiply(a)).OuterProduct(hs[t - 1]);",
            "        sumRes += dJ_dhs[t].PointwiseMultiply(1.0 - a.PointwiseMultiply(a)).OuterProduct(hs[t]);", MistakeNames.CurrentInsteadOfPrevious },
        { "p3.dJ_dhPrev_residual", "    return viaTanh + dJ_dh_t;", "    return viaTanh;", MistakeNames.MissingIdentity },
        { "p2.dJ_dWe", "    for (int step = 1; step < hs.Count; step++)", "    for (int step = hs.Count - 1; step < hs.Count; step++)", MistakeNames.OnlyLastStep },
        { "p2.dJ_dhs", "        var back = result[t].PointwiseMultiply(1.0 - hs[t].PointwiseMultiply(hs[t]));",
            "        var back = result[t].PointwiseMultiply(1.0 - hs[t - 1].PointwiseMultiply(hs[t - 1]));", MistakeNames.OffByOne },
        { "p3.dJ_dhPrev_leaky", "    return (1 - alpha) * dJ_dh_t + alpha * Wr", "    return alpha * dJ_dh_t + (1 - alpha) * Wr", MistakeNames.LeakWeightsSwapped },
        { "p3.dJ_dhPrev_leaky", "    return (1 - alpha) * dJ_dh_t + alpha * Wr", "    return (1 - alpha) * dJ_dh_t + Wr", MistakeNames.LeakOnlyOnIdentity },
        { "p3.dJ_dhPrev_leaky", "    return (1 - alpha) * dJ_dh_t + alpha * Wr", "    return alpha * Wr", MistakeNames.MissingIdentity },
        { "p4.clip_gradient", "    return norm <= maxNorm ? gradient : gradient * (maxNorm / norm);", "    return gradient * (maxNorm / norm);", MistakeNames.AlwaysRescaled },
        { "p4.clip_gradient", "    return norm <= maxNorm ? gradient : gradient * (maxNorm / norm);", "    return gradient.Map(v => Math.Clamp(v, -maxNorm, maxNorm));", MistakeNames.ClippedEntrywise },
        { "p2.dJ_dhs", "for (int t = T; t >= 1; t--)", "for (int t = T; t >= 2; t--)", MistakeNames.OffByOne },
    };

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
