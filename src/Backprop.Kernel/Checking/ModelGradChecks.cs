using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Kernel.Checking;

/// <summary>Checks every boxed derivative of a model against central differences, intermediates included.</summary>
public static class ModelGradChecks
{
    /// <summary>Problem 1: ∂J/∂s, ∂J/∂h, ∂J/∂Wu, ∂J/∂We.</summary>
    /// <param name="model">The model; its weights are perturbed and restored.</param>
    /// <param name="word">Input word index.</param>
    /// <param name="target">Target word index.</param>
    /// <param name="options">Step, threshold and sampling; null for the defaults.</param>
    public static GradCheckReport WordMlp(WordMlp model, int word, int target, GradCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var trace = model.Forward(word, target);
        var grads = model.Backward(trace);
        var s = trace.S.Clone();
        var h = trace.H.Clone();
        return new GradCheckReport($"Problem 1: word model, N = {model.N}, M = {model.M}", [
            GradCheck.Compare("dJ/ds", s, grads.ds, () => model.ObjectiveFromScores(s, target), options, "N"),
            GradCheck.Compare("dJ/dh", h, grads.dh, () => model.ObjectiveFromHidden(h, target), options, "M"),
            GradCheck.Compare("dJ/dWu", model.Wu, grads.dWu, () => model.Forward(word, target).J, options, "N×M"),
            GradCheck.Compare("dJ/dWe", model.We, grads.dWe, () => model.Forward(word, target).J, options, "M×N"),
        ]);
    }

    /// <summary>
    /// Problems 2 and 3 as a model: ∂J/∂s, ∂J/∂Wu, ∂J/∂h_t for t = T … 0, ∂J/∂Wr and ∂J/∂We of a recurrent model, from its
    /// Backward (the boxes of its recurrence).
    /// </summary>
    /// <param name="model">The model; its weights are perturbed and restored.</param>
    /// <param name="words">Input word indices, shape (T).</param>
    /// <param name="target">Target word index.</param>
    /// <param name="options">Step, threshold and sampling; null for the defaults.</param>
    public static GradCheckReport Rnn(RecurrentModel model, IReadOnlyList<int> words, int target, GradCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Recurrent(Title(model.Recurrence), model, words, target, options);
    }

    /// <summary>The report title of a recurrent model's check: the problem it belongs to.</summary>
    internal static string Title(Recurrence recurrence) =>
        recurrence == Recurrence.Tanh ? "Problem 2: tanh RNN" : recurrence == Recurrence.Residual ? "Problem 3.2: residual RNN" : $"Recurrent model, {recurrence.Name}";

    /// <summary>
    /// Problem 3's boxed chains: ∂J/∂h_1 reached from ∂J/∂h_T by the one-step maps of 3.1 (tanh) and 3.2 (residual),
    /// each checked against central differences of its own model, plus ∂J/∂Wr of the residual model.
    /// </summary>
    /// <param name="tanh">A tanh model.</param>
    /// <param name="residual">A residual model.</param>
    /// <param name="words">Input word indices, shape (T), T ≥ 1.</param>
    /// <param name="target">Target word index.</param>
    /// <param name="options">Step, threshold and sampling; null for the defaults.</param>
    public static GradCheckReport JacobianChains(RecurrentModel tanh, RecurrentModel residual, IReadOnlyList<int> words, int target, GradCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(tanh);
        ArgumentNullException.ThrowIfNull(residual);
        if (tanh.Recurrence != Recurrence.Tanh || residual.Recurrence != Recurrence.Residual)
        {
            throw new ArgumentException($"Pass a tanh model and a residual model (got {tanh.Recurrence.Name} and {residual.Recurrence.Name}).", nameof(residual));
        }

        var tanhTrace = tanh.Forward(words, target);
        var residualTrace = residual.Forward(words, target);
        // ∂J/∂h_T from problem 1's boxes, then each recurrence's one-step box back to h_1.
        var tanhChain = Boxes.P3.dJ_dhs(Boxes.P3.dJ_dhPrev_tanh, tanh.Wr, tanhTrace.Gs, Boxes.P1.dJ_dh(tanh.Wu, Boxes.P1.dJ_ds(tanhTrace.Y, tanhTrace.P)));
        var residualChain = Boxes.P3.dJ_dhs(Boxes.P3.dJ_dhPrev_residual, residual.Wr, residualTrace.Gs, Boxes.P1.dJ_dh(residual.Wu, Boxes.P1.dJ_ds(residualTrace.Y, residualTrace.P)));
        var h1Tanh = tanhTrace.Hs[1].Clone();
        var h1Residual = residualTrace.Hs[1].Clone();
        var residualGrads = residual.Backward(residualTrace);
        return new GradCheckReport($"Problem 3: Jacobian chains, N = {tanh.N}, M = {tanh.M}, T = {words.Count}", [
            GradCheck.Compare("dJ/dh1 (tanh, 3.1)", h1Tanh, tanhChain[1], () => tanh.ObjectiveFrom(1, h1Tanh, words, target), options, "M"),
            GradCheck.Compare("dJ/dh1 (residual, 3.2)", h1Residual, residualChain[1], () => residual.ObjectiveFrom(1, h1Residual, words, target), options, "M"),
            GradCheck.Compare("dJ/dWr (residual)", residual.Wr, residualGrads.dWr, () => residual.ObjectiveFrom(0, residualTrace.Hs[0], words, target), options, "M×M"),
        ]);
    }

    private static GradCheckReport Recurrent(string title, RecurrentModel model, IReadOnlyList<int> words, int target, GradCheckOptions? options)
    {
        ArgumentNullException.ThrowIfNull(model);
        var trace = model.Forward(words, target);
        // J(s) = s_y − log Σ_c e^{s_c}, the teaching softmax's.
        return Recurrent(title, model, trace.S, trace.Hs, model.Backward(trace), scores => scores[target] - Softmax.LogSumExp(scores),
            (t, h_t) => model.ObjectiveFrom(t, h_t, words, target), words, target, options);
    }

    /// <summary>
    /// Every derivative in <paramref name="grads"/> against central differences of J: ∂J/∂s, ∂J/∂Wu, ∂J/∂h_t for t = T … 0,
    /// ∂J/∂Wr and ∂J/∂We, each variable perturbed around a forward pass's scores <paramref name="scores"/> and hidden
    /// states <paramref name="hs"/> (h_0 … h_T), which are not changed; ∂J/∂s against <paramref name="fromScores"/>, J as a
    /// function of s, and the rest against <paramref name="fromHidden"/>, J as a function of (t, h_t).
    /// </summary>
    internal static GradCheckReport Recurrent(
        string title, RecurrentModel model, Vector<double> scores, IReadOnlyList<Vector<double>> hs, RnnGradients grads,
        Func<Vector<double>, double> fromScores, Func<int, Vector<double>, double> fromHidden, IReadOnlyList<int> words, int target, GradCheckOptions? options)
    {
        int T = hs.Count - 1;
        var objective = new Objective(fromHidden, [.. words]);
        var s = scores.Clone();
        var hT = hs[T];
        var results = new List<GradCheckResult>
        {
            GradCheck.Compare("dJ/ds", s, grads.ds, () => fromScores(s), options, "N"),
            // h_T does not depend on Wu, so J(Wu) = log softmax(Wu h_T)_y needs no recurrence.
            GradCheck.Compare("dJ/dWu", model.Wu, grads.dWu, () => objective.From(T, hT), options, "N×M"),
        };
        for (int t = T; t >= 0; t--)
        {
            var h = hs[t].Clone();
            int step = t;
            results.Add(GradCheck.Compare($"dJ/dh{t}", h, grads.dhs[t], () => objective.From(step, h), options, "M"));
        }

        var h0 = hs[0];
        results.Add(GradCheck.Compare("dJ/dWr", model.Wr, grads.dWr, () => objective.From(0, h0), options, "M×M")); // the whole forward pass from h_0 = 0
        results.Add(GradCheck.Compare("dJ/dWe", model.We, grads.dWe, EmbeddingObjective(model, hs, objective), options, "M×N"));
        return new GradCheckReport($"{title}, N = {model.N}, M = {model.M}, T = {T}", results);
    }

    /// <summary>
    /// J as a function of We that reruns only what a change can reach: We's column x_t is first read at step t,
    /// so if the earliest input column that differs from the trace's We is read at step t, J = ObjectiveFrom(t − 1, h_{t−1});
    /// if none differs (the perturbed entry is in a column no input reads), J = ObjectiveFrom(T, h_T), unchanged.
    /// </summary>
    private static Func<double> EmbeddingObjective(RecurrentModel model, IReadOnlyList<Vector<double>> hs, Objective objective)
    {
        var words = objective.Words;
        int M = model.M, T = hs.Count - 1;
        var original = model.We.ToColumnMajorArray();
        return () =>
        {
            var we = model.We.AsColumnMajorArray() ?? model.We.ToColumnMajorArray();
            int first = T + 1;
            for (int t = 1; t <= T && first > T; t++)
            {
                int column = words[t - 1] * M;
                for (int i = column; i < column + M; i++)
                {
                    if (we[i] != original[i])
                    {
                        first = t;
                    }
                }
            }

            return first > T ? objective.From(T, hs[T]) : objective.From(first - 1, hs[first - 1]);
        };
    }

    /// <summary>J from h_t for one model, sentence and target.</summary>
    private sealed class Objective(Func<int, Vector<double>, double> fromHidden, int[] words)
    {
        public int[] Words => words;

        public double From(int t, Vector<double> h_t) => fromHidden(t, h_t);
    }
}
