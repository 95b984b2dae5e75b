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
