using System.Text.RegularExpressions;
using Backprop.Kernel;
using Backprop.Kernel.Checking;
using Xunit.Abstractions;

namespace Backprop.Grading.Tests;

/// <summary>
/// The homework release, every file of it, searched for each graded item's answer as a person would write it: in LaTeX,
/// in Unicode maths, in plain text and in code. The forms are written out here by hand, one list per item, independently
/// of the solution regions (the other leak test derives its forms from those); the tutorial release, which shows the
/// answers, is the positive control: each item's list must find something there.
/// </summary>
[Collection(ReleaseBuilds.Name)]
public class AnswerFormLeakTests(CourseReleaseFixture release, ITestOutputHelper log) : IClassFixture<CourseReleaseFixture>
{
    /// <summary>
    /// Each graded code item's answer in the forms it is written in. A plain string matches whatever whitespace, braces and
    /// parentheses lie between its characters (− as -, ᵀ as ^T, as <see cref="BoxFormulas.Normalise"/> reads them) and must
    /// not sit inside a longer name; a string starting with "re:" is a regular expression over
    /// <see cref="BoxFormulas.Normalise"/>'s text (no whitespace, braces or parentheses), for code whose names vary.
    /// </summary>
    internal static readonly IReadOnlyDictionary<string, string[]> Forms = new Dictionary<string, string[]>
    {
        ["p1.dJ_ds"] =
        [
            @"\frac{\partial J}{\partial s} = y - p", "∂J/∂s = y − p", "dJ/ds = y - p", "return y - p;", "re:(?<!\\w)Y-(\\w+\\.)?P(?!\\w)", "y.Subtract(p)",
            "e_y - p", @"\mathbf{y} - \mathbf{p}", "how these two bars",
        ],
        ["p1.dJ_dh"] =
        [
            @"W_u^T (y - p)", @"W^{u,T} (y - p)", @"W_{\text{unembed}}^T (y - p)", "Wuᵀ (y − p)", "Wuᵀ ∂J/∂s", "Wu^T dJ/ds",
            @"W_u^\top \frac{\partial J}{\partial s}", @"W^{u,T} \frac{\partial J}{\partial s}",
            "re:Wu\\.TransposeThisAndMultiply", "re:Wu\\.Transpose\\*", "re:Wu\\.Transpose\\.Multiply",
            // hw02: 01's looking-back question, which said the answer passes back through a matrix.
            "How does a gradient pass back through a matrix",
        ],
        ["p1.dJ_dWu"] =
        [
            @"(y - p) h^T", "(y − p) hᵀ", "∂J/∂s hᵀ", @"\frac{\partial J}{\partial s} h^T", "dJ/ds h^T",
            "re:(dJ_ds|ds)\\.OuterProduct(h|trace\\.H)\\b",
            // hw02: 01's looking-back question, which said the two weight gradients share a form.
            "what do the two weight gradients have in common",
        ],
        ["p1.dJ_dWe"] =
        [
            "∂J/∂h xᵀ", @"\frac{\partial J}{\partial h} x^T", "dJ/dh x^T", "Wuᵀ (y − p) xᵀ",
            "re:(dJ_dh|dh)\\.OuterProduct(x|trace\\.X)\\b",
            // hw02: text that said which entries of ∂J/∂W^e a one-hot input leaves, outside its region.
            @"see which entries of $\partial J/\partial W^e$ change",
        ],
        ["p2.dJ_dg"] =
        [
            "1 − h_t ⊙ h_t", @"1 - h_t \odot h_t", @"\mathbb{1} - h_t \odot h_t", "1 − h_t²", "1 - h_t^2", @"\mathbb{1} - h_t^2", "diag(1 − h_t²)",
            @"\operatorname{diag}(1 - h_t \odot h_t)", "(1 - h*h)", "1 - h_t * h_t", "1 - v * v", "1.0 - v * v",
            "re:1(\\.0)?-(\\w+)\\.PointwiseMultiply\\2(?!\\w)", "re:1(\\.0)?-(\\w+)\\.PointwisePower2",
            "re:1(\\.0)?-(\\w+(\\[\\w+\\])?)\\*\\2(?![\\w\\[])", "re:PointwiseMultiply1(\\.0)?-", "re:1(\\.0)?-(\\w+)\\.PointwiseSquare",
            // Text that says how the answer is written (with h_t).
            @"in terms of $g_t$ (not $h_t$)", "Which form of notebook 02 does", @"with $h_t$ replaced by $\tanh(g_t)$", "with tanh(g_t) where it used h_t", "no longer be written with h_t",
            // hw03: text of notebook 03 that narrowed this answer.
            "the slope of tanh at each entry of the pre-activation", "A gradient only flows back through units that are not saturated", "$D_t$ only shrink",
        ],
        ["p2.dJ_dhPrev"] =
        [
            @"W_r^T \frac{\partial J}{\partial g_t}", @"W^{r,T} \frac{\partial J}{\partial g_t}", "Wrᵀ ∂J/∂g_t", "Wr^T dJ/dg",
            "Wrᵀ diag(1 − h_t ⊙ h_t)", @"W_r^T \operatorname{diag}", "Wrᵀ D_t", @"W_r^T D_t", @"W^{r,T} D_t", "D_t W_r", "D_t·W_r", "D_t·Wr",
            "re:Wr\\.TransposeThisAndMultiply", "re:Wr\\.Transpose\\*", "re:Wr\\.Transpose\\.Multiply",
            @"\lVert D_t v \rVert \le \lVert v \rVert",
            // hw02: text that said the step goes through ∂J/∂g_t, or handed over the index convention with the classmate's slip.
            "Every later box of this notebook goes through this step", @"Start from $\partial J/\partial g_t$ of the previous box", @"indexed $jk$ and $ji$",
            // hw03: text of notebook 03 that narrowed this answer.
            "transposing the whole product", "it has the eigenvalues of $W_r$", "three factors of the row-form product", "a matrix with as many rows as h_t has entries", "Which factor does tanh contribute, and at which argument",
        ],
        ["p2.dJ_dhs"] =
        [
            // The chain: each ∂J/∂h_{t−1} from the one-step map at step t, from t = T down to 1.
            "re:\\[t-1\\]=\\w+Wr,\\w+\\[t\\],\\w+\\[t\\]", "re:\\[t\\]=\\w+Wr,\\w+\\[t\\+1\\],\\w+\\[t\\+1\\]",
            "∂J/∂h_{t−1} = dJ_dhPrev(Wr, h_t, ∂J/∂h_t)", @"W^{r,T} D_1 W^{r,T} D_2", @"W_r^T D_1 W_r^T D_2", "Wrᵀ D_1 Wrᵀ D_2",
            @"t = T, T-1, \dots, 1", "t = T, T−1, …, 1",
            "paste the body of your notebook-02 dJ_dhs", "with gs where it read hs", "run from $t = T$ down to $t = 1$",
            "Each step back needs the one after it",
        ],
        ["p2.dJ_dWr"] =
        [
            @"\sum_t \frac{\partial J}{\partial g_t} h_{t-1}^T", @"\frac{\partial J}{\partial g_t} h_{t-1}^T", "Σ_t ∂J/∂g_t h_{t−1}ᵀ",
            "∂J/∂g_t h_{t−1}ᵀ", "dJ/dg_t h_{t-1}^T", "D_t ∂J/∂h_t h_{t−1}ᵀ", @"D_t \frac{\partial J}{\partial h_t} h_{t-1}^T",
            "re:OuterProduct\\w+\\[t-1\\]",
            // Text that says what shape the answer has.
            "a sum over time", "*untie* the weights", "collect one term per step", "is a sum with one term per step", "shift the time index of the state in each term",
            // hw02: text that said W^r's gradient has a direct term and terms through h_{t−1}, or that sharing changes it.
            @"depends on $W^r$ directly and through $h_{t-1}$", "what did sharing a weight across every step do to its gradient", "That keeps $h_{t-1}$ at `hs[t - 1]`",
            // hw03: text of notebook 03 that narrowed this answer.
            "the terms of $\\partial J/\\partial W_r$", "median term at t = 30", "share of the sum from t ≤ 20", "the early steps' part of", "Which term of $\\partial J/\\partial W_r$", "gathers what every step contributes", "is what reaches the weights through",
            // hw04: notebook 04's share of ∂J/∂W_r read as one term per step.
            "step $t$'s term is your", "share of ∂J/∂Wr from step", @"share of $\partial J/\partial W_r$ from the early steps",
            // lead: the library's text and names for what step t adds to ∂J/∂Wr read as a sum's terms.
            "term of step t", "each step's term", "WrTermNorms", "WrTermShares", "StepTermNorms", "which holds for any ∂J/∂Wr that is a sum",
        ],
        ["p2.dJ_dWe"] =
        [
            @"\sum_t \frac{\partial J}{\partial g_t} x_t^T", @"\frac{\partial J}{\partial g_t} x_t^T", "Σ_t ∂J/∂g_t x_tᵀ", "∂J/∂g_t x_tᵀ",
            "dJ/dg_t x_t^T", "D_t ∂J/∂h_t x_tᵀ", "column sum of ∂J/∂g_t", "sum of ∂J/∂g_t over the steps",
            "re:OuterProduct\\w*xs?\\[t\\]", "re:dWe\\w*\\[[^\\]]*\\]\\+=d\\w*g",
            @"the same sum with $x_t$", "the same untying argument", "sum of two steps' contributions",
        ],
        ["p3.dJ_dhPrev_residual"] =
        [
            @"(\mathbb{I} + A_t)", "(𝕀 + A_t)", "(I + A_t)", @"\mathbb{I} + W_r^T", "I + Wrᵀ D_t", "𝕀 + Wrᵀ", "Wrᵀ D_t + I",
            @"W_r^T D_t + \mathbb{I}", @"+ \mathbb{I}", "+ 𝕀", "+ 𝕀 ∂J/∂h_t", @"+ \frac{\partial J}{\partial h_t}", "+ ∂J/∂h_t", "dJ/dh_t +",
            "re:return[^;]*\\+dJ_dh_t;", "re:returndJ_dh_t\\+", "re:\\+dh;",
            "loses at most a factor", "near-identity factors", "on top of the skip path", "keeps it nonzero", "the skip path all that is left", "its skip path carries it back",
            "the identity path carries", "The identity path protects", "only the skip path is left", "exactly $\\mathbb{I}$ along the carried path", "skip path carries back",
            @"Take $W_r = -\mathbb{I}$", "The identity path carries the gradient",
            // hw03: text of notebook 03 that narrowed this answer, and its readings of the measurements that answered p3.why_residual.
            "Along how many paths does", "what is each path's Jacobian", "the part of $B_t$ that goes through the tanh", "the gradient survives even where the units saturate", "growth while in range, then saturation", "the residual state has long run away", "the residual chain has two phases", "gain the most per step", "a growing, unsaturated phase and a saturated one", "The average hides an early, unsaturated phase", "for the reason measured above: on long input streams", "and here it runs away", "So far, the gradient is kept",
            // hw04: notebook 04's clipping section said how large the residual map's factors are.
            "the residual chain's factors have norms above 1",
        ],
        ["p3.dJ_dWr_residual"] =
        [
            @"\sum_t D_t \frac{\partial J}{\partial h_t} h_{t-1}^T", "Σ_t D_t ∂J/∂h_t h_{t−1}ᵀ", "(1 − tanh² g_t) ⊙ ∂J/∂h_t h_{t−1}ᵀ",
            "1 − tanh²(g_t)", "1 − tanh² g_t", @"1 - \tanh^2(g_t)", @"1 - \tanh^2 g_t", "1 - tanh^2", "1 − tanh²", "sech²", @"\operatorname{sech}^2",
            "re:1(\\.0)?-Math\\.Tanh\\w*\\*Math\\.Tanh", "re:OuterProduct\\w+\\[t-1\\]", "as a sum over t",
            "holds no copy of its own",
            // hw03: text of notebook 03 that narrowed this answer.
            "Find every place $W_r$ enters the forward pass",
        ],
        ["p3.dJ_dhPrev_leaky"] =
        [
            @"(1 - \alpha) \frac{\partial J}{\partial h_t}", "(1 − α) ∂J/∂h_t", "(1 - alpha) dJ/dh_t", @"(1-\alpha)\mathbb{I} + \alpha",
            "(1 − α) I + α Wrᵀ", "(1 − α) 𝕀 + α", @"\alpha W_r^T D_t", "α Wrᵀ D_t", "a·D_t·W_r", "a·D_t·Wr", "a D_t W_r", "a D_t Wr", @"a\,D_t\,W_r", "α·D_t·W_r",
            "re:1(\\.0)?-alpha\\*dJ_dh", "re:alpha\\*Wr\\.Transpose", "re:c\\*dh\\w*\\+a\\*", "re:1(\\.0)?-a\\*dh",
            "along two paths: the skip path", "two weighted paths", "the tanh path adds to the skip path", "a floor from the skip path",
            // hw03: text of notebook 03 that narrowed this answer.
            "Which paths lead from $h_{t-1}$ to $h_t$",
            // hw04: notebook 04's leaky cell named the skip path's factor over T − 1 steps.
            @"(1-\alpha)^{T-1}", "(1 − α)^(T − 1)", "so that part alone would carry exactly", "skip path alone, log10",
        ],
        ["p4.clip_gradient"] =
        [
            @"\min(1, c/\|g\|)", @"\min\left(1, \frac{c}{\|g\|}\right)", "min(1, c/‖g‖)", "c/‖g‖ · g", "g · c/‖g‖", "c g/‖g‖", @"\frac{c}{\|g\|} g", @"\min(1, \frac{c}{\lVert g \rVert})", @"\frac{c}{\lVert g \rVert} g", @"\frac{c}{\lVert g \rVert}\, g",
            "re:maxNorm/(\\w+\\.)?(norm|length|\\w*L2Norm)(?!\\w)", "re:\\*maxNorm/", "re:maxNorm\\*\\w+/\\w+\\.L2Norm",
            "the direction is kept",
            // hw04: notebook 04's cliff slice drew the clipped step along the gradient's direction.
            "step length s along the gradient direction", "with the clipped step $s = \\eta",
        ],
    };

    [Fact]
    public void Every_graded_item_has_forms_written_here()
    {
        var graded = CheckItems.All.Select(i => i.Id).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(graded, Forms.Keys.Order(StringComparer.Ordinal).ToArray());
        Assert.All(Forms, f => Assert.True(f.Value.Length >= 3, $"{f.Key}: give at least three forms"));
    }

    [Fact]
    public void The_homework_release_holds_no_graded_answer_in_any_form_and_the_tutorial_release_holds_each()
    {
        var homework = CourseReleaseFixture.Texts(release.Homework).Select(t => (t.File, Text: new Searched(t.Text))).ToList();
        var tutorial = new Searched(string.Join("\n", CourseReleaseFixture.Texts(release.Tutorial).Select(t => t.Text)));
        Assert.True(homework.Count >= 20, $"only {homework.Count} files in the homework release");
        var leaks = new List<string>();
        foreach (var (id, forms) in Forms)
        {
            var found = forms.Where(tutorial.Holds).ToList();
            log.WriteLine($"{id}: {found.Count} of {forms.Length} forms in the tutorial release");
            Assert.True(found.Count > 0, $"{id}: none of its forms is in the tutorial release, which shows the answer; the forms are wrong");
            foreach (var (file, text) in homework)
            {
                leaks.AddRange(forms.Where(text.Holds).Select(f => $"{file}: {id} in the form \"{f}\""));
            }
        }

        Assert.True(leaks.Count == 0, "the homework release gives answers away:\n" + string.Join("\n", leaks));
    }

    [Fact]
    public void The_search_finds_each_kind_of_form_through_spacing_and_line_breaks_and_not_inside_a_longer_name()
    {
        var cases = new (string Id, string Text, bool Leaks)[]
        {
            ("p2.dJ_dg", "var d = 1 - h * h;", true),
            ("p2.dJ_dg", "return dh.PointwiseMultiply(1.0 - h_t.PointwiseMultiply(h_t));", true),
            ("p2.dJ_dg", "dh.PointwiseMultiply(1 -\n    a.PointwiseMultiply(a))", true),
            ("p1.dJ_ds", "var ds = trace.Y - trace.P;", true),
            ("p1.dJ_ds", "copy - paste, or Y - Position", false),
            ("p3.dJ_dhPrev_residual", "multiplies by $(\\mathbb{I} + A_t)$ at each step", true),
            ("p3.dJ_dhPrev_leaky", "the branch's Jacobian is a·D_t·Wr", true),
            ("p2.dJ_dWr", "∂J/∂W_r = Σ_t ∂J/∂g_t h_{t−1}ᵀ", true),
            ("p2.dJ_dhs", "for (int t = T; t >= 1; t--)\n{\n    dhs[t - 1] = step(Wr, gs[t], dhs[t]);\n}", true),
            ("p2.dJ_dWe", "dWe[column + i] += dg[i];", true),
            ("p4.clip_gradient", "return norm <= maxNorm ? gradient : gradient * (maxNorm / norm);", true),
            ("p4.clip_gradient", "Clip to maxNorm; a longer gradient changes.", false),
        };
        Assert.All(cases, c => Assert.True(Found(c.Id, c.Text) == c.Leaks, $"{c.Id} in \"{c.Text}\": expected {(c.Leaks ? "a leak" : "none")}"));
    }

    private static bool Found(string id, string text) => Forms[id].Any(new Searched(text).Holds);

    /// <summary>A text as the forms search it: squeezed for the "re:" forms, spaced (one blank per run) for the literal ones.</summary>
    private sealed class Searched(string text)
    {
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Regex> Compiled = new();

        private readonly string squeezed = BoxFormulas.Normalise(text);
        private readonly string spaced = Regex.Replace(Spaced(text), @"\s+", " ");

        public bool Holds(string form)
        {
            if (form.StartsWith("re:", StringComparison.Ordinal))
            {
                return Compiled.GetOrAdd(form, f => new Regex(f[3..], RegexOptions.CultureInvariant, TimeSpan.FromSeconds(5))).IsMatch(squeezed);
            }

            return Compiled.GetOrAdd(form, Literal).IsMatch(spaced);
        }

        /// <summary>The form's characters in order, anything Normalise drops allowed between them; not inside a longer name.</summary>
        private static Regex Literal(string form)
        {
            string literal = BoxFormulas.Normalise(form);
            string gap = @"[\s{}()]*";
            string before = char.IsLetterOrDigit(literal[0]) || literal[0] == '_' ? @"(?<![\w\\])" : "";
            string after = char.IsLetterOrDigit(literal[^1]) || literal[^1] == '_' ? @"(?![\w])" : "";
            string pattern = before + string.Join(gap, literal.Select(c => Regex.Escape(c.ToString()))) + after;
            return new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(5));
        }

        /// <summary>Normalise's replacements, whitespace kept: what separates names stays visible.</summary>
        private static string Spaced(string text)
        {
            string s = text.Replace("\\\"", "\"", StringComparison.Ordinal).Replace("///", " ", StringComparison.Ordinal).Replace("//", " ", StringComparison.Ordinal);
            foreach (string spacing in new[] { "\\left", "\\right", "\\big", "\\Big", "\\,", "\\;", "\\!", "\\quad", "\\qquad" })
            {
                s = s.Replace(spacing, " ", StringComparison.Ordinal);
            }

            return s.Replace('−', '-').Replace("ᵀ", "^T", StringComparison.Ordinal).Replace("^{T}", "^T", StringComparison.Ordinal);
        }
    }
}
