using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Kernel.Checking;

/// <summary>
/// How the rows build their cases. Inputs that stand for upstream derivatives (∂J/∂s, ∂J/∂h_t) are themselves central
/// differences, so each item is checked on its own: one wrong box never spoils another.
/// </summary>
public static partial class CheckItems
{
    private static Func<CheckCaseSpec, CaseData> WordCase(Func<WordSetup, int, (object[] Inputs, object Expected)> build) => spec =>
    {
        var sizes = spec.Sizes();
        var model = spec.CourseInstance ? CourseProblems.WordModel() : WordMlp.Random(sizes.N, sizes.M, spec.Seed);
        int word = spec.CourseInstance ? CourseProblems.Problem1Word : sizes.Words[0];
        var setup = new WordSetup(model, model.Forward(word, sizes.Target), spec.PlainDifferences);
        var (inputs, expected) = build(setup, 0);
        // Problem 1 reads one word: its cases name N and M only.
        return new CaseData(inputs, expected, (spec.CourseInstance ? "course " : "") + $"N={sizes.N} M={sizes.M}");
    };

    private static Func<CheckCaseSpec, CaseData> RnnCase(Recurrence recurrence, Func<RnnSetup, int, (object[] Inputs, object Expected)> build, bool usesStep = false) => spec =>
    {
        var sizes = spec.Sizes();
        var setup = RnnSetup.Create(spec, sizes, recurrence);
        var (inputs, expected) = build(setup, sizes.Step);
        bool oneStep = inputs.Length == 3 && inputs[0] is Matrix<double> && inputs[1] is Vector<double>;
        return new CaseData(inputs, expected, Describe(spec, sizes, usesStep || oneStep ? sizes.Step : null));
    };

    /// <summary>
    /// Every quantity of one recurrent case, from the same model, words and step as the items' cases of that recurrence
    /// built from <paramref name="spec"/>: for checks, such as a written result's, that need more of the case than one
    /// answer's inputs. ∂J/∂h_t for t = 0..T come from central differences, as the items' expected values do.
    /// </summary>
    /// <param name="spec">The course instance, a public seed or a hidden one.</param>
    /// <param name="recurrence">Problem 2's tanh recurrence or 3.2's residual one.</param>
    public static RecurrentCase Recurrent(CheckCaseSpec spec, Recurrence recurrence)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var sizes = spec.Sizes();
        var setup = RnnSetup.Create(spec, sizes, recurrence);
        return new RecurrentCase(setup.We, setup.Wr, setup.Wu, setup.Trace, setup.AllDh(), sizes.Step, Describe(spec, sizes, sizes.Step));
    }

    private static string Describe(CheckCaseSpec spec, CheckSizes sizes, int? step) =>
        (spec.CourseInstance ? "course " : "") + sizes + (step is int t ? $", t={t}" : "");

    /// <summary>Problem 1's model and trace, with numeric derivatives of J taken from forward passes.</summary>
    private sealed record WordSetup(WordMlp Model, WordMlpTrace Trace, bool Plain)
    {
        public Vector<double> Ds()
        {
            var s = Trace.S.Clone();
            return NumericDerivative.Of(s, () => Model.ObjectiveFromScores(s, Trace.Target), Plain);
        }

        public Vector<double> Dh()
        {
            var h = Trace.H.Clone();
            return NumericDerivative.Of(h, () => Model.ObjectiveFromHidden(h, Trace.Target), Plain);
        }

        public Matrix<double> Numeric(Matrix<double> weight) => NumericDerivative.Of(weight, () => Model.Forward(Trace.Word, Trace.Target).J, Plain);
    }

    /// <summary>A recurrent model and its trace, with numeric derivatives of J taken from forward passes.</summary>
    private sealed record RnnSetup(Matrix<double> We, Matrix<double> Wr, Matrix<double> Wu, Func<double> J, Func<int, Vector<double>, double> ObjectiveFrom, RnnTrace Trace, bool Plain)
    {
        public static RnnSetup Create(CheckCaseSpec spec, CheckSizes sizes, Recurrence recurrence)
        {
            // h_t grows by up to 1 a step in the residual recurrence, so its scale shrinks with T to keep p away from saturation.
            bool residual = recurrence == Recurrence.Residual;
            RecurrentModel model = spec.CourseInstance
                ? (residual ? CourseProblems.ResidualModel() : CourseProblems.TanhModel())
                : residual ? RecurrentModel.Random(sizes.N, sizes.M, Recurrence.Residual, spec.Seed, 0.5 / Math.Sqrt(sizes.T)) : RecurrentModel.Random(sizes.N, sizes.M, Recurrence.Tanh, spec.Seed);
            var h0 = Vector<double>.Build.Dense(model.M);
            return new RnnSetup(model.We, model.Wr, model.Wu, () => model.ObjectiveFrom(0, h0, sizes.Words, sizes.Target),
                (t, h) => model.ObjectiveFrom(t, h, sizes.Words, sizes.Target), model.Forward(sizes.Words, sizes.Target), spec.PlainDifferences);
        }

        public Vector<double> Dh(int t)
        {
            var h = Trace.Hs[t].Clone();
            return NumericDerivative.Of(h, () => ObjectiveFrom(t, h), Plain);
        }

        /// <summary>∂J/∂g_t of the tanh recurrence: J from step t on, with h_t = tanh(g_t) and g_t nudged.</summary>
        public Vector<double> Dg(int t)
        {
            var g = Trace.Gs[t].Clone();
            return NumericDerivative.Of(g, () => ObjectiveFrom(t, g.PointwiseTanh()), Plain);
        }

        public Vector<double>[] AllDh() => Enumerable.Range(0, Trace.T + 1).Select(Dh).ToArray();

        public Matrix<double> Numeric(Matrix<double> weight) => NumericDerivative.Of(weight, J, Plain);
    }
}
