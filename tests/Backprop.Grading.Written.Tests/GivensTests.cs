using Backprop.Kernel.Written;

namespace Backprop.Grading.Written.Tests;

/// <summary>
/// A boxed result may lean only on the derivatives its item gives (<see cref="Givens"/>): every upstream derivative is
/// bound in the check, so without the rule the shortcuts below agree with the reference.
/// </summary>
public sealed class GivensTests
{
    private const string Dh3 = @"\frac{\partial J}{\partial h_3}";

    /// <summary>
    /// The table, written out by hand from the items' signatures and what they build on (problem set: p2.dJ_dWr and
    /// p2.dJ_dWe are written with ∂J/∂g_t of p2.dJ_dg, the chains of 3.1 and 3.2 start from ∂J/∂h_3).
    /// </summary>
    [Theory]
    [InlineData("p1.dJ_ds", "")]
    [InlineData("p1.dJ_dh", "∂J/∂s")]
    [InlineData("p1.dJ_dWu", "∂J/∂s")]
    [InlineData("p1.dJ_dWe", "∂J/∂h")]
    [InlineData("p2.dJ_dg", "∂J/∂h_t")]
    [InlineData("p2.dJ_dhPrev", "∂J/∂g_t (p2.dJ_dg), ∂J/∂h_t")]
    [InlineData("p2.dJ_dhs", "∂J/∂g_t (p2.dJ_dg), ∂J/∂h_T, ∂J/∂h_t (p2.dJ_dg), ∂J/∂h_{t-1} (p2.dJ_dhPrev)")]
    [InlineData("p2.dJ_dWr", "∂J/∂g_t every step (p2.dJ_dg), ∂J/∂h_t every step")]
    [InlineData("p2.dJ_dWe", "∂J/∂g_t every step (p2.dJ_dg), ∂J/∂h_t every step")]
    [InlineData("p3.dJ_dhPrev_residual", "∂J/∂h_T, ∂J/∂h_t")]
    [InlineData("p3.dJ_dWr_residual", "∂J/∂h_t every step")]
    [InlineData("p3.dJ_dhPrev_leaky", "∂J/∂h_t")]
    public void Each_item_gives_the_derivatives_its_code_receives_and_those_of_the_items_it_builds_on(string item, string expected)
    {
        var givens = WrittenItems.Find(item)!.Givens
            .Select(g => g.Text() + (g.Step == GivenStep.EveryStep ? " every step" : "") + (g.From is null ? "" : $" ({g.From})"))
            .Order(StringComparer.Ordinal);

        Assert.Equal(expected, string.Join(", ", givens));
    }

    /// <summary>Results that agree numerically but skip what the item asks for; the message names the derivative used.</summary>
    [Theory]
    [InlineData("p2.dJ_dhs", @"\frac{\partial J}{\partial h_0} = W^{r,T} \frac{\partial J}{\partial g_1}", "uses ∂J/∂g_1, which this item asks you to express through ∂J/∂h_3")]
    [InlineData("p2.dJ_dhs", @"\frac{\partial J}{\partial h_0} = W^{r,T} D_1 \frac{\partial J}{\partial h_1}", "uses ∂J/∂h_1, which this item asks you to express through ∂J/∂h_3")]
    [InlineData("p2.dJ_dhs", @"\frac{\partial J}{\partial h_1} = W^{r,T} D_2 W^{r,T} \frac{\partial J}{\partial g_3}", "uses ∂J/∂g_3, which this item asks you to express through ∂J/∂h_3")]
    [InlineData("p3.dJ_dhPrev_residual", @"\frac{\partial J}{\partial h_1} = (I + W_r^T D_2) \frac{\partial J}{\partial h_2}", "uses ∂J/∂h_2, which this item asks you to express through ∂J/∂h_3")]
    [InlineData("p3.dJ_dhPrev_residual", @"\frac{\partial J}{\partial h_{t-1}} = \frac{\partial J}{\partial h_t} + W_r^T \frac{\partial J}{\partial g_t}", "uses ∂J/∂g_t, which this item does not give: its code receives ∂J/∂h_t")]
    [InlineData("p3.dJ_dhPrev_residual", @"\frac{\partial J}{\partial h_t} = \frac{\partial J}{\partial h_{t+1}} + W_r^T \frac{\partial J}{\partial g_{t+1}}", "uses ∂J/∂g_{t+1}, which this item does not give: its code receives ∂J/∂h_{t+1}")]
    [InlineData("p3.dJ_dWr_residual", @"\frac{\partial J}{\partial W_r} = \sum_{t=1}^{T} \frac{\partial J}{\partial g_t} h_{t-1}^T", "uses ∂J/∂g_t, which this item does not give: its code receives ∂J/∂h_t")]
    [InlineData("p2.dJ_dhPrev", @"\frac{\partial J}{\partial h_{t-1}} = \frac{\partial J}{\partial h_{t-1}} + W^{r,T} \frac{\partial J}{\partial g_t} - \frac{\partial J}{\partial h_{t-1}}", "the derivative it is meant to give")]
    [InlineData("p2.dJ_dhPrev", @"\frac{\partial J}{\partial h_{t-1}} = W^{r,T} \frac{\partial J}{\partial g_t} + \frac{\partial J}{\partial h_{t+1}} - \frac{\partial J}{\partial h_{t+1}}", "uses ∂J/∂h_{t+1}, which this item does not give: it gives ∂J/∂h_t and ∂J/∂g_t (what its code receives and what p2.dJ_dg gives)")]
    [InlineData("p2.dJ_dg", @"\frac{\partial J}{\partial g_t} = D_t W^r \frac{\partial J}{\partial h_{t-1}} - D_t W^r \frac{\partial J}{\partial h_{t-1}} + D_t \frac{\partial J}{\partial h_t}", "uses ∂J/∂h_{t-1}, which this item does not give: its code receives ∂J/∂h_t")]
    [InlineData("p1.dJ_dWe", @"\frac{\partial J}{\partial W^e} = W^{u,T} \frac{\partial J}{\partial s} x^T", "uses ∂J/∂s, which this item does not give: its code receives ∂J/∂h")]
    [InlineData("p1.dJ_dWu", @"\frac{\partial J}{\partial W^u} = \frac{\partial J}{\partial s} h^T + \frac{\partial J}{\partial W^e} - \frac{\partial J}{\partial W^e}", "uses ∂J/∂W^e, which this item does not give: its code receives ∂J/∂s")]
    public void A_result_that_leans_on_a_derivative_the_item_does_not_give_is_left_for_hand_grading(string item, string box, string detail)
    {
        string cell = "By the chain rule:\n\n$$\\boxed{" + box + "}$$\n";
        foreach (var verdict in new[] { WrittenResultChecker.Check(item + ".derivation", cell, Support.Specs), WrittenCheckRun.Check(item, cell) })
        {
            Assert.True(verdict.Status == WrittenStatus.HandGrading, $"{item}: {verdict.Label}: {verdict.Feedback}");
            Assert.Contains(detail, verdict.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_chains_of_the_problem_set_may_pass_through_intermediate_derivatives_before_the_boxed_result()
    {
        // 3.1 and 3.2 as the problem set writes them: ∂J/∂h_2 in the line before the box, the box from ∂J/∂h_3.
        string tanh = @"$$\begin{aligned} \frac{\partial J}{\partial h_1} &= W_r^T \text{diag}(\mathbb{1} - \tanh^2 g_2) \frac{\partial J}{\partial h_2} \\ "
                      + @"&= \boxed{W_r^T \text{diag}(\mathbb{1} - \tanh^2 g_2) W_r^T \text{diag}(\mathbb{1} - \tanh^2 g_3) " + Dh3 + @"} \end{aligned}$$";
        string residual = @"$$\begin{aligned} \frac{\partial J}{\partial h_1} &= \left[W_r^T \text{diag}(\mathbb{1} - \tanh^2 g_2) + \mathbb{I} \right] \frac{\partial J}{\partial h_2} \\ "
                          + @"&= \boxed{\left[W_r^T \text{diag}(\mathbb{1} - \tanh^2 g_2) + \mathbb{I} \right] \left[W_r^T \text{diag}(\mathbb{1} - \tanh^2 g_3) + \mathbb{I} \right] " + Dh3 + @"} \end{aligned}$$";
        string inOneBox = @"$$\boxed{\frac{\partial J}{\partial h_0} = W^{r,T} D_1 \frac{\partial J}{\partial h_1} = W^{r,T} D_1 W^{r,T} D_2 W^{r,T} D_3 " + Dh3 + "}$$";

        foreach (var (item, cell) in new[] { ("p2.dJ_dhs", tanh), ("p3.dJ_dhPrev_residual", residual), ("p2.dJ_dhs", inOneBox) })
        {
            var verdict = WrittenResultChecker.Check(item + ".derivation", cell, Support.Specs);
            Assert.True(verdict.Status == WrittenStatus.Agrees, $"{item}: {verdict.Label}: {verdict.Feedback}");
        }
    }
}
