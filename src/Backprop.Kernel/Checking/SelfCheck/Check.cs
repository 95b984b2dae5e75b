using Backprop.Kernel.Checking;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Kernel;

/// <summary>
/// Self-checks for the answer cells: <c>Check.P2.dJ_dWr(dJ_dWr)</c> runs the student's function on the public
/// cases and compares it with central differences of the forward pass. The reference answers are never used.
/// Each method hands its answer to its row of <see cref="CheckItems"/>; the compiler holds its parameter type to the row's.
/// </summary>
public static class Check
{
    /// <summary>
    /// Checks the boxed result of a written answer and prints the verdict: reads the item's written-answer cell
    /// (first line <c>&lt;!-- answer: p2.dJ_dWr.derivation --&gt;</c>) from the SAVED notebook in the working folder, or
    /// from the exported app being run, parses the last <c>\boxed{…}</c> and evaluates it on the public cases. It says
    /// whether the result agrees with their expected values or what is wrong (shapes, or the first case that differs),
    /// never what the result should be. Save the notebook before running it.
    /// </summary>
    /// <param name="item">The item, e.g. "p2.dJ_dWr" (or "p2.dJ_dWr.derivation").</param>
    public static void Written(string item) =>
        Console.WriteLine(Kernel.Written.WrittenSelfCheck.Report(item, Environment.CurrentDirectory, AppContext.GetData("EntryPointFilePath") as string));

    /// <summary>Self-checks for problem 1.</summary>
    public static class P1
    {
        /// <summary>Checks ∂J/∂s.</summary>
        /// <param name="answer">(y, p) ↦ ∂J/∂s.</param>
        public static CheckVerdict dJ_ds(Func<Vector<double>, Vector<double>, Vector<double>> answer) =>
            CheckItems.P1.dJ_ds.Check(answer);

        /// <summary>Checks ∂J/∂h.</summary>
        /// <param name="answer">(Wu, ∂J/∂s) ↦ ∂J/∂h.</param>
        public static CheckVerdict dJ_dh(Func<Matrix<double>, Vector<double>, Vector<double>> answer) =>
            CheckItems.P1.dJ_dh.Check(answer);

        /// <summary>Checks ∂J/∂Wu.</summary>
        /// <param name="answer">(∂J/∂s, h) ↦ ∂J/∂Wu.</param>
        public static CheckVerdict dJ_dWu(Func<Vector<double>, Vector<double>, Matrix<double>> answer) =>
            CheckItems.P1.dJ_dWu.Check(answer);

        /// <summary>Checks ∂J/∂We.</summary>
        /// <param name="answer">(∂J/∂h, x) ↦ ∂J/∂We.</param>
        public static CheckVerdict dJ_dWe(Func<Vector<double>, Vector<double>, Matrix<double>> answer) =>
            CheckItems.P1.dJ_dWe.Check(answer);
    }

    /// <summary>Self-checks for problem 2.</summary>
    public static class P2
    {
        /// <summary>Checks the step through tanh, ∂J/∂g_t from h_t and ∂J/∂h_t.</summary>
        /// <param name="answer">(h_t, ∂J/∂h_t) ↦ ∂J/∂g_t.</param>
        public static CheckVerdict dJ_dg(Func<Vector<double>, Vector<double>, Vector<double>> answer) =>
            CheckItems.P2.dJ_dg.Check(answer);

        /// <summary>Checks one step back, ∂J/∂h_{t−1} from ∂J/∂h_t.</summary>
        /// <param name="answer">(Wr, h_t, ∂J/∂h_t) ↦ ∂J/∂h_{t−1}.</param>
        public static CheckVerdict dJ_dhPrev(Func<Matrix<double>, Vector<double>, Vector<double>, Vector<double>> answer) =>
            CheckItems.P2.dJ_dhPrev.Check(answer);

        /// <summary>Checks the whole BPTT loop, ∂J/∂h_t for t = T … 0.</summary>
        /// <param name="answer">(Wr, hs, ∂J/∂h_T) ↦ ∂J/∂h_0 … ∂J/∂h_T.</param>
        public static CheckVerdict dJ_dhs(Func<Matrix<double>, IReadOnlyList<Vector<double>>, Vector<double>, Vector<double>[]> answer) =>
            CheckItems.P2.dJ_dhs.Check(answer);

        /// <summary>Checks ∂J/∂Wr.</summary>
        /// <param name="answer">(hs, ∂J/∂hs) ↦ ∂J/∂Wr.</param>
        public static CheckVerdict dJ_dWr(Func<IReadOnlyList<Vector<double>>, IReadOnlyList<Vector<double>>, Matrix<double>> answer) =>
            CheckItems.P2.dJ_dWr.Check(answer);

        /// <summary>Checks ∂J/∂We.</summary>
        /// <param name="answer">(xs, hs, ∂J/∂hs) ↦ ∂J/∂We.</param>
        public static CheckVerdict dJ_dWe(Func<IReadOnlyList<Vector<double>>, IReadOnlyList<Vector<double>>, IReadOnlyList<Vector<double>>, Matrix<double>> answer) =>
            CheckItems.P2.dJ_dWe.Check(answer);
    }

    /// <summary>Self-checks for problem 3.</summary>
    public static class P3
    {
        /// <summary>Checks 3.2's one-step map of the residual recurrence.</summary>
        /// <param name="answer">(Wr, g_t, ∂J/∂h_t) ↦ ∂J/∂h_{t−1}.</param>
        public static CheckVerdict dJ_dhPrev_residual(Func<Matrix<double>, Vector<double>, Vector<double>, Vector<double>> answer) =>
            CheckItems.P3.dJ_dhPrev_residual.Check(answer);

        /// <summary>Checks ∂J/∂Wr of the residual recurrence.</summary>
        /// <param name="answer">(gs, hs, ∂J/∂hs) ↦ ∂J/∂Wr.</param>
        public static CheckVerdict dJ_dWr_residual(Func<IReadOnlyList<Vector<double>>, IReadOnlyList<Vector<double>>, IReadOnlyList<Vector<double>>, Matrix<double>> answer) =>
            CheckItems.P3.dJ_dWr_residual.Check(answer);

        /// <summary>Checks the leaky recurrence's one-step map.</summary>
        /// <param name="answer">(Wr, g_t, ∂J/∂h_t, α) ↦ ∂J/∂h_{t−1}.</param>
        public static CheckVerdict dJ_dhPrev_leaky(Func<Matrix<double>, Vector<double>, Vector<double>, double, Vector<double>> answer) =>
            CheckItems.P3.dJ_dhPrev_leaky.Check(answer);
    }

    /// <summary>Self-checks for notebook 04, training.</summary>
    public static class P4
    {
        /// <summary>Checks gradient-norm clipping.</summary>
        /// <param name="answer">(gradient, c) ↦ clipped gradient.</param>
        public static CheckVerdict clip_gradient(Func<Vector<double>, double, Vector<double>> answer) =>
            CheckItems.P4.clip_gradient.Check(answer);
    }
}
