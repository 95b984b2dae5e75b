using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Grading.Diagnosis;

/// <summary>
/// The common mistakes the grader recognises, each computed as the wrong formula. They live only in the grader: the
/// student release never contains them, and their names and explanations say what is wrong without the right formula.
/// </summary>
public static class MistakeCatalog
{
    /// <summary>The names the feedback uses, one per kind of mistake.</summary>
    public static class Names
    {
        public const string SignFlip = "flipped sign";
        public const string Transposed = "transposed gradient";
        public const string MissingTanhFactor = "missing tanh factor";
        public const string CurrentInsteadOfPrevious = "h_t used where h_{t−1} belongs";
        public const string MissingIdentity = "missing direct path of the residual step";
        public const string OnlyLastStep = "only the last time step summed";
        public const string OffByOne = "off-by-one in the BPTT loop";
    }

    /// <summary>Every known mistake, grouped by item.</summary>
    public static IReadOnlyList<KnownMistake> All { get; } =
    [
        new("p1.dJ_ds", Names.SignFlip, "your answer is minus the gradient of J. J is a log-likelihood, which training increases; the loss −J has the opposite gradient.",
            a => V(a[1]) - V(a[0])),
        new("p1.dJ_dWu", Names.Transposed, "∂J/∂Wu has Wu's shape, N×M: entry (k, j) belongs to the weight Wu[k, j].",
            a => V(a[1]).OuterProduct(V(a[0]))),
        new("p1.dJ_dWe", Names.Transposed, "∂J/∂We has We's shape, M×N: entry (j, k) belongs to the weight We[j, k].",
            a => V(a[1]).OuterProduct(V(a[0]))),

        new("p2.dJ_dhPrev", Names.MissingTanhFactor, "h_t = tanh(g_t): the step back passes through the tanh, and its factor is missing.",
            a => M(a[0]).TransposeThisAndMultiply(V(a[2]))),
        new("p2.dJ_dhPrev", Names.Transposed, "the step from g_t back to h_{t−1} goes through Wr the other way round.",
            a => M(a[0]) * TanhStep(V(a[1]), V(a[2]))),
        new("p2.dJ_dhs", Names.OffByOne, "the tanh factor of each step back is taken at the wrong state, one step off.",
            a => Chain(M(a[0]), L(a[1]), V(a[2]), t => L(a[1])[t - 1], stopEarly: false)),
        new("p2.dJ_dhs", Names.OffByOne, "the loop must run down to t = 1 so that ∂J/∂h_0 (index 0) is filled in too.",
            a => Chain(M(a[0]), L(a[1]), V(a[2]), t => L(a[1])[t], stopEarly: true)),
        new("p2.dJ_dhs", Names.MissingTanhFactor, "each step back passes through the tanh, and its factor is missing.",
            a => Chain(M(a[0]), L(a[1]), V(a[2]), t => Vector<double>.Build.Dense(L(a[1])[t].Count), stopEarly: false)),

        .. WeightSumMistakes("p2.dJ_dWr", a => L(a[0]), a => L(a[1]), tanhOfG: false),
        new("p2.dJ_dWe", Names.MissingTanhFactor, "each term passes through the tanh, and its factor is missing.",
            a => Sum(L(a[1]).Count - 1, t => L(a[2])[t].OuterProduct(L(a[0])[t]))),
        new("p2.dJ_dWe", Names.OnlyLastStep, "We is used at every step, so ∂J/∂We has a term for every t = 1..T.",
            a => Only(L(a[1]).Count - 1, t => TanhStep(L(a[1])[t], L(a[2])[t]).OuterProduct(L(a[0])[t]))),

        new("p3.dJ_dhPrev_tanh", Names.MissingTanhFactor, "the step back passes through the tanh, and its factor, written from g_t, is missing.",
            a => M(a[0]).TransposeThisAndMultiply(V(a[2]))),
        new("p3.dJ_dhPrev_tanh", Names.Transposed, "the step from g_t back to h_{t−1} goes through Wr the other way round.",
            a => M(a[0]) * TanhStep(V(a[1]).PointwiseTanh(), V(a[2]))),
        new("p3.dJ_dhPrev_residual", Names.MissingIdentity, "h_t = tanh(g_t) + h_{t−1}: the direct path from h_{t−1} to h_t is missing.",
            a => M(a[0]).TransposeThisAndMultiply(TanhStep(V(a[1]).PointwiseTanh(), V(a[2])))),
        new("p3.dJ_dhPrev_residual", Names.MissingTanhFactor, "the tanh path passes through the tanh's factor, which is missing.",
            a => M(a[0]).TransposeThisAndMultiply(V(a[2])) + V(a[2])),
        .. WeightSumMistakes("p3.dJ_dWr_residual", a => L(a[0]).Select(g => g.PointwiseTanh()).ToArray(), a => L(a[2]), tanhOfG: true, hsIndex: 1),
    ];

    /// <summary>The known mistakes of one item.</summary>
    /// <param name="item">The item id.</param>
    public static IEnumerable<KnownMistake> For(string item) => All.Where(m => m.Item == item);

    /// <summary>Σ_t diag(1 − a_t²) ∂J/∂h_t h_{t−1}ᵀ and its four usual wrong forms, with a_t = h_t or tanh(g_t).</summary>
    private static IEnumerable<KnownMistake> WeightSumMistakes(string item, Func<object[], IReadOnlyList<Vector<double>>> activations,
        Func<object[], IReadOnlyList<Vector<double>>> gradients, bool tanhOfG, int hsIndex = 0)
    {
        int T(object[] a) => L(a[hsIndex]).Count - 1;
        Vector<double> Term(object[] a, int t) => TanhStep(activations(a)[t], gradients(a)[t]);
        yield return new(item, Names.MissingTanhFactor, tanhOfG ? "each term passes through the tanh, and its factor, written from g_t, is missing." : "each term passes through the tanh, and its factor is missing.",
            a => Sum(T(a), t => gradients(a)[t].OuterProduct(L(a[hsIndex])[t - 1])));
        yield return new(item, Names.CurrentInsteadOfPrevious, "each term pairs step t with the wrong state: which state entered step t?",
            a => Sum(T(a), t => Term(a, t).OuterProduct(L(a[hsIndex])[t])));
        yield return new(item, Names.OnlyLastStep, "Wr is used at every step, so ∂J/∂Wr has a term for every t = 1..T.",
            a => Only(T(a), t => Term(a, t).OuterProduct(L(a[hsIndex])[t - 1])));
        yield return new(item, Names.Transposed, "∂J/∂Wr has Wr's shape and entry (i, j) belongs to the weight Wr[i, j]: the two factors of each term are the wrong way round.",
            a => Sum(T(a), t => L(a[hsIndex])[t - 1].OuterProduct(Term(a, t))));
    }

    private static Vector<double> V(object o) => (Vector<double>)o;

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
