using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Kernel;

/// <summary>
/// Helpers that compute the known wrong answers from case inputs. Their bodies are solution regions: a wrong answer is
/// one small edit from the right one, so the student release ships none of them.
/// </summary>
public static partial class CheckItems
{
    private static Vector<double> V(object o) => (Vector<double>)o;

    private static Matrix<double> M(object o) => (Matrix<double>)o;

    private static IReadOnlyList<Vector<double>> L(object o) => (IReadOnlyList<Vector<double>>)o;

    /// <summary>The gradient passed back through tanh, given tanh's output <paramref name="a"/>.</summary>
    private static Vector<double> TanhStep(Vector<double> a, Vector<double> d)
    {
        // BEGIN SOLUTION
        // HINT: the known mistakes ship with the grader only.
        return d.PointwiseMultiply(1.0 - a.PointwiseMultiply(a));
        // END SOLUTION
    }

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

    /// <summary>The four usual wrong forms of a weight gradient summed over t, with tanh outputs a_t.</summary>
    private static IReadOnlyList<KnownMistake> WeightSumMistakes(Func<object[], IReadOnlyList<Vector<double>>> activations,
        Func<object[], IReadOnlyList<Vector<double>>> gradients, int hsIndex, string weight)
    {
        // BEGIN SOLUTION
        // HINT: the known mistakes ship with the grader only.
        int T(object[] a) => L(a[hsIndex]).Count - 1;
        Vector<double> Term(object[] a, int t) => TanhStep(activations(a)[t], gradients(a)[t]);
        return
        [
            new(MistakeNames.MissingTanhFactor, "each term skips tanh′, the factor that step t's tanh contributes.",
                a => Sum(T(a), t => gradients(a)[t].OuterProduct(L(a[hsIndex])[t - 1]))),
            new(MistakeNames.CurrentInsteadOfPrevious, $"each term pairs step t with h_t, but {weight} multiplied h_{{t−1}}, the state that entered step t.",
                a => Sum(T(a), t => Term(a, t).OuterProduct(L(a[hsIndex])[t]))),
            new(MistakeNames.OnlyLastStep, $"only step T is counted, but {weight} is used at every step.",
                a => Only(T(a), t => Term(a, t).OuterProduct(L(a[hsIndex])[t - 1]))),
            new(MistakeNames.Transposed, $"the outer product is the wrong way round: ∂J/∂{weight} has a row per entry of g_t and a column per entry of h_{{t−1}}.",
                a => Sum(T(a), t => L(a[hsIndex])[t - 1].OuterProduct(Term(a, t)))),
        ];
        // END SOLUTION
    }

    /// <summary>The BPTT chain with the tanh factor taken from <paramref name="activation"/>(t); optionally stopping before t = 1.</summary>
    private static Vector<double>[] Chain(Matrix<double> Wr, IReadOnlyList<Vector<double>> hs, Vector<double> dJ_dhT, Func<int, Vector<double>> activation, bool stopEarly)
    {
        // BEGIN SOLUTION
        // HINT: the known mistakes ship with the grader only.
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
        // END SOLUTION
    }
}
