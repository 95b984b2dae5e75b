using Backprop.Kernel;

namespace Backprop.Grading.Written.Diagnosis;

/// <summary>A common wrong result written in the problem set's notation, for a target the code items' table has no row for.</summary>
/// <param name="Item">The code item.</param>
/// <param name="Target">The left-hand side it is a wrong result for, e.g. "h_0", "h_1", "h_{t-1}", or "" for a weight.</param>
/// <param name="Name">The mistake's name.</param>
/// <param name="Explanation">What is wrong, in words; never the right formula.</param>
/// <param name="Latex">The wrong result.</param>
public sealed record WrittenMistake(string Item, string Target, string Name, string Explanation, string Latex);

/// <summary>
/// Wrong results of the chains (∂J/∂h_0 of problem 2, ∂J/∂h_1 of 3.2) and of the residual recurrence written with h_t,
/// which the item table's mistakes (computed from one step's inputs) cannot express. Each is parsed and evaluated like a
/// student's result, and names a result that agrees with it on every case. The grader holds them; students never receive them.
/// </summary>
public static class WrittenMistakes
{
    private const string ResidualWithState = "the tanh factor is written with h_t, but in the residual recurrence h_t is not tanh(g_t): write it with g_t.";

    /// <summary>Every written mistake.</summary>
    public static IReadOnlyList<WrittenMistake> All { get; } =
    [
        new("p2.dJ_dhs", "h_0", MistakeNames.MissingTanhFactor, "each step back skips tanh′ at its step.",
            @"W^{r,T} W^{r,T} W^{r,T} \frac{\partial J}{\partial h_3}"),
        new("p2.dJ_dhs", "h_0", WrittenMistakeNames.TanhFactorWrongStep, "each step's tanh factor is taken one step early: it belongs to h_t, the state step t produced.",
            @"W^{r,T} \operatorname{diag}(1 - h_0 \odot h_0) W^{r,T} \operatorname{diag}(1 - h_1 \odot h_1) W^{r,T} \operatorname{diag}(1 - h_2 \odot h_2) \frac{\partial J}{\partial h_3}"),
        new("p2.dJ_dhs", "h_0", MistakeNames.Transposed, "W^r is applied the forward way round at each step.",
            @"W^r \operatorname{diag}(1 - h_1 \odot h_1) W^r \operatorname{diag}(1 - h_2 \odot h_2) W^r \operatorname{diag}(1 - h_3 \odot h_3) \frac{\partial J}{\partial h_3}"),
        new("p2.dJ_dhs", "h_0", MistakeNames.OffByOne, "the steps are chained in the wrong order: the one nearest ∂J/∂h_3 must act on it first.",
            @"W^{r,T} \operatorname{diag}(1 - h_3 \odot h_3) W^{r,T} \operatorname{diag}(1 - h_2 \odot h_2) W^{r,T} \operatorname{diag}(1 - h_1 \odot h_1) \frac{\partial J}{\partial h_3}"),
        new("p3.dJ_dhPrev_residual", "h_1", MistakeNames.MissingIdentity, "the skip connection's path is missing at each step: h_{t−1} also reaches h_t directly.",
            @"W_r^T \operatorname{diag}(1 - \tanh^2 g_2) W_r^T \operatorname{diag}(1 - \tanh^2 g_3) \frac{\partial J}{\partial h_3}"),
        new("p3.dJ_dhPrev_residual", "h_1", MistakeNames.MissingTanhFactor, "the tanh path of each step skips tanh′(g_t).",
            @"(W_r^T + I)(W_r^T + I) \frac{\partial J}{\partial h_3}"),
        new("p3.dJ_dhPrev_residual", "h_1", MistakeNames.TanhOfState, ResidualWithState,
            @"(W_r^T \operatorname{diag}(1 - h_2 \odot h_2) + I)(W_r^T \operatorname{diag}(1 - h_3 \odot h_3) + I) \frac{\partial J}{\partial h_3}"),
        new("p3.dJ_dhPrev_residual", "h_{t-1}", MistakeNames.TanhOfState, ResidualWithState,
            @"(W_r^T \operatorname{diag}(1 - h_t \odot h_t) + I) \frac{\partial J}{\partial h_t}"),
        new("p3.dJ_dWr_residual", "", MistakeNames.TanhOfState, ResidualWithState,
            @"\sum_{t=1}^{T} \operatorname{diag}(1 - h_t \odot h_t) \frac{\partial J}{\partial h_t} h_{t-1}^T"),
    ];
}
