using Mat = MathNet.Numerics.LinearAlgebra.Matrix<double>;
using Vec = MathNet.Numerics.LinearAlgebra.Vector<double>;
using Vecs = System.Collections.Generic.IReadOnlyList<MathNet.Numerics.LinearAlgebra.Vector<double>>;

namespace Backprop.Kernel.Checking;

/// <summary>
/// The table of graded items: one row per boxed derivative a student implements. Everything else derives from it:
/// <c>Check.P1</c> … <c>Check.P4</c>, <c>backprop check</c>, the grader (which binds an answer to the row's delegate type),
/// the release tool, the points validation of <c>notebooks/grading.json</c> and the signature table of the course repository's docs/answer-cells.md.
/// Adding an item is a row here (and in <see cref="All"/>), its box in <see cref="Boxes"/> and its one-line self-check
/// in <see cref="Check"/>, whose parameter type the compiler holds to the row's; its known mistakes and later hints go
/// in the instructor's key (Backprop.Kernel.Instructor), which no release contains. A hint says where to look, never
/// what to write.
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
        TryFind(id)
        ?? throw new ArgumentException($"No graded item \"{id}\". The items are: {string.Join(", ", All.Select(i => i.Id))}.", nameof(id));

    /// <summary>The item with id <paramref name="id"/>, or null when there is none (a points file may name other ids).</summary>
    /// <param name="id">An item id, e.g. "p2.dJ_dWr".</param>
    public static CheckItem? TryFind(string id) => All.FirstOrDefault(i => i.Id == id);

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
            "Which way does training move J? Check your derivative at one score s_k.");

        /// <summary>∂J/∂h.</summary>
        public static CheckItem<Func<Mat, Vec, Vec>> dJ_dh { get; } = Row<Mat, Vec, Vec>(
            "p1.dJ_dh", "∂J/∂h", Boxes.P1.dJ_dh, WordCase((c, _) => ([c.Model.Wu, c.Ds()], c.Dh())),
            "s depends on h only through Wu: look at how one score s_k depends on one hidden unit h_j.");

        /// <summary>∂J/∂Wu.</summary>
        public static CheckItem<Func<Vec, Vec, Mat>> dJ_dWu { get; } = Row<Vec, Vec, Mat>(
            "p1.dJ_dWu", "∂J/∂Wu", Boxes.P1.dJ_dWu, WordCase((c, _) => ([c.Ds(), c.Trace.H], c.Numeric(c.Model.Wu))),
            "Write s_k = Σ_j W^u_kj h_j and differentiate one entry.");

        /// <summary>∂J/∂We.</summary>
        public static CheckItem<Func<Vec, Vec, Mat>> dJ_dWe { get; } = Row<Vec, Vec, Mat>(
            "p1.dJ_dWe", "∂J/∂We", Boxes.P1.dJ_dWe, WordCase((c, _) => ([c.Dh(), c.Trace.X], c.Numeric(c.Model.We))),
            "Write h_j = Σ_k W^e_jk x_k and differentiate one entry.");
    }

    /// <summary>Problem 2, backpropagation through time for h_t = tanh(We x_t + Wr h_{t−1}).</summary>
    public static class P2
    {
        /// <summary>∂J/∂g_t from h_t and ∂J/∂h_t, the step through tanh.</summary>
        public static CheckItem<Func<Vec, Vec, Vec>> dJ_dg { get; } = Row<Vec, Vec, Vec>(
            "p2.dJ_dg", "∂J/∂g_t", Boxes.P2.dJ_dg, RnnCase(Recurrence.Tanh, (c, t) => ([c.Trace.Hs[t], c.Dh(t)], c.Dg(t)), usesStep: true),
            "Write h_t = tanh(g_t) entry by entry: which entries of g_t does each entry of h_t use?");

        /// <summary>∂J/∂h_{t−1} from ∂J/∂h_t.</summary>
        public static CheckItem<Func<Mat, Vec, Vec, Vec>> dJ_dhPrev { get; } = Row<Mat, Vec, Vec, Vec>(
            "p2.dJ_dhPrev", "∂J/∂h_{t−1}", Boxes.P2.dJ_dhPrev, RnnCase(Recurrence.Tanh, (c, t) => ([c.Wr, c.Trace.Hs[t], c.Dh(t)], c.Dh(t - 1))),
            "Follow h_{t−1} forward to h_t in the forward pass: which quantities does it pass through on the way?",
            uses: ["p2.dJ_dg"]);

        /// <summary>∂J/∂h_t for every t.</summary>
        public static CheckItem<Func<Mat, Vecs, Vec, Vec[]>> dJ_dhs { get; } = Row<Mat, Vecs, Vec, Vec[]>(
            "p2.dJ_dhs", "∂J/∂h_T … ∂J/∂h_0", Boxes.P2.dJ_dhs, RnnCase(Recurrence.Tanh, (c, _) => ([c.Wr, c.Trace.Hs, c.Dh(c.Trace.T)], c.AllDh())),
            "Return T+1 vectors indexed by t = 0..T; index T holds the ∂J/∂h_T you are given.",
            uses: ["p2.dJ_dhPrev"]);

        /// <summary>∂J/∂Wr.</summary>
        public static CheckItem<Func<Vecs, Vecs, Mat>> dJ_dWr { get; } = Row<Vecs, Vecs, Mat>(
            "p2.dJ_dWr", "∂J/∂Wr", Boxes.P2.dJ_dWr, RnnCase(Recurrence.Tanh, (c, _) => ([c.Trace.Hs, c.AllDh()], c.Numeric(c.Wr))),
            "Find every place Wr appears in the forward pass.",
            uses: ["p2.dJ_dg"]);

        /// <summary>∂J/∂We.</summary>
        public static CheckItem<Func<Vecs, Vecs, Vecs, Mat>> dJ_dWe { get; } = Row<Vecs, Vecs, Vecs, Mat>(
            "p2.dJ_dWe", "∂J/∂We", Boxes.P2.dJ_dWe, RnnCase(Recurrence.Tanh, (c, _) => ([c.Trace.Xs, c.Trace.Hs, c.AllDh()], c.Numeric(c.We))),
            "Find every place We appears in the forward pass, and which word each one reads.",
            uses: ["p2.dJ_dg"]);
    }

    /// <summary>Problem 3, the residual and leaky recurrences written with g_t (3.1's map is problem 2's, not graded again).</summary>
    public static class P3
    {
        /// <summary>3.2's one-step map.</summary>
        public static CheckItem<Func<Mat, Vec, Vec, Vec>> dJ_dhPrev_residual { get; } = Row<Mat, Vec, Vec, Vec>(
            "p3.dJ_dhPrev_residual", "∂J/∂h_{t−1} (residual)", Boxes.P3.dJ_dhPrev_residual,
            RnnCase(Recurrence.Residual, (c, t) => ([c.Wr, c.Trace.Gs[t], c.Dh(t)], c.Dh(t - 1))),
            "Follow h_{t−1} to h_t in the residual recurrence: in how many ways does it get there?");

        /// <summary>∂J/∂Wr of the residual recurrence.</summary>
        public static CheckItem<Func<Vecs, Vecs, Vecs, Mat>> dJ_dWr_residual { get; } = Row<Vecs, Vecs, Vecs, Mat>(
            "p3.dJ_dWr_residual", "∂J/∂Wr (residual)", Boxes.P3.dJ_dWr_residual,
            RnnCase(Recurrence.Residual, (c, _) => ([c.Trace.Gs, c.Trace.Hs, c.AllDh()], c.Numeric(c.Wr))),
            "Find every place Wr appears in the residual recurrence.");

        /// <summary>The leaky recurrence's one-step map.</summary>
        public static CheckItem<Func<Mat, Vec, Vec, double, Vec>> dJ_dhPrev_leaky { get; } = Row<Mat, Vec, Vec, double, Vec>(
            "p3.dJ_dhPrev_leaky", "∂J/∂h_{t−1} (leaky)", Boxes.P3.dJ_dhPrev_leaky, LeakyCase,
            "Follow h_{t−1} to h_t in the leaky recurrence: in how many ways does it get there, and what multiplies each?");
    }

    /// <summary>Notebook 04, training: what the optimiser does with a gradient before it steps.</summary>
    public static class P4
    {
        /// <summary>Gradient-norm clipping.</summary>
        public static CheckItem<Func<Vec, double, Vec>> clip_gradient { get; } = Row<Vec, double, Vec>(
            "p4.clip_gradient", "clip(∂J/∂θ, c)", Boxes.P4.clip_gradient, ClipCase,
            "Check your definition on a g with ‖g‖ ≤ c and on one with ‖g‖ > c.");
    }

    private static CheckItem<Func<T1, T2, TResult>> Row<T1, T2, TResult>(
        string id, string title, Func<T1, T2, TResult> box, Func<CheckCaseSpec, CaseData> cases, string hint, string[]? uses = null) =>
        new(id, title, box, (f, a) => f((T1)a[0], (T2)a[1]), cases, hint, PassRule.Tolerance, uses ?? []);

    private static CheckItem<Func<T1, T2, T3, TResult>> Row<T1, T2, T3, TResult>(
        string id, string title, Func<T1, T2, T3, TResult> box, Func<CheckCaseSpec, CaseData> cases, string hint, string[]? uses = null) =>
        new(id, title, box, (f, a) => f((T1)a[0], (T2)a[1], (T3)a[2]), cases, hint, PassRule.Tolerance, uses ?? []);

    private static CheckItem<Func<T1, T2, T3, T4, TResult>> Row<T1, T2, T3, T4, TResult>(
        string id, string title, Func<T1, T2, T3, T4, TResult> box, Func<CheckCaseSpec, CaseData> cases, string hint, string[]? uses = null) =>
        new(id, title, box, (f, a) => f((T1)a[0], (T2)a[1], (T3)a[2], (T4)a[3]), cases, hint, PassRule.Tolerance, uses ?? []);
}
