# Writes solution.ipynb, the grader's fixture solution notebook, following docs/answer-cells.md.
# Run: python3 make_fixture.py  (the output is committed; the tests do not run this script)
import json

answers = [
 ("p1.dJ_ds", "P1", "Vector<double> dJ_ds(Vector<double> y, Vector<double> p)",
  "J = log p_y, so ∂J/∂s = y − p (not p − y).",
  ["return y - p;"]),
 ("p1.dJ_dh", "P1", "Vector<double> dJ_dh(Matrix<double> Wu, Vector<double> dJ_ds)",
  "s = Wu h, so ∂J/∂h = Wuᵀ ∂J/∂s.",
  ["return Wu.TransposeThisAndMultiply(dJ_ds);"]),
 ("p1.dJ_dWu", "P1", "Matrix<double> dJ_dWu(Vector<double> dJ_ds, Vector<double> h)",
  "∂J/∂Wu = (∂J/∂s) hᵀ, shape N×M.",
  ["return dJ_ds.OuterProduct(h);"]),
 ("p1.dJ_dWe", "P1", "Matrix<double> dJ_dWe(Vector<double> dJ_dh, Vector<double> x)",
  "∂J/∂We = (∂J/∂h) xᵀ, shape M×N.",
  ["return dJ_dh.OuterProduct(x);"]),
 ("p2.dJ_dg", "P2", "Vector<double> dJ_dg(Vector<double> h_t, Vector<double> dJ_dh_t)",
  "diag(1 − h_t ⊙ h_t) ∂J/∂h_t.",
  ["return dJ_dh_t.PointwiseMultiply(1.0 - h_t.PointwiseMultiply(h_t));"]),
 ("p2.dJ_dhPrev", "P2", "Vector<double> dJ_dhPrev(Matrix<double> Wr, Vector<double> h_t, Vector<double> dJ_dh_t)",
  "∂J/∂h_{t−1} = Wrᵀ diag(1 − h_t ⊙ h_t) ∂J/∂h_t.",
  ["var dJ_dg = dJ_dh_t.PointwiseMultiply(1.0 - h_t.PointwiseMultiply(h_t));",
   "return Wr.TransposeThisAndMultiply(dJ_dg);"]),
 ("p2.dJ_dhs", "P2", "Vector<double>[] dJ_dhs(Matrix<double> Wr, IReadOnlyList<Vector<double>> hs, Vector<double> dJ_dhT)",
  "Start at index T with ∂J/∂h_T and step back to index 0 with h_t in the tanh factor.",
  ["int T = hs.Count - 1;",
   "var result = new Vector<double>[T + 1];",
   "result[T] = dJ_dhT;",
   "for (int t = T; t >= 1; t--)",
   "{",
   "    var back = result[t].PointwiseMultiply(1.0 - hs[t].PointwiseMultiply(hs[t]));",
   "    result[t - 1] = Wr.TransposeThisAndMultiply(back);",
   "}",
   "return result;"]),
 ("p2.dJ_dWr", "P2", "Matrix<double> dJ_dWr(IReadOnlyList<Vector<double>> hs, IReadOnlyList<Vector<double>> dJ_dhs)",
  "Sum diag(1 − h_t ⊙ h_t) ∂J/∂h_t h_{t−1}ᵀ over t = 1..T.",
  ["int M = hs[0].Count;",
   "var sumWr = Matrix<double>.Build.Dense(M, M);",
   "for (int t = 1; t < hs.Count; t++)",
   "    sumWr += dJ_dhs[t].PointwiseMultiply(1.0 - hs[t].PointwiseMultiply(hs[t])).OuterProduct(hs[t - 1]);",
   "return sumWr;"]),
 ("p2.dJ_dWe", "P2", "Matrix<double> dJ_dWe(IReadOnlyList<Vector<double>> xs, IReadOnlyList<Vector<double>> hs, IReadOnlyList<Vector<double>> dJ_dhs)",
  "Sum diag(1 − h_t ⊙ h_t) ∂J/∂h_t x_tᵀ over t = 1..T.",
  ["var sumWe = Matrix<double>.Build.Dense(hs[0].Count, xs[1].Count);",
   "for (int step = 1; step < hs.Count; step++)",
   "    sumWe += dJ_dhs[step].PointwiseMultiply(1.0 - hs[step].PointwiseMultiply(hs[step])).OuterProduct(xs[step]);",
   "return sumWe;"]),
 ("p3.dJ_dhPrev_leaky", "P3", "Vector<double> dJ_dhPrev_leaky(Matrix<double> Wr, Vector<double> g_t, Vector<double> dJ_dh_t, double alpha)",
  "(1 − α) ∂J/∂h_t + α Wrᵀ diag(1 − tanh²(g_t)) ∂J/∂h_t.",
  ["var a = g_t.PointwiseTanh();",
   "return (1 - alpha) * dJ_dh_t + alpha * Wr.TransposeThisAndMultiply(dJ_dh_t.PointwiseMultiply(1.0 - a.PointwiseMultiply(a)));"]),
 ("p3.dJ_dhPrev_residual", "P3", "Vector<double> dJ_dhPrev_residual(Matrix<double> Wr, Vector<double> g_t, Vector<double> dJ_dh_t)",
  "[Wrᵀ diag(1 − tanh²(g_t)) + I] ∂J/∂h_t: do not forget the skip connection.",
  ["var a = g_t.PointwiseTanh();",
   "var viaTanh = Wr.TransposeThisAndMultiply(dJ_dh_t.PointwiseMultiply(1.0 - a.PointwiseMultiply(a)));",
   "return viaTanh + dJ_dh_t;"]),
 ("p3.dJ_dWr_residual", "P3", "Matrix<double> dJ_dWr_residual(IReadOnlyList<Vector<double>> gs, IReadOnlyList<Vector<double>> hs, IReadOnlyList<Vector<double>> dJ_dhs)",
  "Σ_t diag(1 − tanh²(g_t)) ∂J/∂h_t h_{t−1}ᵀ; the skip term has no Wr.",
  ["int M = hs[0].Count;",
   "var sumRes = Matrix<double>.Build.Dense(M, M);",
   "for (int t = 1; t < hs.Count; t++)",
   "{",
   "    var a = gs[t].PointwiseTanh();",
   "    sumRes += dJ_dhs[t].PointwiseMultiply(1.0 - a.PointwiseMultiply(a)).OuterProduct(hs[t - 1]);",
   "}",
   "return sumRes;"]),
 ("p4.clip_gradient", "P4", "Vector<double> clip_gradient(Vector<double> gradient, double maxNorm)",
  "scale by min(1, c / ‖g‖).",
  ["double norm = gradient.L2Norm();",
   "return norm <= maxNorm ? gradient : gradient * (maxNorm / norm);"]),
]

def lines(text):
    parts = text.split("\n")
    return [p + "\n" for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])

def code(source, backprop=None):
    meta = {"dotnet_interactive": {"language": "csharp"}, "polyglot_notebook": {"kernelName": "csharp"}}
    if backprop is not None:
        meta["backprop"] = backprop
    return {"cell_type": "code", "execution_count": None, "metadata": meta, "outputs": [], "source": lines(source)}

def markdown(source, backprop=None):
    cell = {"cell_type": "markdown", "metadata": {}, "source": lines(source)}
    if backprop is not None:
        cell["metadata"]["backprop"] = backprop
    return cell

cells = [
    markdown("# Fixture: every answer cell of the course\n\nThe grader's tests use this notebook as the solution."),
    code('#r "nuget: MathNet.Numerics, 5.0.0"\n#r "nuget: Plotly.NET.Interactive, 6.0.0"\n#r "nuget: Plotly.NET.CSharp, 0.14.0"\n'
         '#r "../src/Backprop.Kernel/bin/Debug/net10.0/Backprop.Kernel.dll"\nusing MathNet.Numerics.LinearAlgebra;\nusing Backprop.Kernel;'),
    code("// Instructor only: how the reference is checked.\nCourseProblems.CheckAll()", {"instructor": True}),
]
for item, problem, signature, hint, body in answers:
    name = item.split(".", 1)[1]
    src = [f"// answer: {item}", signature, "{", "    // BEGIN SOLUTION", f"    // HINT: {hint}"]
    src += ["    " + l for l in body]
    src += ["    // END SOLUTION", "}"]
    cells.append(markdown(f"### {item}"))
    cells.append(code("\n".join(src), {"answer": item}))
    cells.append(code(f"Check.{problem}.{name}({name})", {"check": item}))

cells.append(markdown("<!-- answer: p3.why_residual -->\n**Why does the residual recurrence not vanish?**\n\n<!-- BEGIN SOLUTION -->\n"
                      "The identity term of ∂h_t/∂h_{t−1} = I + diag(1 − tanh² g_t) Wr keeps a path whose product over t does not shrink.\n"
                      "<!-- END SOLUTION -->", {"manual": "p3.why_residual"}))

notebook = {
    "cells": cells,
    "metadata": {
        "kernelspec": {"name": ".net-csharp", "display_name": ".NET (C#)", "language": "C#"},
        "language_info": {"name": "C#"},
        "polyglot_notebook": {"kernelInfo": {"defaultKernelName": "csharp", "items": [{"name": "csharp", "languageName": "C#"}]}},
    },
    "nbformat": 4,
    "nbformat_minor": 5,
}
with open("solution.ipynb", "w", encoding="utf-8") as f:
    json.dump(notebook, f, ensure_ascii=False, indent=1)
    f.write("\n")
