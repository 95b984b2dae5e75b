using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Kernel;

/// <summary>
/// Self-checks for the answer cells: <c>Check.P2.dJ_dWr(dJ_dWr)</c> runs the student's function on the public
/// cases and compares it with central differences of the forward pass. The reference answers are never used.
/// </summary>
public static class Check
{
    /// <summary>Self-checks for problem 1.</summary>
    public static class P1
    {
        /// <summary>Checks ∂J/∂s, box 1 of problem 1.</summary>
        /// <param name="answer">(y, p) ↦ ∂J/∂s.</param>
        public static CheckVerdict dJ_ds(Func<Vector<double>, Vector<double>, Vector<double>> answer) =>
            Run("p1.dJ_ds", a => answer((Vector<double>)a[0], (Vector<double>)a[1]));

        /// <summary>Checks ∂J/∂h, box 2 of problem 1.</summary>
        /// <param name="answer">(Wu, ∂J/∂s) ↦ ∂J/∂h.</param>
        public static CheckVerdict dJ_dh(Func<Matrix<double>, Vector<double>, Vector<double>> answer) =>
            Run("p1.dJ_dh", a => answer((Matrix<double>)a[0], (Vector<double>)a[1]));

        /// <summary>Checks ∂J/∂Wu, box 3 of problem 1.</summary>
        /// <param name="answer">(∂J/∂s, h) ↦ ∂J/∂Wu.</param>
        public static CheckVerdict dJ_dWu(Func<Vector<double>, Vector<double>, Matrix<double>> answer) =>
            Run("p1.dJ_dWu", a => answer((Vector<double>)a[0], (Vector<double>)a[1]));

        /// <summary>Checks ∂J/∂We, box 4 of problem 1.</summary>
        /// <param name="answer">(∂J/∂h, x) ↦ ∂J/∂We.</param>
        public static CheckVerdict dJ_dWe(Func<Vector<double>, Vector<double>, Matrix<double>> answer) =>
            Run("p1.dJ_dWe", a => answer((Vector<double>)a[0], (Vector<double>)a[1]));
    }

    /// <summary>Self-checks for problem 2.</summary>
    public static class P2
    {
        /// <summary>Checks one step back, ∂J/∂h_{t−1} from ∂J/∂h_t.</summary>
        /// <param name="answer">(Wr, h_t, ∂J/∂h_t) ↦ ∂J/∂h_{t−1}.</param>
        public static CheckVerdict dJ_dhPrev(Func<Matrix<double>, Vector<double>, Vector<double>, Vector<double>> answer) =>
            Run("p2.dJ_dhPrev", a => answer((Matrix<double>)a[0], (Vector<double>)a[1], (Vector<double>)a[2]));

        /// <summary>Checks the whole BPTT loop, ∂J/∂h_t for t = T … 0.</summary>
        /// <param name="answer">(Wr, hs, ∂J/∂h_T) ↦ ∂J/∂h_0 … ∂J/∂h_T.</param>
        public static CheckVerdict dJ_dhs(Func<Matrix<double>, IReadOnlyList<Vector<double>>, Vector<double>, Vector<double>[]> answer) =>
            Run("p2.dJ_dhs", a => answer((Matrix<double>)a[0], (IReadOnlyList<Vector<double>>)a[1], (Vector<double>)a[2]));

        /// <summary>Checks ∂J/∂Wr, the sum over t.</summary>
        /// <param name="answer">(hs, ∂J/∂hs) ↦ ∂J/∂Wr.</param>
        public static CheckVerdict dJ_dWr(Func<IReadOnlyList<Vector<double>>, IReadOnlyList<Vector<double>>, Matrix<double>> answer) =>
            Run("p2.dJ_dWr", a => answer((IReadOnlyList<Vector<double>>)a[0], (IReadOnlyList<Vector<double>>)a[1]));

        /// <summary>Checks ∂J/∂We, the sum over t.</summary>
        /// <param name="answer">(xs, hs, ∂J/∂hs) ↦ ∂J/∂We.</param>
        public static CheckVerdict dJ_dWe(Func<IReadOnlyList<Vector<double>>, IReadOnlyList<Vector<double>>, IReadOnlyList<Vector<double>>, Matrix<double>> answer) =>
            Run("p2.dJ_dWe", a => answer((IReadOnlyList<Vector<double>>)a[0], (IReadOnlyList<Vector<double>>)a[1], (IReadOnlyList<Vector<double>>)a[2]));
    }

    /// <summary>Self-checks for problem 3.</summary>
    public static class P3
    {
        /// <summary>Checks 3.1's one-step map, ∂J/∂h_{t−1} from ∂J/∂h_t.</summary>
        /// <param name="answer">(Wr, g_t, ∂J/∂h_t) ↦ ∂J/∂h_{t−1}.</param>
        public static CheckVerdict dJ_dhPrev_tanh(Func<Matrix<double>, Vector<double>, Vector<double>, Vector<double>> answer) =>
            Run("p3.dJ_dhPrev_tanh", a => answer((Matrix<double>)a[0], (Vector<double>)a[1], (Vector<double>)a[2]));

        /// <summary>Checks 3.2's one-step map, ∂J/∂h_{t−1} from ∂J/∂h_t.</summary>
        /// <param name="answer">(Wr, g_t, ∂J/∂h_t) ↦ ∂J/∂h_{t−1}.</param>
        public static CheckVerdict dJ_dhPrev_residual(Func<Matrix<double>, Vector<double>, Vector<double>, Vector<double>> answer) =>
            Run("p3.dJ_dhPrev_residual", a => answer((Matrix<double>)a[0], (Vector<double>)a[1], (Vector<double>)a[2]));

        /// <summary>Checks ∂J/∂Wr of the residual recurrence.</summary>
        /// <param name="answer">(gs, hs, ∂J/∂hs) ↦ ∂J/∂Wr.</param>
        public static CheckVerdict dJ_dWr_residual(Func<IReadOnlyList<Vector<double>>, IReadOnlyList<Vector<double>>, IReadOnlyList<Vector<double>>, Matrix<double>> answer) =>
            Run("p3.dJ_dWr_residual", a => answer((IReadOnlyList<Vector<double>>)a[0], (IReadOnlyList<Vector<double>>)a[1], (IReadOnlyList<Vector<double>>)a[2]));
    }

    private static CheckVerdict Run(string id, Func<object[], object?> answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return CheckEngine.Run(CheckItems.Find(id), answer, CheckCaseSpec.Public);
    }
}
