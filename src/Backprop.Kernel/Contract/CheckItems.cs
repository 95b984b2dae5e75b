using MathNet.Numerics.LinearAlgebra;
using Mat = MathNet.Numerics.LinearAlgebra.Matrix<double>;
using Vec = MathNet.Numerics.LinearAlgebra.Vector<double>;
using Vecs = System.Collections.Generic.IReadOnlyList<MathNet.Numerics.LinearAlgebra.Vector<double>>;

namespace Backprop.Kernel;

/// <summary>
/// The table of graded items: one row per boxed derivative a student implements. Everything else derives from it:
/// <c>Check.P1/P2/P3</c>, <c>backprop check</c>, the grader (which binds an answer to the row's delegate type), the
/// release tool, the points validation of <c>notebooks/grading.json</c> and the signature table of docs/answer-cells.md.
/// Adding an item is a row here (and in <see cref="All"/>), its box in <see cref="Boxes"/> and its one-line self-check
/// in <see cref="Check"/>, whose parameter type the compiler holds to the row's.
/// Hints say where to look and mistakes say what is wrong; neither ever states the formula.
/// </summary>
public static partial class CheckItems
{
    /// <summary>Every auto-graded item, in the order of the problem set.</summary>
    public static IReadOnlyList<CheckItem> All { get; } =
    [
        P1.dJ_ds, P1.dJ_dh, P1.dJ_dWu, P1.dJ_dWe,
        P2.dJ_dg, P2.dJ_dhPrev, P2.dJ_dhs, P2.dJ_dWr, P2.dJ_dWe,
        P3.dJ_dhPrev_residual, P3.dJ_dWr_residual, P3.dJ_dhPrev_leaky,
        P4.clip_gradient,
    ];

    /// <summary>The written (hand-graded) items besides the derivations, whose ids are <c>&lt;item id&gt;.derivation</c>.</summary>
    public static IReadOnlyList<string> WrittenItems { get; } = ["p3.why_residual", "p4.conclusions"];

    /// <summary>The item with id <paramref name="id"/>; the error lists the ids there are.</summary>
    /// <param name="id">An item id, e.g. "p2.dJ_dWr".</param>
    public static CheckItem Find(string id) =>
        All.FirstOrDefault(i => i.Id == id)
        ?? throw new ArgumentException($"No graded item \"{id}\". The items are: {string.Join(", ", All.Select(i => i.Id))}.", nameof(id));

    /// <summary>True for a hand-graded id: one of <see cref="WrittenItems"/>, or <c>&lt;item id&gt;.derivation</c> of a row.</summary>
    /// <param name="id">An id from <c>notebooks/grading.json</c>.</param>
    public static bool IsWrittenItem(string id) =>
        WrittenItems.Contains(id)
        || (id.EndsWith(".derivation", StringComparison.Ordinal) && All.Any(i => i.Id + ".derivation" == id));

    /// <summary>Problem 1, the word model h = We x, s = Wu h, p = softmax(s), J = log p_y.</summary>
    public static class P1
    {
        /// <summary>∂J/∂s.</summary>
        public static CheckItem<Func<Vec, Vec, Vec>> dJ_ds { get; } = Row<Vec, Vec, Vec>(
            "p1.dJ_ds", "∂J/∂s", Boxes.P1.dJ_ds, WordCase((c, _) => ([c.Trace.Y, c.Trace.P], c.Ds())),
            ["Mind the sign convention: J = log p_y is a log-likelihood, which training increases; it is not a loss.",
             "Differentiate log softmax(s)_y by one score s_c, once for c = y and once for c ≠ y."],
            () =>
            {
                // BEGIN SOLUTION
                // HINT: the known mistakes ship with the grader only.
                return [new(MistakeNames.SignFlip, "the sign is flipped: that is the gradient of the loss −J, not of J = log p_y.", a => V(a[1]) - V(a[0]))];
                // END SOLUTION
            });

        /// <summary>∂J/∂h.</summary>
        public static CheckItem<Func<Mat, Vec, Vec>> dJ_dh { get; } = Row<Mat, Vec, Vec>(
            "p1.dJ_dh", "∂J/∂h", Boxes.P1.dJ_dh, WordCase((c, _) => ([c.Model.Wu, c.Ds()], c.Dh())),
            ["s depends on h through Wu, which maps M hidden units to N scores; the gradient travels the other way.",
             "The result has length M, like h."],
            () => []);

        /// <summary>∂J/∂Wu.</summary>
        public static CheckItem<Func<Vec, Vec, Mat>> dJ_dWu { get; } = Row<Vec, Vec, Mat>(
            "p1.dJ_dWu", "∂J/∂Wu", Boxes.P1.dJ_dWu, WordCase((c, _) => ([c.Ds(), c.Trace.H], c.Numeric(c.Model.Wu))),
            ["Each weight Wu_kj joins one hidden unit h_j to one score s_k: what does it change, and by how much?",
             "The result has Wu's shape, N×M."],
            () =>
            {
                // BEGIN SOLUTION
                // HINT: the known mistakes ship with the grader only.
                return [new(MistakeNames.Transposed, "the two factors are the wrong way round: the result must have Wu's shape N×M, a row per score.", a => V(a[1]).OuterProduct(V(a[0])))];
                // END SOLUTION
            });

        /// <summary>∂J/∂We.</summary>
        public static CheckItem<Func<Vec, Vec, Mat>> dJ_dWe { get; } = Row<Vec, Vec, Mat>(
            "p1.dJ_dWe", "∂J/∂We", Boxes.P1.dJ_dWe, WordCase((c, _) => ([c.Dh(), c.Trace.X], c.Numeric(c.Model.We))),
            ["The forward pass reads a single column of We: which one, and what about the others?",
             "The result has We's shape, M×N."],
            () =>
            {
                // BEGIN SOLUTION
                // HINT: the known mistakes ship with the grader only.
                return [new(MistakeNames.Transposed, "the two factors are the wrong way round: the result must have We's shape M×N, a column per word.", a => V(a[1]).OuterProduct(V(a[0])))];
                // END SOLUTION
            });
    }

    /// <summary>Problem 2, backpropagation through time for h_t = tanh(We x_t + Wr h_{t−1}).</summary>
    public static class P2
    {
        /// <summary>∂J/∂g_t from h_t and ∂J/∂h_t: the step through tanh that the other boxes of problem 2 call.</summary>
        public static CheckItem<Func<Vec, Vec, Vec>> dJ_dg { get; } = Row<Vec, Vec, Vec>(
            "p2.dJ_dg", "∂J/∂g_t", Boxes.P2.dJ_dg, RnnCase(Recurrence.Tanh, (c, t) => ([c.Trace.Hs[t], c.Dh(t)], c.Dg(t)), usesStep: true),
            ["h_t = tanh(g_t) entry by entry: h_{t,j} depends on g_{t,j} alone, so the gradient passes through one entry at a time.",
             "Write tanh′ with the output h_t, which the trace already holds. The result has g_t's length, M."],
            () =>
            {
                // BEGIN SOLUTION
                // HINT: the known mistakes ship with the grader only.
                return
                [
                    new(MistakeNames.MissingTanhFactor, "∂J/∂h_t comes back unchanged: the gradient must pass through tanh′ at step t.",
                        a => V(a[1])),
                    new(MistakeNames.TanhFactorLinear, "the tanh factor is linear in h_t, but tanh′ written with tanh's output is not.",
                        a => V(a[1]).PointwiseMultiply(1.0 - V(a[0]))),
                    new(MistakeNames.TanhOfState, "tanh′ is taken at h_t as if h_t were the pre-activation; h_t is already tanh's output, so write tanh′ with h_t itself.",
                        a => TanhStep(V(a[0]).PointwiseTanh(), V(a[1]))),
                ];
                // END SOLUTION
            });

        /// <summary>∂J/∂h_{t−1} from ∂J/∂h_t.</summary>
        public static CheckItem<Func<Mat, Vec, Vec, Vec>> dJ_dhPrev { get; } = Row<Mat, Vec, Vec, Vec>(
            "p2.dJ_dhPrev", "∂J/∂h_{t−1}", Boxes.P2.dJ_dhPrev, RnnCase(Recurrence.Tanh, (c, t) => ([c.Wr, c.Trace.Hs[t], c.Dh(t)], c.Dh(t - 1))),
            ["h_t = tanh(g_t) and g_t = We x_t + Wr h_{t−1}: the step back goes through tanh first (your dJ_dg), then through Wr.",
             "Wr maps h_{t−1} forward to g_t; going back, the gradient at g_t is mapped the other way."],
            () =>
            {
                // BEGIN SOLUTION
                // HINT: the known mistakes ship with the grader only.
                return
                [
                    new(MistakeNames.MissingTanhFactor, "the step back skips tanh: the gradient must pass through tanh′ at step t before it reaches Wr.",
                        a => M(a[0]).TransposeThisAndMultiply(V(a[2]))),
                    new(MistakeNames.Transposed, "Wr is applied the forward way round: going back through g_t maps the gradient the other way.",
                        a => M(a[0]) * TanhStep(V(a[1]), V(a[2]))),
                ];
                // END SOLUTION
            },
            uses: ["p2.dJ_dg"]);

        /// <summary>∂J/∂h_t for every t.</summary>
        public static CheckItem<Func<Mat, Vecs, Vec, Vec[]>> dJ_dhs { get; } = Row<Mat, Vecs, Vec, Vec[]>(
            "p2.dJ_dhs", "∂J/∂h_T … ∂J/∂h_0", Boxes.P2.dJ_dhs, RnnCase(Recurrence.Tanh, (c, _) => ([c.Wr, c.Trace.Hs, c.Dh(c.Trace.T)], c.AllDh())),
            ["Return T+1 vectors indexed by t: index T holds the ∂J/∂h_T you are given, and each step back fills the index below.",
             "Each step back is your dJ_dhPrev, called for t = T down to 1."],
            () =>
            {
                // BEGIN SOLUTION
                // HINT: the known mistakes ship with the grader only.
                return
                [
                    new(MistakeNames.OffByOne, "the tanh factor of step t uses the wrong state: it belongs to h_t, the state step t produced.",
                        a => Chain(M(a[0]), L(a[1]), V(a[2]), t => L(a[1])[t - 1], stopEarly: false)),
                    new(MistakeNames.OffByOne, StopsEarly, a => Chain(M(a[0]), L(a[1]), V(a[2]), t => L(a[1])[t], stopEarly: true)),
                    new(MistakeNames.MissingTanhFactor, "each step back skips tanh′ at step t.",
                        a => Chain(M(a[0]), L(a[1]), V(a[2]), t => Vector<double>.Build.Dense(L(a[1])[t].Count), stopEarly: false)),
                ];
                // END SOLUTION
            },
            uses: ["p2.dJ_dhPrev"]);

        /// <summary>∂J/∂Wr.</summary>
        public static CheckItem<Func<Vecs, Vecs, Mat>> dJ_dWr { get; } = Row<Vecs, Vecs, Mat>(
            "p2.dJ_dWr", "∂J/∂Wr", Boxes.P2.dJ_dWr, RnnCase(Recurrence.Tanh, (c, _) => ([c.Trace.Hs, c.AllDh()], c.Numeric(c.Wr))),
            ["Wr is used at every step t = 1..T: add up what each step contributes.",
             "At step t, Wr multiplies h_{t−1}, the state that entered the step, and the result goes through tanh."],
            () =>
            {
                // BEGIN SOLUTION
                // HINT: the known mistakes ship with the grader only.
                return WeightSumMistakes(a => L(a[0]), a => L(a[1]), hsIndex: 0, "Wr");
                // END SOLUTION
            },
            uses: ["p2.dJ_dg"]);

        /// <summary>∂J/∂We.</summary>
        public static CheckItem<Func<Vecs, Vecs, Vecs, Mat>> dJ_dWe { get; } = Row<Vecs, Vecs, Vecs, Mat>(
            "p2.dJ_dWe", "∂J/∂We", Boxes.P2.dJ_dWe, RnnCase(Recurrence.Tanh, (c, _) => ([c.Trace.Xs, c.Trace.Hs, c.AllDh()], c.Numeric(c.We))),
            ["We is used at every step, on the word x_t read at that step.",
             "A word read twice adds into its column twice."],
            () =>
            {
                // BEGIN SOLUTION
                // HINT: the known mistakes ship with the grader only.
                return
                [
                    new(MistakeNames.MissingTanhFactor, "each term skips tanh′ at step t.",
                        a => Sum(L(a[1]).Count - 1, t => L(a[2])[t].OuterProduct(L(a[0])[t]))),
                    new(MistakeNames.OnlyLastStep, "only step T is counted, but We is used at every step.",
                        a => Only(L(a[1]).Count - 1, t => TanhStep(L(a[1])[t], L(a[2])[t]).OuterProduct(L(a[0])[t]))),
                ];
                // END SOLUTION
            },
            uses: ["p2.dJ_dg"]);
    }

    /// <summary>Problem 3, the residual and leaky recurrences written with g_t (3.1's map is problem 2's, not graded again).</summary>
    public static class P3
    {
        /// <summary>3.2's one-step map.</summary>
        public static CheckItem<Func<Mat, Vec, Vec, Vec>> dJ_dhPrev_residual { get; } = Row<Mat, Vec, Vec, Vec>(
            "p3.dJ_dhPrev_residual", "∂J/∂h_{t−1} (residual)", Boxes.P3.dJ_dhPrev_residual,
            RnnCase(Recurrence.Residual, (c, t) => ([c.Wr, c.Trace.Gs[t], c.Dh(t)], c.Dh(t - 1))),
            ["h_{t−1} reaches h_t by two paths, through tanh and through the skip connection: each contributes.",
             "The skip path has no weight and no tanh on it."],
            () =>
            {
                // BEGIN SOLUTION
                // HINT: the known mistakes ship with the grader only.
                return
                [
                    new(MistakeNames.MissingIdentity, "the skip connection's path is missing: h_{t−1} also reaches h_t directly, and that path adds its own term.",
                        a => M(a[0]).TransposeThisAndMultiply(TanhStep(V(a[1]).PointwiseTanh(), V(a[2])))),
                    new(MistakeNames.MissingTanhFactor, "the tanh path skips tanh′(g_t) before it reaches Wr.",
                        a => M(a[0]).TransposeThisAndMultiply(V(a[2])) + V(a[2])),
                ];
                // END SOLUTION
            });

        /// <summary>∂J/∂Wr of the residual recurrence.</summary>
        public static CheckItem<Func<Vecs, Vecs, Vecs, Mat>> dJ_dWr_residual { get; } = Row<Vecs, Vecs, Vecs, Mat>(
            "p3.dJ_dWr_residual", "∂J/∂Wr (residual)", Boxes.P3.dJ_dWr_residual,
            RnnCase(Recurrence.Residual, (c, _) => ([c.Trace.Gs, c.Trace.Hs, c.AllDh()], c.Numeric(c.Wr))),
            ["Wr appears only in the tanh branch; the skip term does not depend on Wr.",
             "Take tanh′ at g_t, and the state that entered step t."],
            () =>
            {
                // BEGIN SOLUTION
                // HINT: the known mistakes ship with the grader only.
                return WeightSumMistakes(a => L(a[0]).Select(g => g.PointwiseTanh()).ToArray(), a => L(a[2]), hsIndex: 1, "Wr");
                // END SOLUTION
            });

        /// <summary>The leaky recurrence's one-step map.</summary>
        public static CheckItem<Func<Mat, Vec, Vec, double, Vec>> dJ_dhPrev_leaky { get; } = Row<Mat, Vec, Vec, double, Vec>(
            "p3.dJ_dhPrev_leaky", "∂J/∂h_{t−1} (leaky)", Boxes.P3.dJ_dhPrev_leaky, LeakyCase,
            ["h_{t−1} reaches h_t by two paths, each with its own weight (1 − α or α): each contributes, with its weight.",
             "The direct path has no Wr and no tanh on it; the other goes through tanh′(g_t) and then Wr."],
            () =>
            {
                // BEGIN SOLUTION
                // HINT: the known mistakes ship with the grader only.
                return
                [
                    new(MistakeNames.LeakWeightsSwapped, "the two paths carry each other's weight: look again at which term of h_t is multiplied by α.",
                        a => D(a[3]) * V(a[2]) + (1 - D(a[3])) * M(a[0]).TransposeThisAndMultiply(TanhStep(V(a[1]).PointwiseTanh(), V(a[2])))),
                    new(MistakeNames.LeakOnlyOnIdentity, "the tanh path lost its weight: it enters h_t scaled, so its Jacobian is scaled too.",
                        a => (1 - D(a[3])) * V(a[2]) + M(a[0]).TransposeThisAndMultiply(TanhStep(V(a[1]).PointwiseTanh(), V(a[2])))),
                    new(MistakeNames.MissingIdentity, "the direct path is missing: h_{t−1} also reaches h_t without going through tanh.",
                        a => D(a[3]) * M(a[0]).TransposeThisAndMultiply(TanhStep(V(a[1]).PointwiseTanh(), V(a[2])))),
                ];
                // END SOLUTION
            });
    }

    /// <summary>Notebook 04, training: what the optimiser does with a gradient before it steps.</summary>
    public static class P4
    {
        /// <summary>Gradient-norm clipping.</summary>
        public static CheckItem<Func<Vec, double, Vec>> clip_gradient { get; } = Row<Vec, double, Vec>(
            "p4.clip_gradient", "clip(∂J/∂θ, c)", Boxes.P4.clip_gradient, ClipCase,
            ["Clipping bounds the length of the step; what should happen to a gradient that is already short enough?",
             "Keep the direction: one factor for the whole vector."],
            () =>
            {
                // BEGIN SOLUTION
                // HINT: the known mistakes ship with the grader only.
                return
                [
                    new(MistakeNames.AlwaysRescaled, "a gradient that is already shorter than c is changed too; only a longer one should be.",
                        a => V(a[0]) * (D(a[1]) / V(a[0]).L2Norm())),
                    new(MistakeNames.ClippedEntrywise, "each entry is clamped on its own, which changes the gradient's direction.",
                        a => V(a[0]).Map(v => Math.Clamp(v, -D(a[1]), D(a[1])))),
                ];
                // END SOLUTION
            });
    }

    /// <summary>What the grader says when a BPTT loop leaves ∂J/∂h_0 unset.</summary>
    internal const string StopsEarly = "the loop stops one step early, so ∂J/∂h_0 (index 0) is never filled in.";

    private static CheckItem<Func<T1, T2, TResult>> Row<T1, T2, TResult>(
        string id, string title, Func<T1, T2, TResult> reference, Func<CheckCaseSpec, CaseData> cases, string[] hints, Func<IReadOnlyList<KnownMistake>> mistakes,
        string[]? uses = null) =>
        new(id, title, reference, (f, a) => f((T1)a[0], (T2)a[1]), cases, hints, mistakes, PassRule.Tolerance, uses ?? []);

    private static CheckItem<Func<T1, T2, T3, TResult>> Row<T1, T2, T3, TResult>(
        string id, string title, Func<T1, T2, T3, TResult> reference, Func<CheckCaseSpec, CaseData> cases, string[] hints, Func<IReadOnlyList<KnownMistake>> mistakes,
        string[]? uses = null) =>
        new(id, title, reference, (f, a) => f((T1)a[0], (T2)a[1], (T3)a[2]), cases, hints, mistakes, PassRule.Tolerance, uses ?? []);

    private static CheckItem<Func<T1, T2, T3, T4, TResult>> Row<T1, T2, T3, T4, TResult>(
        string id, string title, Func<T1, T2, T3, T4, TResult> reference, Func<CheckCaseSpec, CaseData> cases, string[] hints, Func<IReadOnlyList<KnownMistake>> mistakes,
        string[]? uses = null) =>
        new(id, title, reference, (f, a) => f((T1)a[0], (T2)a[1], (T3)a[2], (T4)a[3]), cases, hints, mistakes, PassRule.Tolerance, uses ?? []);
}
