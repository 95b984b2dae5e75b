using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Kernel;

/// <summary>
/// Every graded item and how its cases are built. Inputs that stand for upstream derivatives (∂J/∂s, ∂J/∂h_t)
/// are themselves central differences, so each item is checked on its own: one wrong box never spoils another.
/// </summary>
public static class CheckItems
{
    /// <summary>All items, in the order of the problem set.</summary>
    public static IReadOnlyList<CheckItem> All { get; } =
    [
        new("p1.dJ_ds", "∂J/∂s",
            "Look at the sign first: J is a log-likelihood, which training increases. Then ask how J changes when one score s_k grows.",
            spec => WordCase("p1.dJ_ds", spec, (c, _) => ([c.Trace.Y, c.Trace.P], c.Ds()))),
        new("p1.dJ_dh", "∂J/∂h",
            "Check the shape: ∂J/∂h has h's length, M. Each h_j reaches every score s_k through Wu: which index of Wu do you sum over?",
            spec => WordCase("p1.dJ_dh", spec, (c, _) => ([c.Model.Wu, c.Ds()], c.Dh()))),
        new("p1.dJ_dWu", "∂J/∂Wu",
            "Check the shape: ∂J/∂Wu has Wu's shape, N×M. One weight Wu[k, j] appears in one score only: what does it multiply there?",
            spec => WordCase("p1.dJ_dWu", spec, (c, _) => ([c.Ds(), c.Trace.H], c.Numeric(c.Model.Wu)))),
        new("p1.dJ_dWe", "∂J/∂We",
            "Check the shape: ∂J/∂We has We's shape, M×N. Reason as for Wu, one layer down.",
            spec => WordCase("p1.dJ_dWe", spec, (c, _) => ([c.Dh(), c.Trace.X], c.Numeric(c.Model.We)))),
        new("p2.dJ_dhPrev", "∂J/∂h_{t−1}, one step back",
            "Take the two factors one at a time: what the tanh contributes, and at which h; then the matrix that carries the gradient from g_t back to h_{t−1}, and which way round.",
            spec => RnnCase("p2.dJ_dhPrev", spec, Recurrence.Tanh, (c, t) => ([c.Wr, c.Trace.Hs[t], c.Dh(t)], c.Dh(t - 1)))),
        new("p2.dJ_dhs", "∂J/∂h_T … ∂J/∂h_0",
            "Return T+1 vectors indexed by t, with ∂J/∂h_T at index T and every index down to 0 filled by your one-step rule. Which state does the rule need at each t?",
            spec => RnnCase("p2.dJ_dhs", spec, Recurrence.Tanh, (c, _) => ([c.Wr, c.Trace.Hs, c.Dh(c.Trace.T)], c.AllDh()))),
        new("p2.dJ_dWr", "∂J/∂Wr, a sum over t",
            "Wr is used at every step: does your sum have a term for every t = 1..T? In each term, which state entered step t?",
            spec => RnnCase("p2.dJ_dWr", spec, Recurrence.Tanh, (c, _) => ([c.Trace.Hs, c.AllDhList()], c.Numeric(c.Wr)))),
        new("p2.dJ_dWe", "∂J/∂We, a sum over t",
            "We is used at every step: does your sum have a term for every t = 1..T? A word that occurs twice must add into its column twice.",
            spec => RnnCase("p2.dJ_dWe", spec, Recurrence.Tanh, (c, _) => ([c.Trace.Xs, c.Trace.Hs, c.AllDhList()], c.Numeric(c.We)))),
        new("p3.dJ_dhPrev_tanh", "∂J/∂h_{t−1}, tanh recurrence (3.1)",
            "This time you are given g_t, not h_t: how do you write the tanh's factor from g_t?",
            spec => RnnCase("p3.dJ_dhPrev_tanh", spec, Recurrence.Tanh, (c, t) => ([c.Wr, c.Trace.Gs[t], c.Dh(t)], c.Dh(t - 1)))),
        new("p3.dJ_dhPrev_residual", "∂J/∂h_{t−1}, residual recurrence (3.2)",
            "h_{t−1} reaches h_t along two paths, through the tanh and directly: does your answer have both?",
            spec => RnnCase("p3.dJ_dhPrev_residual", spec, Recurrence.Residual, (c, t) => ([c.Wr, c.Trace.Gs[t], c.Dh(t)], c.Dh(t - 1)))),
        new("p3.dJ_dWr_residual", "∂J/∂Wr, residual recurrence",
            "Which of the two paths of h_t = tanh(g_t) + h_{t−1} involves Wr? Sum over every step, with the tanh's factor written from g_t.",
            spec => RnnCase("p3.dJ_dWr_residual", spec, Recurrence.Residual, (c, _) => ([c.Trace.Gs, c.Trace.Hs, c.AllDhList()], c.Numeric(c.Wr)))),
    ];

    /// <summary>The item with id <paramref name="id"/>; the error lists the ids there are.</summary>
    public static CheckItem Find(string id) =>
        All.FirstOrDefault(i => i.Id == id)
        ?? throw new ArgumentException($"No graded item \"{id}\". The items are: {string.Join(", ", All.Select(i => i.Id))}.", nameof(id));

    private static CheckCase WordCase(string id, CheckCaseSpec spec, Func<WordSetup, int, (object[] Inputs, object Expected)> build)
    {
        var sizes = spec.Sizes();
        var model = spec.CourseInstance ? CourseProblems.WordModel() : WordMlp.Random(sizes.N, sizes.M, spec.Seed);
        int word = spec.CourseInstance ? CourseProblems.Problem1Word : sizes.Words[0];
        var setup = new WordSetup(model, model.Forward(word, sizes.Target));
        var (inputs, expected) = build(setup, 0);
        return new CheckCase(id, spec, Describe(spec, sizes, step: null), inputs, CheckValue.From(expected));
    }

    private static CheckCase RnnCase(string id, CheckCaseSpec spec, Recurrence recurrence, Func<RnnSetup, int, (object[] Inputs, object Expected)> build)
    {
        var sizes = spec.Sizes();
        var setup = RnnSetup.Create(spec, sizes, recurrence);
        var (inputs, expected) = build(setup, sizes.Step);
        bool usesStep = id.Contains("dhPrev", StringComparison.Ordinal);
        return new CheckCase(id, spec, Describe(spec, sizes, usesStep ? sizes.Step : null), inputs, CheckValue.From(expected));
    }

    private static string Describe(CheckCaseSpec spec, CheckSizes sizes, int? step) =>
        (spec.CourseInstance ? "course " : "") + sizes + (step is int t ? $", t={t}" : "");

    /// <summary>Problem 1's model and trace, with numeric derivatives of J taken from forward passes.</summary>
    private sealed record WordSetup(WordMlp Model, WordMlpTrace Trace)
    {
        public Vector<double> Ds()
        {
            var s = Trace.S.Clone();
            return NumericDerivative.Of(s, () => Model.ObjectiveFromScores(s, Trace.Target));
        }

        public Vector<double> Dh()
        {
            var h = Trace.H.Clone();
            return NumericDerivative.Of(h, () => Model.ObjectiveFromHidden(h, Trace.Target));
        }

        public Matrix<double> Numeric(Matrix<double> weight) => NumericDerivative.Of(weight, () => Model.Forward(Trace.Word, Trace.Target).J);
    }

    /// <summary>A recurrent model and its trace, with numeric derivatives of J taken from forward passes.</summary>
    private sealed record RnnSetup(Matrix<double> We, Matrix<double> Wr, Func<double> J, Func<int, Vector<double>, double> ObjectiveFrom, RnnTrace Trace)
    {
        public static RnnSetup Create(CheckCaseSpec spec, CheckSizes sizes, Recurrence recurrence)
        {
            if (recurrence == Recurrence.Tanh)
            {
                var tanh = spec.CourseInstance ? CourseProblems.TanhModel() : TanhRnn.Random(sizes.N, sizes.M, spec.Seed);
                return new RnnSetup(tanh.We, tanh.Wr, () => tanh.Forward(sizes.Words, sizes.Target).J,
                    (t, h) => tanh.ObjectiveFrom(t, h, sizes.Words, sizes.Target), tanh.Forward(sizes.Words, sizes.Target));
            }

            // h_t grows by up to 1 a step, so the scale shrinks with T to keep p away from saturation.
            var residual = spec.CourseInstance ? CourseProblems.ResidualModel() : ResidualRnn.Random(sizes.N, sizes.M, spec.Seed, 0.5 / Math.Sqrt(sizes.T));
            return new RnnSetup(residual.We, residual.Wr, () => residual.Forward(sizes.Words, sizes.Target).J,
                (t, h) => residual.ObjectiveFrom(t, h, sizes.Words, sizes.Target), residual.Forward(sizes.Words, sizes.Target));
        }

        public Vector<double> Dh(int t)
        {
            var h = Trace.Hs[t].Clone();
            return NumericDerivative.Of(h, () => ObjectiveFrom(t, h));
        }

        public Vector<double>[] AllDh() => Enumerable.Range(0, Trace.T + 1).Select(Dh).ToArray();

        public IReadOnlyList<Vector<double>> AllDhList() => AllDh();

        public Matrix<double> Numeric(Matrix<double> weight) => NumericDerivative.Of(weight, J);
    }
}
