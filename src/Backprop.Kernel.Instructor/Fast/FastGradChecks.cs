using Backprop.Kernel.Checking;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Kernel.Fast;

/// <summary>
/// The fast path's own gradient check: every derivative that <see cref="RnnWorkspace.Step"/> writes (∂J/∂s, ∂J/∂Wu,
/// ∂J/∂h_t for t = T … 0, ∂J/∂Wr, ∂J/∂We), entry by entry, against central differences of the fast path's objective,
/// with the same entries, step ε and <see cref="PassRule"/> as <see cref="ModelGradChecks"/>, which checks the teaching
/// Forward and Backward. It never calls MathNet's linear algebra, so a fresh process compiles and starts less.
/// </summary>
public static class FastGradChecks
{
    /// <summary>A tanh (problem 2) or residual (3.2) model on the fast path: a workspace of <paramref name="model"/> stepped once, then checked.</summary>
    /// <param name="model">The model; its weights are perturbed and restored.</param>
    /// <param name="words">Input word indices, shape (T), T ≥ 1.</param>
    /// <param name="target">Target word index.</param>
    /// <param name="options">Step, threshold and sampling; null for the defaults.</param>
    public static GradCheckReport Rnn(RecurrentModel model, IReadOnlyList<int> words, int target, GradCheckOptions? options = null) =>
        Workspace(Create(model, words), words, target, options);

    /// <summary>Runs <see cref="RnnWorkspace.Step"/> on <paramref name="words"/> and checks every derivative it wrote.</summary>
    /// <param name="workspace">The workspace; its model's weights are perturbed and restored.</param>
    /// <param name="words">Input word indices, shape (T) with the workspace's T.</param>
    /// <param name="target">Target word index.</param>
    /// <param name="options">Step, threshold and sampling; null for the defaults.</param>
    public static GradCheckReport Workspace(RnnWorkspace workspace, IReadOnlyList<int> words, int target, GradCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        return Check(workspace, workspace.Step(words, target), words, target, options);
    }

    /// <summary>Checks <paramref name="gradients"/> against the workspace's last forward pass (tests hand in altered gradients).</summary>
    internal static GradCheckReport Check(RnnWorkspace workspace, RnnGradients gradients, IReadOnlyList<int> words, int target, GradCheckOptions? options)
    {
        var model = workspace.Model;
        string title = ModelGradChecks.Title(model.Recurrence) + ", fast path";
        // Copies of the forward pass's s and h_0 … h_T; J perturbed from h_t, Wr, We or Wu reruns SpanRecurrence, the
        // recurrence Step itself runs.
        var hs = new Vector<double>[workspace.T + 1];
        for (int t = 0; t < hs.Length; t++)
        {
            hs[t] = Vector<double>.Build.Dense(workspace.HiddenState(t).ToArray());
        }

        var scores = Vector<double>.Build.Dense(workspace.Scores.ToArray());
        int[] wordArray = [.. words]; // Step has already checked every word and the target
        // J(s) = log p_y by the fast path's own softmax, the one its forward pass and J from h_t end with.
        return ModelGradChecks.Recurrent(
            title, model, scores, hs, gradients, s => SpanSoftmax.LogProbabilityOf(s.AsArray() ?? s.ToArray(), target),
            (t, h_t) => SpanRecurrence.ObjectiveFrom(model, t, h_t.AsArray() ?? h_t.ToArray(), wordArray, target), words, target, options);
    }

    private static RnnWorkspace Create(RecurrentModel model, IReadOnlyList<int> words)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(words);
        return model.CreateWorkspace(words.Count);
    }
}
