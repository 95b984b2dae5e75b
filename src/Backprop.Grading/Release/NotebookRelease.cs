using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Backprop.Grading.Notebooks;

namespace Backprop.Grading.Release;

/// <summary>
/// Turns a solution notebook into its student version: instructor-only cells removed, every solution region released
/// by its item (code and Markdown, see <see cref="SolutionRegions"/>: shown when its problem is revealed, else stubbed), written answers reduced to their marker and a placeholder,
/// outputs and execution counts cleared. In <see cref="ReleaseMode.Tutorial"/> the derivations stay and the
/// written-derivation cells (<c>&lt;id&gt;.derivation</c>) are left out.
/// </summary>
public static class NotebookRelease
{
    /// <summary>The suffix of a written-derivation item: <c>p2.dJ_dWr.derivation</c> asks for the derivation of <c>p2.dJ_dWr</c>.</summary>
    public const string DerivationSuffix = ".derivation";

    /// <summary>The homework version of <paramref name="notebook"/>.</summary>
    /// <param name="notebook">A solution notebook.</param>
    public static JsonObject Make(Notebook notebook) => Make(notebook, ReleaseMode.Homework);

    /// <summary>The student version of <paramref name="notebook"/> in <paramref name="mode"/>.</summary>
    /// <param name="notebook">A solution notebook.</param>
    /// <param name="mode">Homework or tutorial.</param>
    public static JsonObject Make(Notebook notebook, ReleaseMode mode) => Make(notebook, mode, _ => false);

    /// <summary>The student version of <paramref name="notebook"/> in <paramref name="mode"/>, showing the solution regions of revealed problems.</summary>
    /// <param name="notebook">A solution notebook.</param>
    /// <param name="mode">Homework or tutorial.</param>
    /// <param name="revealed">True for a problem (e.g. "p1") whose answers this release shows.</param>
    public static JsonObject Make(Notebook notebook, ReleaseMode mode, Func<string, bool> revealed)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        ArgumentNullException.ThrowIfNull(revealed);
        var root = (JsonObject)notebook.Root.DeepClone();
        var cells = new JsonArray();
        foreach (var cell in notebook.Cells)
        {
            // A tutorial has no written-derivation cells, so no checks of them either.
            if (cell.Identity.Instructor || (mode == ReleaseMode.Tutorial && (cell.Identity.Manual ?? cell.Identity.Check)?.EndsWith(DerivationSuffix, StringComparison.Ordinal) == true))
            {
                continue;
            }

            var copy = (JsonObject)cell.Node.DeepClone();
            string where = $"{notebook.Name}, cell {cell.Index}";
            string? answer = cell.Identity.Answer;
            var rules = new RegionRules(mode, id => revealed(ReleasePlan.ProblemOf(id)), (id, function) => id == answer ? SolutionRegions.AnswerStub(id) : SolutionRegions.CopyStub(id, function));
            if (cell.IsCode)
            {
                copy["source"] = Notebook.SplitSource(SolutionRegions.ReleaseCode(cell.Source, where, rules));
                copy["outputs"] = new JsonArray();
                copy["execution_count"] = null;
            }
            else if (cell.Kind == "markdown")
            {
                string text = SolutionRegions.ReleaseMarkdown(cell.Source, where, rules);
                if (cell.Identity.Manual is { } id && text == cell.Source)
                {
                    // A written answer without markers: keep only its identifying first line.
                    text = $"<!-- answer: {id} -->\n{(id.EndsWith(DerivationSuffix, StringComparison.Ordinal) ? SolutionRegions.DerivationPlaceholder : SolutionRegions.MarkdownPlaceholder)}";
                }

                copy["source"] = Notebook.SplitSource(text);
            }

            cells.Add(copy);
        }

        root["cells"] = cells;
        return root;
    }

    /// <summary>Notebook JSON as Jupyter writes it: one-space indent, Unicode kept, a final newline.</summary>
    /// <param name="notebook">The notebook JSON.</param>
    public static string Serialize(JsonNode notebook)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        return notebook.ToJsonString(new JsonSerializerOptions { WriteIndented = true, IndentSize = 1, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }
}
