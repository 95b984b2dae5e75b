using Backprop.Grading.Release;
using Backprop.Kernel;
using Backprop.Kernel.Checking;

namespace Backprop.Grading.Tests;

public class SolutionRegionTests
{
    private static RegionRules Homework(params string[] revealed) =>
        new(ReleaseMode.Homework, revealed.Contains, (id, _) => SolutionRegions.AnswerStub(id));

    private static RegionRules Tutorial() => new(ReleaseMode.Tutorial, _ => false, (id, _) => SolutionRegions.AnswerStub(id));

    [Fact]
    public void Stubs_begin_as_backprop_run_expects_so_that_it_lists_their_items()
    {
        Assert.Equal(Backprop.Kernel.Interactive.Unanswered.Lead, SolutionRegions.NotAnsweredLead);
        Assert.Equal("p2.dJ_dWr", Backprop.Kernel.Interactive.Unanswered.ItemOf(new NotImplementedException(SolutionRegions.AnswerStub("p2.dJ_dWr"))));
        Assert.Equal("p3.dJ_dhPrev_leaky", Backprop.Kernel.Interactive.Unanswered.ItemOf(new NotImplementedException(SolutionRegions.LibraryStub("p3.dJ_dhPrev_leaky"))));
    }

    [Fact]
    public void A_code_region_becomes_a_throw_with_the_tables_first_hint_at_the_markers_indentation()
    {
        string cell = "// answer: p1.dJ_ds\nVector<double> dJ_ds(Vector<double> y, Vector<double> p)\n{\n    // BEGIN SOLUTION p1.dJ_ds\n    return y - p;\n    // END SOLUTION\n}";
        string stub = SolutionRegions.ReleaseCode(cell, "cell 3", Homework());
        string message = "not answered yet: p1.dJ_ds. Hint: " + CheckItems.P1.dJ_ds.Hint;
        Assert.Equal($"// answer: p1.dJ_ds\nVector<double> dJ_ds(Vector<double> y, Vector<double> p)\n{{\n    throw new NotImplementedException(\"{message}\");\n}}", stub);
    }

    [Fact]
    public void Each_region_is_stubbed_or_revealed_by_its_own_item_so_one_cell_can_mix_a_revealed_and_a_graded_box()
    {
        string cell = "Vector<double> a(Vector<double> y, Vector<double> p)\n{\n    // BEGIN SOLUTION p1.dJ_ds\n    return y - p;\n    // END SOLUTION\n}\n"
                      + "Vector<double> b(Matrix<double> Wr, Vector<double> g, Vector<double> dh)\n{\n    // BEGIN SOLUTION p3.dJ_dhPrev_residual\n    return dh;\n    // END SOLUTION\n}";
        string released = SolutionRegions.ReleaseCode(cell, "cell 8", new RegionRules(ReleaseMode.Homework, id => id.StartsWith("p1.", StringComparison.Ordinal), SolutionRegions.CopyStub));
        Assert.Contains("{\n    return y - p;\n}", released);
        Assert.Contains("throw new NotImplementedException(\"not answered yet: p3.dJ_dhPrev_residual. b builds on p3.dJ_dhPrev_residual and is not graded", released);
        Assert.DoesNotContain("return dh;", released);
        Assert.DoesNotContain("SOLUTION", released);
    }

    [Fact]
    public void A_copy_of_an_answer_says_to_copy_it_and_another_function_built_on_it_says_it_is_not_graded()
    {
        // The same name and parameters as p2.dJ_dhPrev's signature: a copy. Another name, or g_t for h_t: new functions.
        string copy = "Vector<double> dJ_dhPrev(Matrix<double> Wr, Vector<double> h_t, Vector<double> dJ_dh_t)\n{\n    // BEGIN SOLUTION p2.dJ_dhPrev\n    return dJ_dh_t;\n    // END SOLUTION\n}";
        string renamed = "Vector<double> dJ_dhPrev_tanh(Matrix<double> Wr, Vector<double> g_t, Vector<double> dJ_dh_t)\n{\n    // BEGIN SOLUTION p2.dJ_dhPrev\n    return dJ_dh_t;\n    // END SOLUTION\n}";
        string reparametrised = "Vector<double> dJ_dhPrev(Matrix<double> Wr, Vector<double> g_t, Vector<double> dJ_dh_t)\n{\n    // BEGIN SOLUTION p2.dJ_dhPrev\n    return dJ_dh_t;\n    // END SOLUTION\n}";
        var rules = new RegionRules(ReleaseMode.Homework, _ => false, SolutionRegions.CopyStub);
        Assert.Contains("not answered yet: p2.dJ_dhPrev. Not graded again here: copy your dJ_dhPrev from the cell where you answered p2.dJ_dhPrev", SolutionRegions.ReleaseCode(copy, "cell 12", rules));
        Assert.Contains("not answered yet: p2.dJ_dhPrev. dJ_dhPrev_tanh builds on p2.dJ_dhPrev and is not graded: write it from your derivations, or copy it from an earlier cell where you wrote a dJ_dhPrev_tanh with these same parameters", SolutionRegions.ReleaseCode(renamed, "cell 6", rules));
        Assert.Contains("not answered yet: p2.dJ_dhPrev. dJ_dhPrev builds on p2.dJ_dhPrev and is not graded", SolutionRegions.ReleaseCode(reparametrised, "cell 6", rules));
    }

    [Theory]
    [InlineData("{\n    // BEGIN SOLUTION\n    return y;\n    // END SOLUTION\n}", "cell 4, line 2: BEGIN SOLUTION names no item")]
    [InlineData("{\n    // BEGIN SOLUTION p9.dJ_dx\n    return y;\n    // END SOLUTION\n}", "cell 4, line 2: BEGIN SOLUTION p9.dJ_dx names no item of the table")]
    public void A_region_must_name_an_item_of_the_table(string cell, string message)
    {
        var e = Assert.Throws<InvalidDataException>(() => SolutionRegions.ReleaseCode(cell, "cell 4", Homework()));
        Assert.StartsWith(message, e.Message);
        Assert.Contains("p1.dJ_ds", e.Message); // the error lists the ids there are
    }

    [Fact]
    public void A_markdown_region_without_a_question_becomes_a_placeholder()
    {
        string stub = SolutionRegions.ReleaseMarkdown("<!-- answer: p3.why_residual -->\nWhy?\n<!-- BEGIN SOLUTION p3.why_residual -->\nBecause of I.\n<!-- END SOLUTION -->", "cell 9", Homework());
        Assert.Equal("<!-- answer: p3.why_residual -->\nWhy?\n" + SolutionRegions.MarkdownPlaceholder, stub);
    }

    [Fact]
    public void A_region_with_a_question_becomes_the_question_in_homework_and_its_solution_in_tutorial_or_when_revealed()
    {
        string cell = "## Box\n\n<!-- BEGIN SOLUTION p1.dJ_ds -->\n<!-- QUESTION: Derive $\\partial J/\\partial s$;\n  mind the sign. -->\nWe get\n\n$$\\boxed{y - p}$$\n<!-- END SOLUTION -->\n\nAfter.";
        Assert.Equal("## Box\n\n**Question.** Derive $\\partial J/\\partial s$; mind the sign.\n\nAfter.", SolutionRegions.ReleaseMarkdown(cell, "cell 8", Homework()));
        Assert.Equal("## Box\n\nWe get\n\n$$\\boxed{y - p}$$\n\nAfter.", SolutionRegions.ReleaseMarkdown(cell, "cell 8", Tutorial()));
        Assert.Equal("## Box\n\nWe get\n\n$$\\boxed{y - p}$$\n\nAfter.", SolutionRegions.ReleaseMarkdown(cell, "cell 8", Homework("p1.dJ_ds")));
        var region = SolutionRegions.Find(cell, markdown: true, "cell 8").Single();
        Assert.Equal("p1.dJ_ds", region.Id);
        Assert.Equal("We get\n\n$$\\boxed{y - p}$$", SolutionRegions.Solution(region, "cell 8"));
    }

    [Fact]
    public void An_unclosed_question_is_reported_with_its_line()
    {
        var e = Assert.Throws<InvalidDataException>(() => SolutionRegions.ReleaseMarkdown("x\n<!-- BEGIN SOLUTION p1.dJ_ds -->\n<!-- QUESTION: why?\n<!-- END SOLUTION -->", "cell 2", Homework()));
        Assert.Equal("cell 2, line 3: the QUESTION comment is never closed; end it with -->.", e.Message);
    }

    [Fact]
    public void A_region_with_a_homework_text_shows_that_text_as_prose_in_homework_and_its_solution_in_tutorial_or_when_revealed()
    {
        string cell = "Intro.\n\n<!-- BEGIN SOLUTION p2.dJ_dg -->\n<!-- HOMEWORK: Use your $\\partial J/\\partial g_t$\n  from notebook 02. -->\nIt is $(\\mathbb{1} - h_t \\odot h_t) \\odot \\partial J/\\partial h_t$.\n<!-- END SOLUTION -->\n\nAfter.";
        Assert.Equal("Intro.\n\nUse your $\\partial J/\\partial g_t$ from notebook 02.\n\nAfter.", SolutionRegions.ReleaseMarkdown(cell, "cell 5", Homework()));
        Assert.Equal("Intro.\n\nIt is $(\\mathbb{1} - h_t \\odot h_t) \\odot \\partial J/\\partial h_t$.\n\nAfter.", SolutionRegions.ReleaseMarkdown(cell, "cell 5", Tutorial()));
        Assert.Equal("Intro.\n\nIt is $(\\mathbb{1} - h_t \\odot h_t) \\odot \\partial J/\\partial h_t$.\n\nAfter.", SolutionRegions.ReleaseMarkdown(cell, "cell 5", Homework("p2.dJ_dg")));
        var region = SolutionRegions.Find(cell, markdown: true, "cell 5").Single();
        Assert.Null(SolutionRegions.Question(region, "cell 5"));
        Assert.Equal(("Use your $\\partial J/\\partial g_t$ from notebook 02.", 2), SolutionRegions.HomeworkText(region, "cell 5"));
        Assert.Equal("It is $(\\mathbb{1} - h_t \\odot h_t) \\odot \\partial J/\\partial h_t$.", SolutionRegions.Solution(region, "cell 5"));
    }

    [Fact]
    public void A_homework_text_further_down_the_region_is_part_of_the_solution_not_its_homework_rendering()
    {
        string cell = "<!-- BEGIN SOLUTION p2.dJ_dg -->\nThe factor.\n<!-- HOMEWORK: not first. -->\n<!-- END SOLUTION -->";
        Assert.Equal(SolutionRegions.MarkdownPlaceholder, SolutionRegions.ReleaseMarkdown(cell, "cell 6", Homework()));
        Assert.Null(SolutionRegions.HomeworkText(SolutionRegions.Find(cell, markdown: true, "cell 6").Single(), "cell 6"));
    }

    [Fact]
    public void An_unclosed_homework_text_is_reported_with_its_line()
    {
        var e = Assert.Throws<InvalidDataException>(() => SolutionRegions.ReleaseMarkdown("x\n<!-- BEGIN SOLUTION p2.dJ_dg -->\n\n<!-- HOMEWORK: see notebook 02.\n<!-- END SOLUTION -->", "cell 7", Tutorial()));
        Assert.Equal("cell 7, line 4: the HOMEWORK comment is never closed; end it with -->.", e.Message);
    }

    [Fact]
    public void In_homework_a_stubbed_members_summary_is_replaced_and_no_stub_quotes_it_in_either_mode()
    {
        string source = "    /// <summary>\n    /// ∂J/∂h = Wuᵀ ∂J/∂s.\n    /// </summary>\n    /// <param name=\"Wu\">Unembedding.</param>\n    public static Vector<double> dJ_dh(Matrix<double> Wu, Vector<double> dJ_ds)\n    {\n        // BEGIN SOLUTION p1.dJ_dh\n        return Wu.TransposeThisAndMultiply(dJ_ds);\n        // END SOLUTION\n    }\n";
        var library = new RegionRules(ReleaseMode.Homework, _ => false, (id, _) => SolutionRegions.LibraryStub(id));
        string stub = SolutionRegions.ReleaseCode(source, "Boxes.P1.cs", library);
        Assert.Equal($"    /// <summary>{SolutionRegions.HomeworkSummary}</summary>\n    /// <param name=\"Wu\">Unembedding.</param>\n    public static Vector<double> dJ_dh(Matrix<double> Wu, Vector<double> dJ_ds)\n    {{\n        throw new NotImplementedException(\"not answered yet: p1.dJ_dh. {SolutionRegions.HomeworkHint}\");\n    }}\n", stub);
        string tutorial = SolutionRegions.ReleaseCode(source, "Boxes.P1.cs", library with { Mode = ReleaseMode.Tutorial });
        Assert.Contains("/// ∂J/∂h = Wuᵀ ∂J/∂s.", tutorial);
        Assert.Contains($"throw new NotImplementedException(\"not answered yet: p1.dJ_dh. {SolutionRegions.HomeworkHint}\");", tutorial);
        Assert.Equal(source.Replace("        // BEGIN SOLUTION p1.dJ_dh\n", "").Replace("        // END SOLUTION\n", ""), SolutionRegions.ReleaseCode(source, "Boxes.P1.cs", library with { Reveals = _ => true }));
    }

    [Theory]
    [InlineData("a\n// BEGIN SOLUTION p1.dJ_ds\nb\n", "line 2: BEGIN SOLUTION is never closed")]
    [InlineData("a\n// END SOLUTION\n", "line 2: END SOLUTION without a BEGIN SOLUTION above it")]
    [InlineData("// BEGIN SOLUTION p1.dJ_ds\n// BEGIN SOLUTION p1.dJ_ds\n// END SOLUTION\n", "line 2: BEGIN SOLUTION inside the region opened on line 1")]
    public void Broken_markers_are_reported_with_the_file_and_line(string text, string message)
    {
        var e = Assert.Throws<InvalidDataException>(() => SolutionRegions.ReleaseCode(text, "Boxes.P9.cs", Homework()));
        Assert.Equal("Boxes.P9.cs, " + message, e.Message[..("Boxes.P9.cs, " + message).Length]);
    }
}
