using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Grading.Diagnosis;

/// <summary>
/// The common mistakes the grader recognises, each written as the wrong formula. They live only in the grader:
/// the student release never contains them (nor the right formulas).
/// </summary>
public static class MistakeCatalog
{
    /// <summary>The names the feedback uses, one per kind of mistake.</summary>
    public static class Names
    {
        public const string SignFlip = "sign flip p − y";
        public const string Transposed = "transposed gradient";
        public const string MissingTanhFactor = "missing (1 − h²) factor";
        public const string CurrentInsteadOfPrevious = "h_t used where h_{t−1} belongs";
        public const string MissingIdentity = "missing identity term in the residual Jacobian";
        public const string OnlyLastStep = "only the last time step summed";
        public const string OffByOne = "off-by-one in the BPTT loop";
        public const string LeakWeightsSwapped = "α and 1 − α swapped in the leaky Jacobian";
        public const string LeakOnlyOnIdentity = "α missing on the tanh path of the leaky Jacobian";
        public const string AlwaysRescaled = "gradient rescaled to norm c even when it is shorter";
        public const string ClippedEntrywise = "entries clipped one by one instead of the norm";
    }

    /// <summary>Every known mistake, grouped by item.</summary>
    public static IReadOnlyList<KnownMistake> All { get; } =
    [
        new("p1.dJ_ds", Names.SignFlip, "J is a log-likelihood, so ∂J/∂s = y − p; p − y is the gradient of the loss −J.",
            a => V(a[1]) - V(a[0])),
        new("p1.dJ_dWu", Names.Transposed, "∂J/∂Wu has Wu's shape N×M: (∂J/∂s) hᵀ, not h (∂J/∂s)ᵀ.",
            a => V(a[1]).OuterProduct(V(a[0]))),
        new("p1.dJ_dWe", Names.Transposed, "∂J/∂We has We's shape M×N: (∂J/∂h) xᵀ, not x (∂J/∂h)ᵀ.",
            a => V(a[1]).OuterProduct(V(a[0]))),

        new("p2.dJ_dhPrev", Names.MissingTanhFactor, "h_t = tanh(g_t), so the step back goes through tanh′ = 1 − h_t ⊙ h_t before Wrᵀ.",
            a => M(a[0]).TransposeThisAndMultiply(V(a[2]))),
        new("p2.dJ_dhPrev", Names.Transposed, "g_t = Wr h_{t−1}, so the step back multiplies by Wrᵀ, not Wr.",
            a => M(a[0]) * TanhStep(V(a[1]), V(a[2]))),
        new("p2.dJ_dhs", Names.OffByOne, "∂J/∂h_{t−1} uses h_t (the state step t produced) in the tanh factor, for t = T down to 1.",
            a => Chain(M(a[0]), L(a[1]), V(a[2]), t => L(a[1])[t - 1], stopEarly: false)),
        new("p2.dJ_dhs", Names.OffByOne, "the loop must run down to t = 1 so that ∂J/∂h_0 (index 0) is filled in too.",
            a => Chain(M(a[0]), L(a[1]), V(a[2]), t => L(a[1])[t], stopEarly: true)),
        new("p2.dJ_dhs", Names.MissingTanhFactor, "each step back goes through tanh′ = 1 − h_t ⊙ h_t before Wrᵀ.",
            a => Chain(M(a[0]), L(a[1]), V(a[2]), t => Vector<double>.Build.Dense(L(a[1])[t].Count), stopEarly: false)),

        .. WeightSumMistakes("p2.dJ_dWr", a => L(a[0]), a => L(a[1]), tanhOfG: false),
        new("p2.dJ_dWe", Names.MissingTanhFactor, "each term goes through tanh′ = 1 − h_t ⊙ h_t.",
            a => Sum(L(a[1]).Count - 1, t => L(a[2])[t].OuterProduct(L(a[0])[t]))),
        new("p2.dJ_dWe", Names.OnlyLastStep, "We is used at every step, so ∂J/∂We sums over t = 1..T.",
            a => Only(L(a[1]).Count - 1, t => TanhStep(L(a[1])[t], L(a[2])[t]).OuterProduct(L(a[0])[t]))),

        new("p3.dJ_dhPrev_residual", Names.MissingIdentity, "h_t = tanh(g_t) + h_{t−1}: the skip connection adds ∂J/∂h_t itself (the + I).",
            a => M(a[0]).TransposeThisAndMultiply(TanhStep(V(a[1]).PointwiseTanh(), V(a[2])))),
        new("p3.dJ_dhPrev_residual", Names.MissingTanhFactor, "the tanh branch goes through 1 − tanh²(g_t) before Wrᵀ.",
            a => M(a[0]).TransposeThisAndMultiply(V(a[2])) + V(a[2])),
        .. WeightSumMistakes("p3.dJ_dWr_residual", a => L(a[0]).Select(g => g.PointwiseTanh()).ToArray(), a => L(a[2]), tanhOfG: true, hsIndex: 1),
        new("p3.dJ_dhPrev_leaky", Names.LeakWeightsSwapped, "h_t = (1 − α) h_{t−1} + α tanh(g_t): the direct path keeps weight 1 − α and the tanh path α.",
            a => D(a[3]) * V(a[2]) + (1 - D(a[3])) * M(a[0]).TransposeThisAndMultiply(TanhStep(V(a[1]).PointwiseTanh(), V(a[2])))),
        new("p3.dJ_dhPrev_leaky", Names.LeakOnlyOnIdentity, "the tanh path is α tanh(g_t), so its Jacobian carries the factor α too.",
            a => (1 - D(a[3])) * V(a[2]) + M(a[0]).TransposeThisAndMultiply(TanhStep(V(a[1]).PointwiseTanh(), V(a[2])))),
        new("p3.dJ_dhPrev_leaky", Names.MissingIdentity, "h_{t−1} also reaches h_t directly, with weight 1 − α: that path adds (1 − α) ∂J/∂h_t.",
            a => D(a[3]) * M(a[0]).TransposeThisAndMultiply(TanhStep(V(a[1]).PointwiseTanh(), V(a[2])))),
        new("p4.clip_gradient", Names.AlwaysRescaled, "clipping leaves a gradient of norm ≤ c unchanged; only a longer one is scaled down to norm c.",
            a => V(a[0]) * (D(a[1]) / V(a[0]).L2Norm())),
        new("p4.clip_gradient", Names.ClippedEntrywise, "clipping by norm scales the whole vector by one factor, so its direction is kept; clamping each entry changes the direction.",
            a => V(a[0]).Map(v => Math.Clamp(v, -D(a[1]), D(a[1])))),
    ];

    /// <summary>The known mistakes of one item.</summary>
    /// <param name="item">The item id.</param>
    public static IEnumerable<KnownMistake> For(string item) => All.Where(m => m.Item == item);

    /// <summary>Σ_t diag(1 − a_t²) ∂J/∂h_t h_{t−1}ᵀ and its four usual wrong forms, with a_t = h_t or tanh(g_t).</summary>
    private static IEnumerable<KnownMistake> WeightSumMistakes(string item, Func<object[], IReadOnlyList<Vector<double>>> activations,
        Func<object[], IReadOnlyList<Vector<double>>> gradients, bool tanhOfG, int hsIndex = 0)
    {
        string factor = tanhOfG ? "1 − tanh²(g_t)" : "1 − h_t ⊙ h_t";
        int T(object[] a) => L(a[hsIndex]).Count - 1;
        Vector<double> Term(object[] a, int t) => TanhStep(activations(a)[t], gradients(a)[t]);
        yield return new(item, Names.MissingTanhFactor, $"each term goes through tanh′ = {factor}.",
            a => Sum(T(a), t => gradients(a)[t].OuterProduct(L(a[hsIndex])[t - 1])));
        yield return new(item, Names.CurrentInsteadOfPrevious, "g_t = Wr h_{t−1} + …, so the outer product pairs step t with h_{t−1}, the state that entered it.",
            a => Sum(T(a), t => Term(a, t).OuterProduct(L(a[hsIndex])[t])));
        yield return new(item, Names.OnlyLastStep, "Wr is used at every step, so ∂J/∂Wr sums over t = 1..T.",
            a => Only(T(a), t => Term(a, t).OuterProduct(L(a[hsIndex])[t - 1])));
        yield return new(item, Names.Transposed, "∂J/∂Wr_ij = Σ_t (∂J/∂g_t)_i (h_{t−1})_j: the gradient goes first, h_{t−1}ᵀ second.",
            a => Sum(T(a), t => L(a[hsIndex])[t - 1].OuterProduct(Term(a, t))));
    }

    private static Vector<double> V(object o) => (Vector<double>)o;

    private static double D(object o) => (double)o;

    private static Matrix<double> M(object o) => (Matrix<double>)o;

    private static IReadOnlyList<Vector<double>> L(object o) => (IReadOnlyList<Vector<double>>)o;

    /// <summary>(1 − a ⊙ a) ⊙ d, the step through tanh given its output a.</summary>
    private static Vector<double> TanhStep(Vector<double> a, Vector<double> d) => d.PointwiseMultiply(1.0 - a.PointwiseMultiply(a));

    private static Matrix<double> Sum(int T, Func<int, Matrix<double>> term)
    {
        var total = term(1);
        for (int t = 2; t <= T; t++)
        {
            total += term(t);
        }

        return total;
    }

    private static Matrix<double> Only(int T, Func<int, Matrix<double>> term) => term(T);

    /// <summary>The BPTT chain with the tanh factor taken from <paramref name="activation"/>(t); optionally stopping before t = 1.</summary>
    private static Vector<double>[] Chain(Matrix<double> Wr, IReadOnlyList<Vector<double>> hs, Vector<double> dJ_dhT, Func<int, Vector<double>> activation, bool stopEarly)
    {
        int T = hs.Count - 1;
        var dJ_dh = new Vector<double>[T + 1];
        dJ_dh[T] = dJ_dhT;
        for (int t = T; t >= 1; t--)
        {
            dJ_dh[t - 1] = stopEarly && t == 1
                ? Vector<double>.Build.Dense(dJ_dhT.Count)
                : Wr.TransposeThisAndMultiply(TanhStep(activation(t), dJ_dh[t]));
        }

        return dJ_dh;
    }
}
