using Backprop.Grading.Release;

namespace Backprop.Grading.Tests;

public class SolutionRegionTests
{
    [Fact]
    public void A_code_region_becomes_a_throw_with_its_hint_at_the_markers_indentation()
    {
        string cell = "// answer: p1.dJ_ds\nVector<double> dJ_ds(Vector<double> y, Vector<double> p)\n{\n    // BEGIN SOLUTION\n    // HINT: y − p, \"not\" p − y\n    return y - p;\n    // END SOLUTION\n}";
        string stub = SolutionRegions.StubCode(cell, "cell 3");
        Assert.Equal("// answer: p1.dJ_ds\nVector<double> dJ_ds(Vector<double> y, Vector<double> p)\n{\n    throw new NotImplementedException(\"y − p, \\\"not\\\" p − y\");\n}", stub);
    }

    [Fact]
    public void Without_a_hint_line_the_members_summary_becomes_the_hint()
    {
        string source = "    /// <summary>∂J/∂h = Wuᵀ ∂J/∂s.</summary>\n    public static Vector<double> dJ_dh(Matrix<double> Wu, Vector<double> dJ_ds)\n    {\n        // BEGIN SOLUTION\n        return Wu.TransposeThisAndMultiply(dJ_ds);\n        // END SOLUTION\n    }\n";
        Assert.Contains("        throw new NotImplementedException(\"Implement ∂J/∂h = Wuᵀ ∂J/∂s.\");\n    }", SolutionRegions.StubCode(source, "Boxes.P1.cs"));
    }

    [Fact]
    public void A_markdown_region_becomes_a_placeholder()
    {
        string stub = SolutionRegions.StubMarkdown("<!-- answer: p3.why_residual -->\nWhy?\n<!-- BEGIN SOLUTION -->\nBecause of I.\n<!-- END SOLUTION -->", "cell 9");
        Assert.Equal("<!-- answer: p3.why_residual -->\nWhy?\n" + SolutionRegions.MarkdownPlaceholder, stub);
    }

    [Fact]
    public void A_region_with_a_question_becomes_the_question_in_homework_and_its_solution_in_tutorial()
    {
        string cell = "## Box\n\n<!-- BEGIN SOLUTION -->\n<!-- QUESTION: Derive $\\partial J/\\partial s$;\n  mind the sign. -->\nWe get\n\n$$\\boxed{y - p}$$\n<!-- END SOLUTION -->\n\nAfter.";
        Assert.Equal("## Box\n\n**Question.** Derive $\\partial J/\\partial s$; mind the sign.\n\nAfter.", SolutionRegions.StubMarkdown(cell, "cell 8", ReleaseMode.Homework));
        Assert.Equal("## Box\n\nWe get\n\n$$\\boxed{y - p}$$\n\nAfter.", SolutionRegions.StubMarkdown(cell, "cell 8", ReleaseMode.Tutorial));
        var region = SolutionRegions.Find(cell, markdown: true, "cell 8").Single();
        Assert.Equal("We get\n\n$$\\boxed{y - p}$$", SolutionRegions.Solution(region, "cell 8"));
    }

    [Fact]
    public void An_unclosed_question_is_reported_with_its_line()
    {
        var e = Assert.Throws<InvalidDataException>(() => SolutionRegions.StubMarkdown("x\n<!-- BEGIN SOLUTION -->\n<!-- QUESTION: why?\n<!-- END SOLUTION -->", "cell 2"));
        Assert.Equal("cell 2, line 3: the QUESTION comment is never closed; end it with -->.", e.Message);
    }

    [Fact]
    public void In_homework_a_stubbed_members_summary_is_replaced_and_its_stub_never_quotes_it()
    {
        string source = "    /// <summary>\n    /// ∂J/∂h = Wuᵀ ∂J/∂s.\n    /// </summary>\n    /// <param name=\"Wu\">Unembedding.</param>\n    public static Vector<double> dJ_dh(Matrix<double> Wu, Vector<double> dJ_ds)\n    {\n        // BEGIN SOLUTION\n        return Wu.TransposeThisAndMultiply(dJ_ds);\n        // END SOLUTION\n    }\n";
        string stub = SolutionRegions.StubCode(source, "Boxes.P1.cs", ReleaseMode.Homework);
        Assert.Equal($"    /// <summary>{SolutionRegions.HomeworkSummary}</summary>\n    /// <param name=\"Wu\">Unembedding.</param>\n    public static Vector<double> dJ_dh(Matrix<double> Wu, Vector<double> dJ_ds)\n    {{\n        throw new NotImplementedException(\"{SolutionRegions.HomeworkHint}\");\n    }}\n", stub);
        Assert.Contains("Implement ∂J/∂h = Wuᵀ ∂J/∂s.", SolutionRegions.StubCode(source.Replace("/// <summary>\n    /// ", "/// <summary>").Replace(".\n    /// </summary>", ".</summary>"), "Boxes.P1.cs", ReleaseMode.Tutorial));
    }

    [Theory]
    [InlineData("a\n// BEGIN SOLUTION\nb\n", "line 2: BEGIN SOLUTION is never closed")]
    [InlineData("a\n// END SOLUTION\n", "line 2: END SOLUTION without a BEGIN SOLUTION above it")]
    [InlineData("// BEGIN SOLUTION\n// BEGIN SOLUTION\n// END SOLUTION\n", "line 2: BEGIN SOLUTION inside the region opened on line 1")]
    public void Broken_markers_are_reported_with_the_file_and_line(string text, string message)
    {
        var e = Assert.Throws<InvalidDataException>(() => SolutionRegions.StubCode(text, "Boxes.P9.cs"));
        Assert.Equal("Boxes.P9.cs, " + message, e.Message[..("Boxes.P9.cs, " + message).Length]);
    }
}
