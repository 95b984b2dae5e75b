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
        new("p1.dJ_ds", "∂J/∂s = y − p",
            "J = log p_y is a log-likelihood, so ∂J/∂s = y − p; p − y is the gradient of the loss −J.",
            spec => WordCase("p1.dJ_ds", spec, (c, _) => ([c.Trace.Y, c.Trace.P], c.Ds()))),
        new("p1.dJ_dh", "∂J/∂h = Wuᵀ ∂J/∂s",
            "s = Wu h, so ∂J/∂h = Wuᵀ ∂J/∂s, a vector of length M: transpose Wu.",
            spec => WordCase("p1.dJ_dh", spec, (c, _) => ([c.Model.Wu, c.Ds()], c.Dh()))),
        new("p1.dJ_dWu", "∂J/∂Wu = (∂J/∂s) hᵀ",
            "∂J/∂Wu_kj = ∂J/∂s_k · h_j: the outer product (∂J/∂s) hᵀ, of shape N×M.",
            spec => WordCase("p1.dJ_dWu", spec, (c, _) => ([c.Ds(), c.Trace.H], c.Numeric(c.Model.Wu)))),
        new("p1.dJ_dWe", "∂J/∂We = (∂J/∂h) xᵀ",
            "∂J/∂We = (∂J/∂h) xᵀ, of shape M×N: only the input word's column is non-zero.",
            spec => WordCase("p1.dJ_dWe", spec, (c, _) => ([c.Dh(), c.Trace.X], c.Numeric(c.Model.We)))),
        new("p2.dJ_dhPrev", "∂J/∂h_{t−1} = Wrᵀ diag(1 − h_t ⊙ h_t) ∂J/∂h_t",
            "Multiply ∂J/∂h_t by (1 − h_t ⊙ h_t) first, then by Wrᵀ.",
            spec => RnnCase("p2.dJ_dhPrev", spec, Recurrence.Tanh, (c, t) => ([c.Wr, c.Trace.Hs[t], c.Dh(t)], c.Dh(t - 1)))),
        new("p2.dJ_dhs", "∂J/∂h_T … ∂J/∂h_0",
            "Return T+1 vectors indexed by t: start with ∂J/∂h_T at index T and step back to index 0, using h_t in the tanh factor.",
            spec => RnnCase("p2.dJ_dhs", spec, Recurrence.Tanh, (c, _) => ([c.Wr, c.Trace.Hs, c.Dh(c.Trace.T)], c.AllDh()))),
        new("p2.dJ_dWr", "∂J/∂Wr = Σ_t diag(1 − h_t ⊙ h_t) ∂J/∂h_t h_{t−1}ᵀ",
            "Sum over every t = 1..T, and pair ∂J/∂h_t with h_{t−1}, the state that entered step t.",
            spec => RnnCase("p2.dJ_dWr", spec, Recurrence.Tanh, (c, _) => ([c.Trace.Hs, c.AllDhList()], c.Numeric(c.Wr)))),
        new("p2.dJ_dWe", "∂J/∂We = Σ_t diag(1 − h_t ⊙ h_t) ∂J/∂h_t x_tᵀ",
            "Sum over every t = 1..T with x_t = xs[t]; a word that appears twice adds into its column twice.",
            spec => RnnCase("p2.dJ_dWe", spec, Recurrence.Tanh, (c, _) => ([c.Trace.Xs, c.Trace.Hs, c.AllDhList()], c.Numeric(c.We)))),
        new("p3.dJ_dhPrev_residual", "∂J/∂h_{t−1} = [Wrᵀ diag(1 − tanh² g_t) + I] ∂J/∂h_t",
            "h_t = tanh(g_t) + h_{t−1}: the skip connection passes ∂J/∂h_t straight through (the identity term).",
            spec => RnnCase("p3.dJ_dhPrev_residual", spec, Recurrence.Residual, (c, t) => ([c.Wr, c.Trace.Gs[t], c.Dh(t)], c.Dh(t - 1)))),
        new("p3.dJ_dWr_residual", "∂J/∂Wr = Σ_t diag(1 − tanh² g_t) ∂J/∂h_t h_{t−1}ᵀ (residual)",
            "The skip term has no Wr in it, so the sum has the tanh form, with 1 − tanh²(g_t) and h_{t−1}.",
            spec => RnnCase("p3.dJ_dWr_residual", spec, Recurrence.Residual, (c, _) => ([c.Trace.Gs, c.Trace.Hs, c.AllDhList()], c.Numeric(c.Wr)))),
        new("p3.dJ_dhPrev_leaky", "∂J/∂h_{t−1} = [(1 − α) I + α Wrᵀ diag(1 − tanh² g_t)] ∂J/∂h_t",
            "h_t = (1 − α) h_{t−1} + α tanh(g_t): two paths lead back to h_{t−1}, and each keeps its own weight.",
            spec => LeakyCase.Build("p3.dJ_dhPrev_leaky", spec)),
        new("p4.clip_gradient", "clip(∂J/∂θ, c) = min(1, c / ‖∂J/∂θ‖) ∂J/∂θ",
            "Clipping rescales the whole vector, keeping its direction, and only when its norm exceeds c.",
            spec => ClipCase.Build("p4.clip_gradient", spec)),
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
