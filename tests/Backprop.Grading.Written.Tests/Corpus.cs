using Backprop.Kernel;
using Backprop.Kernel.Written;

namespace Backprop.Grading.Written.Tests;

/// <summary>What a corpus entry must get.</summary>
public enum Expect
{
    /// <summary>Agrees on every case.</summary>
    Right,

    /// <summary>Wrong, with the named mistake in Detail (null: wrong without a name).</summary>
    Wrong,

    /// <summary>Left to hand grading, with a substring of the reason in Detail.</summary>
    Hand,

    /// <summary>No result in the cell.</summary>
    None,
}

/// <summary>One boxed result as a student might write it.</summary>
/// <param name="Item">The code item.</param>
/// <param name="Latex">The box's content; "RAW:" before it means the whole cell as given.</param>
/// <param name="Expect">The verdict it must get.</param>
/// <param name="Detail">The mistake's name (Wrong) or a piece of the reason (Hand).</param>
public sealed record Entry(string Item, string Latex, Expect Expect, string? Detail = null)
{
    /// <summary>The cell: a line of derivation, then the box in display maths, unless the entry is RAW.</summary>
    public string Cell => Latex.StartsWith("RAW:", StringComparison.Ordinal) ? Latex[4..] : "By the chain rule, entry by entry, then collected:\n\n$$\\boxed{" + Latex + "}$$\n";

    /// <inheritdoc/>
    public override string ToString() => $"{Item} {Expect} {Latex}";
}

/// <summary>
/// Boxed results written the ways students write them, by hand from the problem set's boxes: every notation variant the
/// checker claims to read, right and wrong, and results it must leave to a person.
/// </summary>
public static class Corpus
{
    private const string Ds = @"\frac{\partial J}{\partial s}";
    private const string Dh = @"\frac{\partial J}{\partial h}";
    private const string Dht = @"\frac{\partial J}{\partial h_t}";
    private const string Dh3 = @"\frac{\partial J}{\partial h_3}";
    private const string Dhp = @"\frac{\partial J}{\partial h_{t-1}}";
    private const string DWr = @"\frac{\partial J}{\partial W^r}";
    private const string DWe = @"\frac{\partial J}{\partial W^e}";
    private const string DWu = @"\frac{\partial J}{\partial W^u}";
    private const string Dg = @"\frac{\partial J}{\partial g_t}";
    private const string TanhH = @"\operatorname{diag}(\mathbb{1} - h_t \odot h_t)";
    private const string TanhG = @"\operatorname{diag}(\mathbb{1} - \tanh^2 g_t)";

    /// <summary>Every entry.</summary>
    public static IReadOnlyList<Entry> All { get; } =
    [
        // ---- p1.dJ_ds: y, p ----
        new("p1.dJ_ds", Ds + " = y - p", Expect.Right),
        new("p1.dJ_ds", @"\partial J/\partial s = y-p", Expect.Right),
        new("p1.dJ_ds", @"\nabla_s J = y - p", Expect.Right),
        new("p1.dJ_ds", @"\nabla_{s} J = -p + y", Expect.Right),
        new("p1.dJ_ds", @"\frac{\partial \mathcal{J}}{\partial s} = \mathbf{y} - \mathbf{p} = \text{error}", Expect.Right),
        new("p1.dJ_ds", @"\frac{dJ}{ds} = -(p - y)", Expect.Right),
        new("p1.dJ_ds", "y - p", Expect.Right),
        new("p1.dJ_ds", "∂J/∂s = y − p", Expect.Right),
        new("p1.dJ_ds", @"\dfrac{\partial J}{\partial \boldsymbol{s}} = \boldsymbol{y} - \boldsymbol{p}", Expect.Right),
        new("p1.dJ_ds", @"RAW:so the error is $y - p$:\n$$\frac{\partial J}{\partial s} = y - p$$", Expect.Right),
        new("p1.dJ_ds", Ds + " = p - y", Expect.Wrong, MistakeNames.SignFlip),
        new("p1.dJ_ds", @"\nabla_s J = -(y - p)", Expect.Wrong, MistakeNames.SignFlip),
        new("p1.dJ_ds", Ds + " = y", Expect.Wrong),
        new("p1.dJ_ds", Ds + " = 2y - p", Expect.Wrong),
        new("p1.dJ_ds", @"\frac{\partial L}{\partial s} = p - y", Expect.Hand, "log-likelihood"),
        new("p1.dJ_ds", @"\frac{\partial J}{\partial s_k} = y_k - p_k", Expect.Hand, "entry"),
        new("p1.dJ_ds", Ds + @" = \operatorname{softmax}(s) - y", Expect.Hand, "operatorname"),
        new("p1.dJ_ds", "RAW:I think it is y minus p.", Expect.None),
        new("p1.dJ_ds", "RAW:<!-- answer: p1.dJ_ds.derivation -->\n*Write your answer here.*", Expect.None),

        // ---- p1.dJ_dh: W^u, ∂J/∂s ----
        new("p1.dJ_dh", Dh + @" = W_{\text{unembed}}^T " + Ds, Expect.Right),
        new("p1.dJ_dh", Dh + " = (W^u)^T " + Ds, Expect.Right),
        new("p1.dJ_dh", Dh + @" = W^{u\top} " + Ds, Expect.Right),
        new("p1.dJ_dh", @"\nabla_h J = W^{u,T}\, \nabla_s J", Expect.Right),
        new("p1.dJ_dh", Dh + @" = \left(" + Ds + @"^T W^u\right)^T", Expect.Right),
        new("p1.dJ_dh", @"\frac{\partial J}{\partial \mathbf{h}} = \mathbf{W}_u^{\mathsf T} \frac{\partial J}{\partial \mathbf{s}}", Expect.Right),
        new("p1.dJ_dh", Dh + " = W_u' " + Ds, Expect.Right),
        new("p1.dJ_dh", Dh + @" = W^{uT} \cdot " + Ds, Expect.Right),
        new("p1.dJ_dh", @"\frac{\partial J}{\partial h} = W^u_{\text{}}{}^T" + Ds, Expect.Hand),
        new("p1.dJ_dh", Dh + " = W^u " + Ds, Expect.Wrong, MistakeNames.Transposed),
        new("p1.dJ_dh", Dh + " = " + Ds + "^T W^u", Expect.Wrong, MistakeNames.Transposed),
        new("p1.dJ_dh", Dh + " = -W^{u,T} " + Ds, Expect.Wrong, MistakeNames.SignFlip),
        new("p1.dJ_dh", Dh + " = W^{u,T} W^u " + Ds, Expect.Wrong),
        new("p1.dJ_dh", Dh + " = W^{u,T} (y - p)", Expect.Hand, "not one of the quantities"),
        new("p1.dJ_dh", Dh + " = W " + Ds, Expect.Hand, "W needs its name"),

        // ---- p1.dJ_dWu: ∂J/∂s, h ----
        new("p1.dJ_dWu", DWu + " = " + Ds + " h^T", Expect.Right),
        new("p1.dJ_dWu", @"\frac{\partial J}{\partial W_{\text{unembed}}} = \frac{\partial J}{\partial s}\, h^{\top}", Expect.Right),
        new("p1.dJ_dWu", @"\nabla_{W^u} J = (\nabla_s J) h^{T}", Expect.Right),
        new("p1.dJ_dWu", @"\frac{\partial J}{\partial \mathbf{W}^{u}} = \frac{\partial J}{\partial \mathbf{s}} \cdot \mathbf{h}^\intercal", Expect.Right),
        new("p1.dJ_dWu", DWu + @" = \left(h\, " + Ds + @"^{T}\right)^{T}", Expect.Right),
        new("p1.dJ_dWu", @"\frac{\partial J}{\partial W_u} = \Big(\frac{\partial J}{\partial s}\Big) h'", Expect.Right),
        new("p1.dJ_dWu", DWu + " = h " + Ds + "^T", Expect.Wrong, MistakeNames.Transposed),
        new("p1.dJ_dWu", DWu + " = " + Ds + "^T h", Expect.Wrong, WrittenMistakeNames.Dimensions),
        new("p1.dJ_dWu", DWu + " = " + Ds + " h", Expect.Wrong, WrittenMistakeNames.Dimensions),
        new("p1.dJ_dWu", DWu + " = -" + Ds + " h^T", Expect.Wrong, MistakeNames.SignFlip),
        new("p1.dJ_dWu", DWu + @" = " + Ds + @" \otimes h", Expect.Hand, "otimes"),
        new("p1.dJ_dWu", @"\frac{\partial J}{\partial W^u_{kj}} = \frac{\partial J}{\partial s_k} h_j", Expect.Hand, "names entries"),

        // ---- p1.dJ_dWe: ∂J/∂h, x ----
        new("p1.dJ_dWe", DWe + " = " + Dh + " x^T", Expect.Right),
        new("p1.dJ_dWe", @"\frac{\partial J}{\partial W_{\text{embed}}} = \frac{\partial J}{\partial h}\, x^{T}", Expect.Right),
        new("p1.dJ_dWe", @"\nabla_{W^e}J = \nabla_h J\, x^\top", Expect.Right),
        new("p1.dJ_dWe", @"\frac{\partial J}{\partial W_e} = \frac{\partial J}{\partial \mathbf h} \mathbf x^{\mathsf{T}}", Expect.Right),
        new("p1.dJ_dWe", @"RAW:$$\begin{aligned}\frac{\partial J}{\partial W_{jk}^e} &= \frac{\partial J}{\partial h_j} x_k \\ \boxed{\frac{\partial J}{\partial W^e} &= \frac{\partial J}{\partial h} x^T}\end{aligned}$$", Expect.Right),
        new("p1.dJ_dWe", DWe + " = x " + Dh + "^T", Expect.Wrong, MistakeNames.Transposed),
        new("p1.dJ_dWe", DWe + " = " + Dh + " x", Expect.Wrong, WrittenMistakeNames.Dimensions),
        new("p1.dJ_dWe", DWe + " = -" + Dh + " x^T", Expect.Wrong, MistakeNames.SignFlip),
        new("p1.dJ_dWe", DWe + " = " + Dh + " x^T x x^T", Expect.Right),
        new("p1.dJ_dWe", DWe + " = 2 " + Dh + " x^T", Expect.Wrong),
        new("p1.dJ_dWe", DWe + @" = W^e \def\x{x}" + Dh, Expect.Hand, "macros"),

        // ---- p2.dJ_dg: h_t, ∂J/∂h_t (the whole tanh case) ----
        new("p2.dJ_dg", Dg + " = " + TanhH + " " + Dht, Expect.Right),
        new("p2.dJ_dg", Dg + @" = (\mathbb{1} - h_t \odot h_t) \odot " + Dht, Expect.Right),
        new("p2.dJ_dg", Dg + " = (1 - h_t^2) \\odot " + Dht, Expect.Right),
        new("p2.dJ_dg", Dg + " = " + Dht + @" \odot (1 - h_t \circ h_t)", Expect.Right),
        new("p2.dJ_dg", Dg + @" = \mathrm{diag}(1 - \tanh^2 g_t) " + Dht, Expect.Right),
        new("p2.dJ_dg", Dg + @" = \tanh'(g_t) \odot " + Dht, Expect.Right),
        new("p2.dJ_dg", Dg + " = D_t " + Dht, Expect.Right),
        new("p2.dJ_dg", @"\nabla_{g_t} J = (\mathbf{1} - \mathbf{h}_t^2) ⊙ \nabla_{h_t} J", Expect.Right),
        new("p2.dJ_dg", @"\frac{\partial J}{\partial g_{t}} = \left(\mathbb{1}-h_{t}\odot h_{t}\right)\odot\frac{\partial J}{\partial h_{t}}", Expect.Right),
        new("p2.dJ_dg", Dg + @" = \operatorname{sech}^2(g_t) \odot " + Dht, Expect.Right),
        new("p2.dJ_dg", @"\frac{\partial J}{\partial g_{t+1}} = (1 - h_{t+1}^2) \odot \frac{\partial J}{\partial h_{t+1}}", Expect.Right),
        new("p2.dJ_dg", Dg + @" = \operatorname{diag}(1 - \tanh(g_t)^2)\," + Dht, Expect.Right),
        new("p2.dJ_dg", Dg + " = (1 - h_t) \\odot " + Dht, Expect.Wrong, MistakeNames.TanhFactorLinear),
        new("p2.dJ_dg", Dg + @" = (1 - \tanh^2 h_t) \odot " + Dht, Expect.Wrong, MistakeNames.TanhOfState),
        new("p2.dJ_dg", Dg + @" = (1 - h_{t-1} \odot h_{t-1}) \odot " + Dht, Expect.Wrong, WrittenMistakeNames.TanhFactorWrongStep),
        new("p2.dJ_dg", Dg + " = -(1 - h_t^2) \\odot " + Dht, Expect.Wrong, MistakeNames.SignFlip),
        new("p2.dJ_dg", Dg + " = " + Dht, Expect.Wrong, MistakeNames.MissingTanhFactor),
        new("p2.dJ_dg", Dg + " = h_t \\odot " + Dht, Expect.Wrong),
        new("p2.dJ_dg", Dg + " = (1 - h_t^2) " + Dht, Expect.Wrong, WrittenMistakeNames.Dimensions),
        new("p2.dJ_dg", Dg + " = " + Dg, Expect.Hand, "the derivative it is meant to give"),
        new("p2.dJ_dg", Dg + @" = \sigma'(g_t) \odot " + Dht, Expect.Hand, "sigma"),

        // ---- p2.dJ_dhPrev ----
        new("p2.dJ_dhPrev", Dhp + " = W^{r,T} " + TanhH + " " + Dht, Expect.Right),
        new("p2.dJ_dhPrev", Dhp + " = W^{r,T} " + Dg, Expect.Right),
        new("p2.dJ_dhPrev", Dhp + @" = (W^r)^T \left[(1 - h_t^2) \odot " + Dht + @"\right]", Expect.Right),
        new("p2.dJ_dhPrev", @"\nabla_{h_{t-1}} J = W_r^\top ((\mathbf{1} - \mathbf{h}_t \odot \mathbf{h}_t) \odot \nabla_{h_t} J)", Expect.Right),
        new("p2.dJ_dhPrev", @"\frac{\partial J}{\partial h_t} = W^{r,T} \operatorname{diag}(1 - h_{t+1}^2) \frac{\partial J}{\partial h_{t+1}}", Expect.Right),
        new("p2.dJ_dhPrev", Dhp + @" = \left(" + Dht + @"^T \operatorname{diag}(1-h_t^2) W^r\right)^T", Expect.Right),
        new("p2.dJ_dhPrev", Dhp + @" = W^{r\top} D_t " + Dht, Expect.Right),
        new("p2.dJ_dhPrev", @"\frac{\partial J}{\partial h_{t−1}} = \mathbf{W}^{r,\mathsf{T}} \mathrm{diag}(\mathbb{1}-\mathbf{h}_t\odot\mathbf{h}_t)\,\frac{\partial J}{\partial \mathbf{h}_t}", Expect.Right),
        new("p2.dJ_dhPrev", Dhp + @" = W^{r,T} \operatorname{diag}(1 - \tanh^2 g_t) \cdot " + Dht, Expect.Right),
        new("p2.dJ_dhPrev", @"\partial J / \partial h_{t-1} = W_r^T (\partial J/\partial g_t)", Expect.Right),
        new("p2.dJ_dhPrev", @"RAW:$$\frac{\partial J}{\partial h_{t-1}} = \boxed{W^{r,T}\, \operatorname{diag}(\mathbb{1} - h_t \odot h_t)\, \frac{\partial J}{\partial h_t}}$$", Expect.Right),
        new("p2.dJ_dhPrev", Dhp + " = W^{r,T} " + Dht, Expect.Wrong, MistakeNames.MissingTanhFactor),
        new("p2.dJ_dhPrev", Dhp + @" = W^r \operatorname{diag}(1-h_t^2) " + Dht, Expect.Wrong, MistakeNames.Transposed),
        new("p2.dJ_dhPrev", Dhp + @" = W^{r,T}\operatorname{diag}(1 - h_{t-1}^2) " + Dht, Expect.Wrong, WrittenMistakeNames.TanhFactorWrongStep),
        new("p2.dJ_dhPrev", Dhp + @" = -W^{r,T}\operatorname{diag}(1-h_t^2)" + Dht, Expect.Wrong, MistakeNames.SignFlip),
        new("p2.dJ_dhPrev", Dhp + " = " + Dht + @"^T \operatorname{diag}(1-h_t^2) W^r", Expect.Wrong, MistakeNames.Transposed),
        new("p2.dJ_dhPrev", Dhp + @" = \operatorname{diag}(1-h_t^2) W^{r,T} " + Dht, Expect.Wrong),
        new("p2.dJ_dhPrev", Dhp + @" = W^{r,T} (1 - h_t^2) \odot " + Dht, Expect.Hand, "parentheses"),
        new("p2.dJ_dhPrev", Dhp + @" = W^{r,T} \operatorname{diag}(1-h_t^2) " + Dhp, Expect.Hand, "the derivative it is meant to give"),
        new("p2.dJ_dhPrev", @"\frac{\partial J}{\partial h_1} = W^{r,T} \operatorname{diag}(1-h_2^2) \frac{\partial J}{\partial h_2}", Expect.Hand, "one-step map"),
        new("p2.dJ_dhPrev", Dhp + @" = W^{r,T} \operatorname{diag}(1-h_t^2) \frac{\partial J}{\partial h}", Expect.Hand, "step index"),

        // indices and transposes in other places, bold vectors, sizing commands
        new("p2.dJ_dhPrev", Dhp + @" = W^{T}_{r} \operatorname{diag}(1 - h_t^2) " + Dht, Expect.Right),
        new("p2.dJ_dhPrev", Dhp + @" = \mathbf{W}_{r}^{\top} \operatorname{diag}\bigl(\mathbf{1} - \mathbf{h}_{t}\odot\mathbf{h}_{t}\bigr) \frac{\partial J}{\partial \mathbf{h}_{t}}", Expect.Right),
        new("p2.dJ_dhPrev", Dhp + @" = {W^r}^T \Bigg( \left(1 - h_t^2\right) \odot " + Dht + @" \Bigg)", Expect.Right),
        new("p2.dJ_dhPrev", @"\frac{\partial J}{\partial \boldsymbol{h}_{t - 1}} = W^{\mathsf{T}}_{r}\, \mathrm{diag}\left[ 1 - \boldsymbol{h}_t \circ \boldsymbol{h}_t \right] \frac{\partial J}{\partial \boldsymbol{h}_t}", Expect.Right),
        new("p2.dJ_dhPrev", @"\frac{\partial J}{\partial \vec{h}_{t-1}} = W_r^{T} \left(\frac{\partial J}{\partial \vec{h}_t} \odot (1 - \vec{h}_t \odot \vec{h}_t)\right)", Expect.Right),
        new("p2.dJ_dhPrev", @"RAW:One step back:\n$$ \frac{\partial J}{\partial h_{t-1}} = W^{r,T}\,\frac{\partial J}{\partial g_t} $$\nwith the previous box.", Expect.Right),
        new("p2.dJ_dhPrev", @"RAW:$$\begin{aligned} \frac{\partial J}{\partial h_{t-1}} &= \frac{\partial J}{\partial h_t}\frac{\partial h_t}{\partial g_t}\frac{\partial g_t}{\partial h_{t-1}} \\ &= \boxed{W^{r,T} \operatorname{diag}(\mathbb{1} - h_t \odot h_t) \frac{\partial J}{\partial h_t}} \end{aligned}$$", Expect.Right),
        new("p2.dJ_dWr", @"\nabla_{\mathbf{W}^r} J = \sum_{t=1}^{T} \left(\left(\mathbf{1} - \mathbf{h}_t^{2}\right) \odot \nabla_{\mathbf{h}_t} J\right) \mathbf{h}_{t-1}^{\top}", Expect.Right),
        new("p2.dJ_dWr", @"\frac{\partial J}{\partial \mathbf{W}_{r}} = \sum_{t = 1}^{T} D_{t}\, \frac{\partial J}{\partial h_{t}}\, \left(h_{t-1}\right)^{T}", Expect.Right),
        new("p2.dJ_dWr", @"\frac{\partial J}{\partial W^{(r)}} = \sum_{t=1}^T " + Dg + @" \cdot h_{t-1}^T", Expect.Right),
        new("p2.dJ_dWr", @"\frac{\partial J}{\partial W^r} = \sum_{t=1}^{T} \left(h_{t-1} " + Dg + @"^{T}\right)^{T}", Expect.Right),
        new("p1.dJ_dh", @"\frac{\partial J}{\partial \mathbf{h}} = \left(\mathbf{W}^{u}\right)^{\!\top} \left(\frac{\partial J}{\partial \mathbf{s}}\right)", Expect.Right),
        new("p1.dJ_dWe", @"\nabla_{\mathbf{W}_e} J = \left(\nabla_{\mathbf{h}} J\right) \mathbf{x}^{\intercal}", Expect.Right),
        new("p3.dJ_dhPrev_residual", @"\frac{\partial J}{\partial h_{t-1}} = \left(\mathbb{I} + W_r^{\mathsf T} \operatorname{diag}\!\left(\mathbb{1} - \tanh^{2}(g_t)\right)\right) \frac{\partial J}{\partial h_t}", Expect.Right),
        new("p3.dJ_dhPrev_residual", @"\frac{\partial J}{\partial h_{t-1}} = \left(\mathbb{I} + W_r^{\mathsf T} \operatorname{diag}\!\left(\mathbb{1} - \tanh^{2}(g_t)\right)\right)^T \frac{\partial J}{\partial h_t}", Expect.Wrong, MistakeNames.Transposed),
        new("p2.dJ_dWe", @"\frac{\partial J}{\partial W^e} = \sum_{t=1}^{T} \left[\left(\mathbf{1} - \mathbf{h}_t \odot \mathbf{h}_t\right) \odot \frac{\partial J}{\partial \mathbf{h}_t}\right] \mathbf{x}_t^{\mathsf{T}}", Expect.Right),
        new("p2.dJ_dWe", @"\frac{\partial J}{\partial W^e} = \sum_{t=1}^{T} \left[\left(\mathbf{1} - \mathbf{h}_t \odot \mathbf{h}_t\right) \odot \frac{\partial J}{\partial \mathbf{h}_t}\right] \mathbf{x}_{t+1}^{\mathsf{T}}", Expect.Wrong, MistakeNames.CurrentInsteadOfPrevious),

        new("p2.dJ_dhPrev", Dhp + @" = W^{r,T} \times \operatorname{diag}(\mathbb{1} - h_t \odot h_t) \times " + Dht, Expect.Right),
        new("p3.dJ_dhPrev_residual", "∂J/∂h_{t−1} = (𝕀 + W_rᵀ diag(𝟙 − tanh² g_t)) ∂J/∂h_t", Expect.Right),
        new("p3.dJ_dhPrev_residual", "∂J/∂h_{t−1} = (𝕀 + W_r diag(𝟙 − tanh² g_t)) ∂J/∂h_t", Expect.Wrong, MistakeNames.Transposed),
        new("p2.dJ_dg", "∂J/∂g_t = (𝟙 − h_t²) ⊙ ∂J/∂h_t", Expect.Right),

        // ---- p2.dJ_dhs: ∂J/∂h_0 for T = 3, from ∂J/∂h_3 ----
        new("p2.dJ_dhs", @"\frac{\partial J}{\partial h_0} = W^{r,T} D_1 W^{r,T} D_2 W^{r,T} D_3 " + Dh3, Expect.Right),
        new("p2.dJ_dhs", @"\frac{\partial J}{\partial h_0} = W^{r,T}\operatorname{diag}(1-h_1\odot h_1) W^{r,T}\operatorname{diag}(1-h_2\odot h_2) W^{r,T}\operatorname{diag}(1-h_3\odot h_3)" + Dh3, Expect.Right),
        new("p2.dJ_dhs", @"\frac{\partial J}{\partial h_0} = W^{r,T} \operatorname{diag}(1-h_1^2) \frac{\partial J}{\partial h_1}", Expect.Hand, "uses ∂J/∂h_1, which this item asks you to express through ∂J/∂h_3"),
        new("p2.dJ_dhs", Dhp + @" = W^{r,T}\operatorname{diag}(1-h_t^2)" + Dht, Expect.Right),
        new("p2.dJ_dhs", @"\frac{\partial J}{\partial h_1} = W^{r,T} D_2 W^{r,T} D_3 " + Dh3, Expect.Right),
        new("p2.dJ_dhs", @"\nabla_{h_0} J = W_r^T\left[(1-h_1^2)\odot\left(W_r^T\left[(1-h_2^2)\odot\left(W_r^T\left[(1-h_3^2)\odot\nabla_{h_3}J\right]\right)\right]\right)\right]", Expect.Right),
        new("p2.dJ_dhs", @"\frac{\partial J}{\partial h_0} = W^{r,T} W^{r,T} W^{r,T} " + Dh3, Expect.Wrong, MistakeNames.MissingTanhFactor),
        new("p2.dJ_dhs", @"\frac{\partial J}{\partial h_0} = W^{r,T}\operatorname{diag}(1-h_0\odot h_0) W^{r,T}\operatorname{diag}(1-h_1\odot h_1) W^{r,T}\operatorname{diag}(1-h_2\odot h_2)" + Dh3, Expect.Wrong, WrittenMistakeNames.TanhFactorWrongStep),
        new("p2.dJ_dhs", @"\frac{\partial J}{\partial h_0} = W^r D_1 W^r D_2 W^r D_3 " + Dh3, Expect.Wrong, MistakeNames.Transposed),
        new("p2.dJ_dhs", @"\frac{\partial J}{\partial h_0} = W^{r,T} D_3 W^{r,T} D_2 W^{r,T} D_1 " + Dh3, Expect.Wrong, MistakeNames.OffByOne),
        new("p2.dJ_dhs", @"\frac{\partial J}{\partial h_0} = -W^{r,T} D_1 W^{r,T} D_2 W^{r,T} D_3 " + Dh3, Expect.Wrong, MistakeNames.SignFlip),
        new("p2.dJ_dhs", @"\frac{\partial J}{\partial h_0} = W^{r,T} D_1 W^{r,T} D_2 " + Dh3, Expect.Wrong),
        new("p2.dJ_dhs", @"\frac{\partial J}{\partial h_0} = \prod_{t=1}^{3} W^{r,T} D_t " + Dh3, Expect.Hand, "prod"),
        new("p2.dJ_dhs", @"\frac{\partial J}{\partial h_0} = W^{r,T} D_1 \frac{\partial J}{\partial h_0}", Expect.Hand, "the derivative it is meant to give"),

        // ---- p2.dJ_dWr ----
        new("p2.dJ_dWr", DWr + @" = \sum_{t=1}^{T} " + TanhH + " " + Dht + " h_{t-1}^T", Expect.Right),
        new("p2.dJ_dWr", DWr + @" = \sum_{t=1}^{3} " + TanhH + @"\, " + Dht + @"\, h_{t-1}^{T}", Expect.Right),
        new("p2.dJ_dWr", DWr + @" = \sum_t " + Dg + " h_{t-1}^T", Expect.Right),
        new("p2.dJ_dWr", DWr + @" = \sum_{t} \left[(1 - h_t^2) \odot " + Dht + @"\right] h_{t-1}^\top", Expect.Right),
        new("p2.dJ_dWr", DWr + @" = \sum_{k=1}^{T} D_k \frac{\partial J}{\partial h_k} h_{k-1}^T", Expect.Right),
        new("p2.dJ_dWr", @"\nabla_{W^r} J = \sum\limits_{t=1}^{T} \left(\left(\mathbb{1} - h_t \odot h_t\right) \odot \nabla_{h_t} J\right) h_{t-1}^{\mathsf T}", Expect.Right),
        new("p2.dJ_dWr", DWr + @" = \sum_{t=1}^{T} \left(h_{t-1} \left(" + Dg + @"\right)^T\right)^T", Expect.Right),
        new("p2.dJ_dWr", @"\frac{d\mathcal{J}}{dW^r} = \operatorname{diag}(\mathbb{1} - h_3 \odot h_3) \frac{\partial \mathcal{J}}{\partial h_3} h_2^T + \operatorname{diag}(\mathbb{1} - h_2 \odot h_2) \frac{\partial \mathcal{J}}{\partial h_2} h_1^T + \operatorname{diag}(\mathbb{1} - h_1 \odot h_1) \frac{\partial \mathcal{J}}{\partial h_1} h_0^T", Expect.Right),
        new("p2.dJ_dWr", DWr + @" = \sum_{t=1}^{T} \frac{\partial J}{\partial W^r_t} = \sum_{t=1}^{T} " + Dg + " h_{t-1}^T", Expect.Right),
        new("p2.dJ_dWr", DWr + @" = \sum_t " + Dht + " h_{t-1}^T", Expect.Wrong, MistakeNames.MissingTanhFactor),
        new("p2.dJ_dWr", DWr + @" = \sum_t D_t " + Dht + " h_t^T", Expect.Wrong, MistakeNames.CurrentInsteadOfPrevious),
        new("p2.dJ_dWr", DWr + @" = D_T \frac{\partial J}{\partial h_T} h_{T-1}^T", Expect.Wrong, MistakeNames.OnlyLastStep),
        new("p2.dJ_dWr", DWr + @" = \sum_t h_{t-1} \left(D_t " + Dht + @"\right)^T", Expect.Wrong, MistakeNames.Transposed),
        new("p2.dJ_dWr", DWr + @" = \sum_{t=1}^{T-1} D_t " + Dht + " h_{t-1}^T", Expect.Wrong, WrittenMistakeNames.SumRange),
        new("p2.dJ_dWr", DWr + @" = \sum_{t=0}^{T} D_t " + Dht + " h_{t-1}^T", Expect.Wrong, WrittenMistakeNames.SumRange),
        new("p2.dJ_dWr", DWr + @" = \sum_t \operatorname{diag}(1 - h_{t-1}^2) " + Dht + " h_{t-1}^T", Expect.Wrong, WrittenMistakeNames.TanhFactorWrongStep),
        new("p2.dJ_dWr", DWr + @" = -\sum_t D_t " + Dht + " h_{t-1}^T", Expect.Wrong, MistakeNames.SignFlip),
        new("p2.dJ_dWr", DWr + @" = \sum_t " + Dht + " (h_{t-1})", Expect.Wrong, WrittenMistakeNames.Dimensions),
        new("p2.dJ_dWr", DWr + @" = \sum_t D_t " + Dht + @" h_{t-1}^T + " + Dht, Expect.Hand, "parentheses"),
        new("p2.dJ_dWr", DWr + @" = \sum " + Dg + " h_{t-1}^T", Expect.Hand, "no index under it"),
        new("p2.dJ_dWr", DWr + @" = \sum_{t=1}^{T} \frac{\partial J}{\partial W^r_t}", Expect.Hand, "uses ∂J/∂W^r_t, which this item does not give"),
        new("p2.dJ_dWr", DWr + " = (W^r)^{-1}", Expect.Hand, "superscript"),
        new("p2.dJ_dWr", DWr + " = W_r^2", Expect.Hand, "element-wise"),

        // ---- p2.dJ_dWe ----
        new("p2.dJ_dWe", DWe + @" = \sum_{t=1}^{T} " + TanhH + " " + Dht + " x_t^T", Expect.Right),
        new("p2.dJ_dWe", DWe + @" = \sum_{t=1}^{3} " + TanhH + @"\, " + Dht + @"\, x_t^{T}", Expect.Right),
        new("p2.dJ_dWe", DWe + @" = \sum_t " + Dg + @" x_t^\top", Expect.Right),
        new("p2.dJ_dWe", DWe + @" = \sum_t ((1-h_t^2)\odot" + Dht + @") \mathbf{x}_t^{T}", Expect.Right),
        new("p2.dJ_dWe", @"\frac{d\mathcal{J}}{dW^e} = \left[\text{diag}(\mathbb{1} - h_3 \odot h_3) \frac{\partial \mathcal{J}}{\partial h_3} x_3^T + \text{diag}(\mathbb{1} - h_2 \odot h_2) \frac{\partial \mathcal{J}}{\partial h_2} x_2^T + \text{diag}(\mathbb{1} - h_1 \odot h_1) \frac{\partial \mathcal{J}}{\partial h_1} x_1^T \right]", Expect.Right),
        new("p2.dJ_dWe", DWe + @" = \sum_t " + Dht + " x_t^T", Expect.Wrong, MistakeNames.MissingTanhFactor),
        new("p2.dJ_dWe", DWe + @" = D_T \frac{\partial J}{\partial h_T} x_T^T", Expect.Wrong, MistakeNames.OnlyLastStep),
        new("p2.dJ_dWe", DWe + @" = \sum_t x_t (D_t " + Dht + ")^T", Expect.Wrong, MistakeNames.Transposed),
        new("p2.dJ_dWe", DWe + @" = \sum_t D_t " + Dht + " x_{t-1}^T", Expect.Wrong, MistakeNames.CurrentInsteadOfPrevious),
        new("p2.dJ_dWe", DWe + @" = \sum_{t=2}^{T} D_t " + Dht + " x_t^T", Expect.Wrong, WrittenMistakeNames.SumRange),
        new("p2.dJ_dWe", DWe + @" = \sum_t D_t " + Dht + " h_t^T", Expect.Wrong, WrittenMistakeNames.Dimensions),
        new("p2.dJ_dWe", DWe + @" = \sum_t \frac{\partial J}{\partial W^e_t}", Expect.Hand, "uses ∂J/∂W^e_t, which this item does not give"),
        new("p2.dJ_dWe", DWe + @" = \sum_t D_t " + Dht + " e_t^T", Expect.Hand, "not one of the problem set's quantities"),

        // ---- p3.dJ_dhPrev_residual ----
        new("p3.dJ_dhPrev_residual", Dhp + @" = \left[W_r^T " + TanhG + @" + \mathbb{I}\right] " + Dht, Expect.Right),
        new("p3.dJ_dhPrev_residual", Dhp + @" = W_r^T \operatorname{diag}(1 - \tanh^2(g_t)) " + Dht + " + " + Dht, Expect.Right),
        new("p3.dJ_dhPrev_residual", Dhp + " = " + Dht + @" + W_r^\top (\tanh'(g_t) \odot " + Dht + ")", Expect.Right),
        new("p3.dJ_dhPrev_residual", Dhp + " = (I + W_r^T D_t) " + Dht, Expect.Right),
        new("p3.dJ_dhPrev_residual", Dhp + @" = (W_r^T D_t + \mathbb{1}) " + Dht, Expect.Right),
        new("p3.dJ_dhPrev_residual", @"\frac{\partial J}{\partial h_1} = [W_r^T \operatorname{diag}(1 - \tanh^2 g_2) + I][W_r^T \operatorname{diag}(1 - \tanh^2 g_3) + I] " + Dh3, Expect.Right),
        new("p3.dJ_dhPrev_residual", @"\frac{\partial J}{\partial h_1} = (I + W_r^T D_2)(I + W_r^T D_3) \nabla_{h_3} J", Expect.Right),
        new("p3.dJ_dhPrev_residual", Dhp + @" = \left(W_r^T \text{diag}(\mathbb{1}-\tanh^2 g_t) + \mathbb{I}\right)" + Dht, Expect.Right),
        new("p3.dJ_dhPrev_residual", Dhp + @" = \left(W_r^T \operatorname{diag}(\mathbb{1}-\tanh^2 g_t) + \mathbb{I}_M\right)" + Dht, Expect.Right),
        new("p3.dJ_dhPrev_residual", Dhp + @" = W_r^T " + TanhG + " " + Dht, Expect.Wrong, MistakeNames.MissingIdentity),
        new("p3.dJ_dhPrev_residual", Dhp + @" = (W_r^T + I) " + Dht, Expect.Wrong, MistakeNames.MissingTanhFactor),
        new("p3.dJ_dhPrev_residual", Dhp + @" = (W_r^T \operatorname{diag}(1 - h_t \odot h_t) + I) " + Dht, Expect.Wrong, MistakeNames.TanhOfState),
        new("p3.dJ_dhPrev_residual", @"\frac{\partial J}{\partial h_1} = W_r^T \operatorname{diag}(1 - \tanh^2 g_2) W_r^T \operatorname{diag}(1 - \tanh^2 g_3) " + Dh3, Expect.Wrong, MistakeNames.MissingIdentity),
        new("p3.dJ_dhPrev_residual", @"\frac{\partial J}{\partial h_1} = (W_r^T + I)(W_r^T + I) " + Dh3, Expect.Wrong, MistakeNames.MissingTanhFactor),
        new("p3.dJ_dhPrev_residual", @"\frac{\partial J}{\partial h_1} = (W_r^T \operatorname{diag}(1 - h_2 \odot h_2) + I)(W_r^T \operatorname{diag}(1 - h_3\odot h_3) + I) " + Dh3, Expect.Wrong, MistakeNames.TanhOfState),
        new("p3.dJ_dhPrev_residual", Dhp + @" = -\left[W_r^T " + TanhG + @" + \mathbb{I}\right] " + Dht, Expect.Wrong, MistakeNames.SignFlip),
        new("p3.dJ_dhPrev_residual", Dhp + @" = \left[W_r " + TanhG + @" + \mathbb{I}\right] " + Dht, Expect.Wrong, MistakeNames.Transposed),
        new("p3.dJ_dhPrev_residual", Dhp + @" = \left[W_r^T \operatorname{diag}(1 - \tanh^2 g_{t-1}) + \mathbb{I}\right] " + Dht, Expect.Wrong, WrittenMistakeNames.TanhFactorWrongStep),
        new("p3.dJ_dhPrev_residual", @"\frac{\partial J}{\partial h_1} = \prod_{t=2}^{3}(I + W_r^T D_t) " + Dh3, Expect.Hand, "prod"),
        new("p3.dJ_dhPrev_residual", Dhp + @" = \left[W_r^T " + TanhG + @" + \mathbb{I}\right] " + Dhp, Expect.Hand, "the derivative it is meant to give"),

        // ---- p3.dJ_dWr_residual ----
        new("p3.dJ_dWr_residual", @"\frac{\partial J}{\partial W_r} = \sum_{t=1}^{T} " + TanhG + @"\, " + Dht + @"\, h_{t-1}^{T}", Expect.Right),
        new("p3.dJ_dWr_residual", @"\frac{\partial J}{\partial W_r} = \sum_t " + Dg + " h_{t-1}^T", Expect.Hand, "uses ∂J/∂g_t, which this item does not give: its code receives ∂J/∂h_t"),
        new("p3.dJ_dWr_residual", @"\frac{\partial J}{\partial W_r} = \sum_t (\tanh'(g_t) \odot " + Dht + ") h_{t-1}^T", Expect.Right),
        new("p3.dJ_dWr_residual", @"\frac{\partial J}{\partial W_r} = \sum_{t=1}^{T} D_t " + Dht + @" h_{t-1}^\top", Expect.Right),
        new("p3.dJ_dWr_residual", @"\nabla_{W_r} J = \sum_{\tau=1}^{T} \left(\mathbb{1} - \tanh^2 g_\tau\right) \odot \nabla_{h_\tau} J\; h_{\tau-1}^T", Expect.Right),
        new("p3.dJ_dWr_residual", @"\frac{\partial J}{\partial W_r} = \sum_t " + Dht + " h_{t-1}^T", Expect.Wrong, MistakeNames.MissingTanhFactor),
        new("p3.dJ_dWr_residual", @"\frac{\partial J}{\partial W_r} = \sum_t D_t " + Dht + " h_t^T", Expect.Wrong, MistakeNames.CurrentInsteadOfPrevious),
        new("p3.dJ_dWr_residual", @"\frac{\partial J}{\partial W_r} = D_T \frac{\partial J}{\partial h_T} h_{T-1}^T", Expect.Wrong, MistakeNames.OnlyLastStep),
        new("p3.dJ_dWr_residual", @"\frac{\partial J}{\partial W_r} = \sum_t h_{t-1} (D_t " + Dht + ")^T", Expect.Wrong, MistakeNames.Transposed),
        new("p3.dJ_dWr_residual", @"\frac{\partial J}{\partial W_r} = \sum_{t=1}^{T} \operatorname{diag}(1 - h_t \odot h_t) " + Dht + " h_{t-1}^T", Expect.Wrong, MistakeNames.TanhOfState),
        new("p3.dJ_dWr_residual", @"\frac{\partial J}{\partial W_r} = \sum_{t=1}^{T-1} D_t " + Dht + " h_{t-1}^T", Expect.Wrong, WrittenMistakeNames.SumRange),

        // ---- p3.dJ_dhPrev_leaky: W_r, g_t, ∂J/∂h_t, α ----
        new("p3.dJ_dhPrev_leaky", Dhp + @" = \left[(1-\alpha)\mathbb{I} + \alpha W_r^T " + TanhG + @"\right] " + Dht, Expect.Right),
        new("p3.dJ_dhPrev_leaky", Dhp + @" = (1-\alpha) " + Dht + @" + \alpha W_r^T (\tanh'(g_t) \odot " + Dht + ")", Expect.Right),
        new("p3.dJ_dhPrev_leaky", Dhp + " = ((1 - α) I + α W_r^T D_t) " + Dht, Expect.Right),
        new("p3.dJ_dhPrev_leaky", Dhp + @" = (1-\alpha)\frac{\partial J}{\partial h_t} + \alpha\, W_r^{T} \operatorname{diag}(1 - \tanh^{2}(g_t)) \frac{\partial J}{\partial h_t}", Expect.Right),
        new("p3.dJ_dhPrev_leaky", Dhp + @" = \left[\alpha \mathbb{I} + (1-\alpha) W_r^T D_t\right] " + Dht, Expect.Wrong, MistakeNames.LeakWeightsSwapped),
        new("p3.dJ_dhPrev_leaky", Dhp + @" = \left[(1-\alpha) \mathbb{I} + W_r^T D_t\right] " + Dht, Expect.Wrong, MistakeNames.LeakOnlyOnIdentity),
        new("p3.dJ_dhPrev_leaky", Dhp + @" = \alpha W_r^T D_t " + Dht, Expect.Wrong, MistakeNames.MissingIdentity),
        new("p3.dJ_dhPrev_leaky", Dhp + @" = -\left[(1-\alpha)\mathbb{I} + \alpha W_r^T D_t\right] " + Dht, Expect.Wrong, MistakeNames.SignFlip),
        new("p3.dJ_dhPrev_leaky", Dhp + @" = \left[(1-\alpha)\mathbb{I} + \alpha W_r D_t\right] " + Dht, Expect.Wrong, MistakeNames.Transposed),
        new("p3.dJ_dhPrev_leaky", Dhp + @" = \left[(1-\alpha)\mathbb{I} + \alpha W_r^T \operatorname{diag}(1 - h_t^2)\right] " + Dht, Expect.Hand, "not one of the quantities"),
        new("p3.dJ_dhPrev_leaky", @"\frac{\partial J}{\partial h_1} = \left[(1-\alpha)\mathbb{I} + \alpha W_r^T D_2\right] \frac{\partial J}{\partial h_2}", Expect.Hand, "one-step map"),
        new("p3.dJ_dhPrev_leaky", @"\frac{\partial J}{\partial g_t} = \alpha D_t " + Dht, Expect.Hand, "asks for"),
    ];
}
