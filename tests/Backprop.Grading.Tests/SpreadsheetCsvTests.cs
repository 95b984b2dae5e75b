using Backprop.Grading.Reports;
using Backprop.Grading.Reports.Class;
using Backprop.Grading.Scoring;

namespace Backprop.Grading.Tests;

/// <summary>Every CSV the grader writes keeps a student's formula-like text inert (OWASP's CSV injection guard).</summary>
public class SpreadsheetCsvTests
{
    private const string Formula = "=HYPERLINK(\"http://x\",\"click\")";

    // The quoted CSV cell of the formula with a leading ', so a spreadsheet shows it as text.
    private const string Inert = "\"'=HYPERLINK(\"\"http://x\"\",\"\"click\"\")\"";

    private static readonly ItemPoints[] Points = [new("p1.dJ_ds", 5, false), new("p3.why_residual", 5, true)];

    private static SubmissionResult Result(string name, string problem = "") => new(name,
        [new ItemResult("p1.dJ_ds", "∂J/∂s", ItemVerdict.Failed, 0, 5, "wrong", "flipped sign"), new ItemResult("p3.why_residual", "written answer", ItemVerdict.GradedByHand, 0, 5, "by hand")],
        problem.Length == 0 ? [] : [problem]);

    [Fact]
    public void Gradebook_csv_keeps_formula_like_names_and_problems_inert()
    {
        string csv = Gradebook.Render([Result(Formula, "+cmd|' /C calc'!A0"), Result("@SUM(A1)"), Result("-2+3"), Result("\tx"), Result("ada")], Points);

        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("submission,score,max_score,p1.dJ_ds,mistakes,problems", lines[0]);
        Assert.Contains(lines, l => l.StartsWith(Inert + ",0,5,0,p1.dJ_ds: flipped sign,\"'+cmd|' /C calc'!A0\"", StringComparison.Ordinal));
        // An escaped cell is also quoted, so a reader that trims spaces or quotes cannot turn it back into a formula.
        Assert.Contains(lines, l => l.StartsWith("\"'@SUM(A1)\",", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("\"'-2+3\",", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("\"'\tx\",", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("ada,0,5,0,", StringComparison.Ordinal)); // plain text and numbers stay as they are
    }

    [Fact]
    public void Items_csv_keeps_formula_like_names_inert()
    {
        string csv = ItemsCsv.Render([Result(Formula), Result("ada")], Points);

        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("student,p1.dJ_ds,total", lines[0]);
        Assert.Contains(Inert + ",0,0", lines);
        Assert.Contains("ada,0,0", lines);
    }

    [Fact]
    public void Similarity_csv_keeps_formula_like_names_and_cells_inert()
    {
        var pair = new SimilarPair(Formula, "ada", [new SimilarItem("p1.dJ_ds", "same rare structure", 7, 0.9, "=1+1", "-x")]);

        string csv = SimilarityCsv.Render([pair]);

        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("submission_a,submission_b,item,why,shared_fingerprints,overlap,cell_a,cell_b", lines[0]);
        Assert.Equal(Inert + ",ada,p1.dJ_ds,same rare structure,7,0.90,\"'=1+1\",\"'-x\"", lines[1]);
    }
}
