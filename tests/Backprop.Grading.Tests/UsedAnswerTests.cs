using System.Text.Json.Nodes;
using Backprop.Kernel;
using Backprop.Kernel.Checking;

namespace Backprop.Grading.Tests;

/// <summary>
/// Answers that call another answer's function (p2.dJ_dWr calls the student's dJ_dg): compiled with the student's
/// own cell of the used item, graded on their own outputs, with a note when a used item fails its own check.
/// </summary>
public class UsedAnswerTests
{
    private static readonly string[] UsersOfDg = ["p2.dJ_dhPrev", "p2.dJ_dhs", "p2.dJ_dWr", "p2.dJ_dWe"];

    /// <summary>The instructor's notebook 02, whose answers call dJ_dg as its derivation does.</summary>
    private static string Notebook02 => File.ReadAllText(Path.Combine(TestPaths.Root, "notebooks", "02-rnn-bptt.ipynb"));

    [Fact]
    public void The_table_says_which_answers_use_dJ_dg_and_the_notebook_answers_call_it()
    {
        Assert.All(UsersOfDg, id => Assert.Contains("p2.dJ_dg", CheckItems.Find(id).UsedItems.Select(u => u.Id)));
        Assert.Equal(["p2.dJ_dg", "p2.dJ_dhPrev"], CheckItems.P2.dJ_dhs.UsedItems.Select(u => u.Id));
        var cells = Cells(Notebook02);
        Assert.All(UsersOfDg.Where(id => id != "p2.dJ_dhs"), id => Assert.Contains("dJ_dg(", cells[id]));
        Assert.Contains("dJ_dhPrev(", cells["p2.dJ_dhs"]);
    }

    [Fact]
    public void A_wrong_dJ_dg_fails_the_answers_that_call_it_with_a_note_but_an_answer_with_its_own_helper_passes()
    {
        string text = Submissions.Replace(Notebook02, "    return dJ_dh_t.PointwiseMultiply(1.0 - h_t.PointwiseMultiply(h_t));", "    return dJ_dh_t;");
        // dJ_dWe no longer calls dJ_dg, and is wrong on its own: it fails without a note about dJ_dg.
        text = Submissions.Replace(text, "        dWe += dJ_dg(hs[t], dJ_dhs[t]).OuterProduct(xs[t]);", "        dWe += dJ_dhs[t].OuterProduct(xs[t]);");
        // dJ_dWr brings its own dJ_dg: a cell's own functions come first, as in the notebook.
        text = EditCell(text, "p2.dJ_dWr", source => source + "\nVector<double> dJ_dg(Vector<double> h, Vector<double> d) => d.PointwiseMultiply(1.0 - h.PointwiseMultiply(h));");

        var result = Submissions.Grade(text);

        var dg = result.Item("p2.dJ_dg");
        Assert.False(dg.Passed);
        Assert.Equal(MistakeNames.MissingTanhFactor, dg.Mistake);
        Assert.True(result.Item("p2.dJ_dWr").Passed, result.Item("p2.dJ_dWr").Output);
        var prev = result.Item("p2.dJ_dhPrev");
        Assert.False(prev.Passed);
        Assert.StartsWith("Note: this answer calls your dJ_dg (p2.dJ_dg), which fails its own check: fix dJ_dg first.", prev.Output);
        Assert.Contains("hidden cases differ from central differences", prev.Output); // graded on its own outputs
        var we = result.Item("p2.dJ_dWe");
        Assert.False(we.Passed);
        Assert.Equal(MistakeNames.MissingTanhFactor, we.Mistake);
        Assert.DoesNotContain("dJ_dg", we.Output);

        // dJ_dhs calls dJ_dhPrev, which calls dJ_dg: both are named, the innermost first.
        Assert.StartsWith("Note: this answer calls your dJ_dg (p2.dJ_dg) and your dJ_dhPrev (p2.dJ_dhPrev), which fail their own checks: fix them first, in this order: dJ_dg, dJ_dhPrev.",
            result.Item("p2.dJ_dhs").Output);
        Assert.DoesNotContain("Note:", dg.Output);
    }

    [Fact]
    public void A_missing_dJ_dg_cell_names_the_cell_to_add_and_a_broken_one_names_the_cell_to_fix()
    {
        var missing = JsonNode.Parse(Notebook02)!.AsObject();
        var cells = missing["cells"]!.AsArray().Select(c => c!.DeepClone()).Where(c => c["metadata"]?["backprop"]?["answer"]?.GetValue<string>() != "p2.dJ_dg").ToArray();
        missing["cells"] = new JsonArray(cells);
        var withoutCell = Submissions.Grade(missing.ToJsonString());
        Assert.Contains("No answer cell for p2.dJ_dg was found", withoutCell.Item("p2.dJ_dg").Output);
        foreach (string id in new[] { "p2.dJ_dhPrev", "p2.dJ_dWr", "p2.dJ_dWe" })
        {
            string output = withoutCell.Item(id).Output;
            Assert.Contains("does not compile", output);
            Assert.Contains("Add it before this answer: a code cell whose first line is `// answer: p2.dJ_dg`, defining Vector<double> dJ_dg(Vector<double> h_t, Vector<double> dJ_dh_t).", output);
        }

        string broken = Submissions.Replace(Notebook02, "    return dJ_dh_t.PointwiseMultiply(1.0 - h_t.PointwiseMultiply(h_t));", "    return dJ_dh_t.PointwiseMultiply(1.0 - h_t.PointwiseMultiply(h_t))");
        var withBrokenCell = Submissions.Grade(broken);
        Assert.Contains("does not compile", withBrokenCell.Item("p2.dJ_dg").Output);
        foreach (string id in UsersOfDg)
        {
            Assert.Contains("is compiled together with your p2.dJ_dg answer cell, as your notebook runs them, and that cell does not compile (fix it first)", withBrokenCell.Item(id).Output);
            Assert.Equal(0, withBrokenCell.Item(id).Score);
        }
    }

    [Fact]
    public void The_leak_check_of_the_homework_release_counts_dJ_dgs_boxed_result_and_reference_code_as_secrets()
    {
        var formulas = BoxFormulas.From(Path.Combine(TestPaths.Root, "notebooks"), [Path.Combine(TestPaths.Root, "src", "Backprop.Kernel", "Boxes")]);
        var secrets = formulas.Secrets().ToArray();
        var notebook = Backprop.Grading.Notebooks.NotebookReader.Read(Path.Combine(TestPaths.Root, "notebooks", "02-rnn-bptt.ipynb"), out _)!;
        var region = notebook.Cells.Single(c => c.Kind == "markdown" && c.Source.StartsWith("## Box · through the tanh", StringComparison.Ordinal));
        Assert.Contains(secrets, f => f.Boxed && f.Where == $"{notebook.Name}, cell {region.Index}" && f.Original.Contains("h_t \\odot h_t", StringComparison.Ordinal));
        Assert.Contains(secrets, f => f.Kind == "code" && f.Original.Contains("dJ_dh_t.PointwiseMultiply(1.0 - h_t.PointwiseMultiply(h_t))", StringComparison.Ordinal));
    }

    private static Dictionary<string, string> Cells(string notebookText) =>
        JsonNode.Parse(notebookText)!["cells"]!.AsArray()
            .Where(c => c!["metadata"]?["backprop"]?["answer"] is not null)
            .ToDictionary(c => c!["metadata"]!["backprop"]!["answer"]!.GetValue<string>(), c => string.Concat(c!["source"]!.AsArray().Select(l => l!.GetValue<string>())));

    private static string EditCell(string notebookText, string id, Func<string, string> edit)
    {
        var notebook = JsonNode.Parse(notebookText)!.AsObject();
        var cell = notebook["cells"]!.AsArray().Single(c => c!["metadata"]?["backprop"]?["answer"]?.GetValue<string>() == id)!;
        cell["source"] = edit(string.Concat(cell["source"]!.AsArray().Select(l => l!.GetValue<string>())));
        return notebook.ToJsonString();
    }
}
