using Backprop.Kernel.Checking;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Random;
using Mat = MathNet.Numerics.LinearAlgebra.Matrix<double>;
using Vec = MathNet.Numerics.LinearAlgebra.Vector<double>;
using Vecs = System.Collections.Generic.IReadOnlyList<MathNet.Numerics.LinearAlgebra.Vector<double>>;

namespace Backprop.Kernel;

/// <summary>
/// The instructor's key to the table of graded items: for each row, its later hints and its known mistakes, each
/// mistake written with the row's own signature. A wrong answer is one small edit from the right one, so this project
/// never ships to students.
/// </summary>
public static class ItemKeys
{
    /// <summary>What the grader says when a BPTT loop leaves ∂J/∂h_0 unset.</summary>
    public const string StopsEarly = "the loop stops one step early, so ∂J/∂h_0 (index 0) is never filled in.";

    /// <summary>The key of every row, in the order of <see cref="CheckItems.All"/>.</summary>
    public static IReadOnlyList<ItemKey> All { get; } =
    [
        Key(CheckItems.P1.dJ_ds,
            ["Differentiate log softmax(s)_y by one score s_c, once for c = y and once for c ≠ y."],
            [(MistakeNames.SignFlip, "the sign is flipped: that is the gradient of the loss −J, not of J = log p_y.", (y, p) => p - y)]),
        Key(CheckItems.P1.dJ_dh,
            ["s depends on h through Wu, which maps M hidden units to N scores; the gradient travels the other way.", "The result has length M, like h."],
            []),
        Key(CheckItems.P1.dJ_dWu,
            ["Entry (k, j) is ∂J/∂s_k times the one thing Wu_kj multiplies in s_k."],
            [(MistakeNames.Transposed, "the two factors are the wrong way round: the result must have Wu's shape N×M, a row per score.", (ds, h) => h.OuterProduct(ds))]),
        Key(CheckItems.P1.dJ_dWe,
            ["Only the column of the input word can be non-zero; every other column of We was never read."],
            [(MistakeNames.Transposed, "the two factors are the wrong way round: the result must have We's shape M×N, a column per word.", (dh, x) => x.OuterProduct(dh))]),
        Key(CheckItems.P2.dJ_dg,
            ["The gradient passes through one entry at a time.", "Write tanh′ with the output h_t, which the trace already holds. The result has g_t's length, M."],
            [
                (MistakeNames.MissingTanhFactor, "∂J/∂h_t comes back unchanged: the gradient must pass through tanh′ at step t.", (h, dh) => dh),
                (MistakeNames.TanhFactorLinear, "the tanh factor is linear in h_t, but tanh′ written with tanh's output is not.", (h, dh) => dh.PointwiseMultiply(1.0 - h)),
                (MistakeNames.TanhOfState, "tanh′ is taken at h_t as if h_t were the pre-activation; h_t is already tanh's output, so write tanh′ with h_t itself.",
                    (h, dh) => TanhStep(h.PointwiseTanh(), dh)),
            ]),
        Key(CheckItems.P2.dJ_dhPrev,
            ["h_t = tanh(g_t) and g_t = We x_t + Wr h_{t−1}: the step back goes through tanh first (your dJ_dg), then through Wr.",
             "Wr maps h_{t−1} forward to g_t; going back, the gradient at g_t is mapped the other way."],
            [
                (MistakeNames.MissingTanhFactor, "the step back skips tanh: the gradient must pass through tanh′ at step t before it reaches Wr.", (Wr, h, dh) => Wr.TransposeThisAndMultiply(dh)),
                (MistakeNames.Transposed, "Wr is applied the forward way round: going back through g_t maps the gradient the other way.", (Wr, h, dh) => Wr * TanhStep(h, dh)),
            ]),
        Key(CheckItems.P2.dJ_dhs,
            ["Each step back fills the index below.", "Each step back is your dJ_dhPrev, called for t = T down to 1."],
            [
                (MistakeNames.OffByOne, "the tanh factor of step t uses the wrong state: it belongs to h_t, the state step t produced.",
                    (Wr, hs, dhT) => Chain(Wr, hs, dhT, t => hs[t - 1], stopEarly: false)),
                (MistakeNames.OffByOne, StopsEarly, (Wr, hs, dhT) => Chain(Wr, hs, dhT, t => hs[t], stopEarly: true)),
                (MistakeNames.MissingTanhFactor, "each step back skips tanh′ at step t.",
                    (Wr, hs, dhT) => Chain(Wr, hs, dhT, t => Vector<double>.Build.Dense(hs[t].Count), stopEarly: false)),
            ]),
        Key(CheckItems.P2.dJ_dWr,
            ["Wr is used at every step t = 1..T: add up what each step contributes.",
             "At step t, Wr multiplies h_{t−1}, the state that entered the step, and the result goes through tanh."],
            WeightSumMistakes("Wr").Select(m => (m.Name, m.Explanation, (Func<Vecs, Vecs, Mat>)((hs, dhs) => m.Wrong(hs, dhs, hs)))).ToArray()),
        Key(CheckItems.P2.dJ_dWe,
            ["We is used at every step, on the word x_t read at that step.", "A word read twice adds into its column twice."],
            [
                (MistakeNames.MissingTanhFactor, "each term skips tanh′ at step t.", (xs, hs, dhs) => Sum(hs.Count - 1, t => dhs[t].OuterProduct(xs[t]))),
                (MistakeNames.OnlyLastStep, "only step T is counted, but We is used at every step.",
                    (xs, hs, dhs) => TanhStep(hs[^1], dhs[hs.Count - 1]).OuterProduct(xs[hs.Count - 1])),
            ]),
        Key(CheckItems.P3.dJ_dhPrev_residual,
            ["h_{t−1} reaches h_t by two paths, through tanh and through the skip connection: each contributes.", "The skip path has no weight and no tanh on it."],
            [
                (MistakeNames.MissingIdentity, "the skip connection's path is missing: h_{t−1} also reaches h_t directly, and that path adds its own term.",
                    (Wr, g, dh) => Wr.TransposeThisAndMultiply(TanhStep(g.PointwiseTanh(), dh))),
                (MistakeNames.MissingTanhFactor, "the tanh path skips tanh′(g_t) before it reaches Wr.", (Wr, g, dh) => Wr.TransposeThisAndMultiply(dh) + dh),
            ]),
        Key(CheckItems.P3.dJ_dWr_residual,
            ["Wr appears only in the tanh branch; the skip term does not depend on Wr.", "Take tanh′ at g_t, and the state that entered step t."],
            WeightSumMistakes("Wr").Select(m => (m.Name, m.Explanation,
                (Func<Vecs, Vecs, Vecs, Mat>)((gs, hs, dhs) => m.Wrong(gs.Select(g => g.PointwiseTanh()).ToArray(), dhs, hs)))).ToArray()),
        Key(CheckItems.P3.dJ_dhPrev_leaky,
            ["h_{t−1} reaches h_t by two paths, each with its own weight (1 − α or α): each contributes, with its weight.",
             "The direct path has no Wr and no tanh on it; the other goes through tanh′(g_t) and then Wr."],
            [
                (MistakeNames.LeakWeightsSwapped, "the two paths carry each other's weight: look again at which term of h_t is multiplied by α.",
                    (Wr, g, dh, alpha) => alpha * dh + (1 - alpha) * Wr.TransposeThisAndMultiply(TanhStep(g.PointwiseTanh(), dh))),
                (MistakeNames.LeakOnlyOnIdentity, "the tanh path lost its weight: it enters h_t scaled, so its Jacobian is scaled too.",
                    (Wr, g, dh, alpha) => (1 - alpha) * dh + Wr.TransposeThisAndMultiply(TanhStep(g.PointwiseTanh(), dh))),
                (MistakeNames.MissingIdentity, "the direct path is missing: h_{t−1} also reaches h_t without going through tanh.",
                    (Wr, g, dh, alpha) => alpha * Wr.TransposeThisAndMultiply(TanhStep(g.PointwiseTanh(), dh))),
            ]),
        Key(CheckItems.P4.clip_gradient,
            ["Clipping bounds the length of the step; what should happen to a gradient that is already short enough?", "Keep the direction: one factor for the whole vector."],
            [
                (MistakeNames.AlwaysRescaled, "a gradient that is already shorter than c is changed too; only a longer one should be.", (g, c) => g * (c / g.L2Norm())),
                (MistakeNames.ClippedEntrywise, "each entry is clamped on its own, which changes the gradient's direction.", (g, c) => g.Map(v => Math.Clamp(v, -c, c))),
            ],
            ClipCase),
    ];

    /// <summary>The key of <paramref name="item"/>.</summary>
    /// <param name="item">A row of <see cref="CheckItems.All"/>.</param>
    public static ItemKey For(CheckItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return All.FirstOrDefault(k => k.Item.Id == item.Id) ?? throw new ArgumentException($"No key for \"{item.Id}\"; add one to ItemKeys.All.", nameof(item));
    }

    /// <summary>The key of the item with id <paramref name="id"/>.</summary>
    /// <param name="id">An item id, e.g. "p2.dJ_dWr".</param>
    public static ItemKey For(string id) => For(CheckItems.Find(id));

    private static ItemKey<TAnswer> Key<TAnswer>(CheckItem<TAnswer> item, string[] laterHints, (string, string, TAnswer)[] mistakes, Func<CheckCaseSpec, CheckCase>? build = null)
        where TAnswer : Delegate => new(item, laterHints, mistakes, build);

    /// <summary>
    /// A seeded gradient of 5..40 entries and a threshold c: below ‖g‖ on every even seed (the gradient must shrink to
    /// norm c), above it on odd seeds (it must come back unchanged); the public specs keep the row's own cases.
    /// </summary>
    private static CheckCase ClipCase(CheckCaseSpec spec)
    {
        if (CheckCaseSpec.Public.Any(p => p.Seed == spec.Seed && p.CourseInstance == spec.CourseInstance))
        {
            return CheckItems.P4.clip_gradient.Build(spec);
        }

        var random = new MersenneTwister(spec.Seed + 29, threadSafe: false);
        int P = random.Next(5, 41);
        var gradient = Vector<double>.Build.Dense(P, _ => 3.0 * (2.0 * random.NextDouble() - 1.0));
        double norm = gradient.L2Norm();
        bool clips = spec.Seed % 2 == 0;
        double c = clips ? norm * (0.1 + 0.5 * random.NextDouble()) : norm * (1.2 + random.NextDouble());
        var expected = Vector<double>.Build.Dense(P, i => clips ? gradient[i] * c / norm : gradient[i]);
        return new CheckCase(CheckItems.P4.clip_gradient.Id, spec, $"P={P}, c={c:0.###}", [gradient, c], CheckValue.From(expected));
    }

    /// <summary>The gradient passed back through tanh, given tanh's output <paramref name="a"/>.</summary>
    private static Vec TanhStep(Vec a, Vec d) => d.PointwiseMultiply(1.0 - a.PointwiseMultiply(a));

    private static Mat Sum(int T, Func<int, Mat> term)
    {
        var total = term(1);
        for (int t = 2; t <= T; t++)
        {
            total += term(t);
        }

        return total;
    }

    /// <summary>The four usual wrong forms of a weight gradient summed over t, from tanh outputs a_t, ∂J/∂h_t and the states h_t.</summary>
    private static (string Name, string Explanation, Func<Vecs, Vecs, Vecs, Mat> Wrong)[] WeightSumMistakes(string weight)
    {
        static Vec Term(Vecs a, Vecs d, int t) => TanhStep(a[t], d[t]);
        return
        [
            (MistakeNames.MissingTanhFactor, "each term skips tanh′, the factor that step t's tanh contributes.",
                (a, d, hs) => Sum(hs.Count - 1, t => d[t].OuterProduct(hs[t - 1]))),
            (MistakeNames.CurrentInsteadOfPrevious, $"each term pairs step t with h_t, but {weight} multiplied h_{{t−1}}, the state that entered step t.",
                (a, d, hs) => Sum(hs.Count - 1, t => Term(a, d, t).OuterProduct(hs[t]))),
            (MistakeNames.OnlyLastStep, $"only step T is counted, but {weight} is used at every step.",
                (a, d, hs) => Term(a, d, hs.Count - 1).OuterProduct(hs[^2])),
            (MistakeNames.Transposed, $"the outer product is the wrong way round: ∂J/∂{weight} has a row per entry of g_t and a column per entry of h_{{t−1}}.",
                (a, d, hs) => Sum(hs.Count - 1, t => hs[t - 1].OuterProduct(Term(a, d, t)))),
        ];
    }

    /// <summary>The BPTT chain with the tanh factor taken from <paramref name="activation"/>(t); optionally stopping before t = 1.</summary>
    private static Vec[] Chain(Mat Wr, Vecs hs, Vec dJ_dhT, Func<int, Vec> activation, bool stopEarly)
    {
        int T = hs.Count - 1;
        var dJ_dh = new Vec[T + 1];
        dJ_dh[T] = dJ_dhT;
        for (int t = T; t >= 1; t--)
        {
            dJ_dh[t - 1] = stopEarly && t == 1 ? Vector<double>.Build.Dense(dJ_dhT.Count) : Wr.TransposeThisAndMultiply(TanhStep(activation(t), dJ_dh[t]));
        }

        return dJ_dh;
    }
}
