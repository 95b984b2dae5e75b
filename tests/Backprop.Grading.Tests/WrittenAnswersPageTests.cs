using Backprop.Grading.Notebooks;
using Backprop.Grading.Release;
using Backprop.Grading.Reports;
using Backprop.Grading.Scoring;

namespace Backprop.Grading.Tests;

public class WrittenAnswersPageTests
{
    private static readonly SubmissionResult Result = new("ada",
    [
        new ItemResult("p1.dJ_ds", "∂J/∂s", ItemVerdict.Passed, 5, 5, "ok"),
        new ItemResult("p1.dJ_ds.derivation", "written answer", ItemVerdict.GradedByHand, 0, 5, "Graded by hand"),
        new ItemResult("p1.dJ_dh.derivation", "written answer", ItemVerdict.GradedByHand, 0, 5, "Graded by hand"),
        new ItemResult("p3.why_residual", "written answer", ItemVerdict.GradedByHand, 0, 10, "Graded by hand"),
    ], []);

    private static string Notebook(params (string Id, string Text)[] written) =>
        "{\"cells\": [" + string.Join(",", written.Select(w =>
            $"{{\"cell_type\": \"markdown\", \"metadata\": {{}}, \"source\": {System.Text.Json.JsonSerializer.Serialize($"<!-- answer: {w.Id} -->\n{w.Text}")}}}")) +
        "], \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 5}";

    [Fact]
    public void Each_written_answer_is_quoted_under_its_question_and_rubric_and_gaps_are_said_plainly()
    {
        string folder = TestPaths.NewTempFolder("written");
        string first = Path.Combine(folder, "01.ipynb"), second = Path.Combine(folder, "02.ipynb"), broken = Path.Combine(folder, "03.ipynb");
        File.WriteAllText(first, Notebook(("p1.dJ_ds.derivation", "# My heading\n$$\\partial J/\\partial s_k = y_k - p_k$$"), ("p3.why_residual", SolutionRegions.MarkdownPlaceholder)));
        File.WriteAllText(second, Notebook(("p1.dJ_ds.derivation", "a second try"), ("p1.dJ_dh.derivation", new string('x', WrittenAnswersPage.MaxAnswerCharacters + 10))));
        File.WriteAllText(broken, "not json");
        var rubrics = new Dictionary<string, Rubrics.Rubric> { ["p1.dJ_ds.derivation"] = new("Derive ∂J/∂s.", "The solution.", "01-word-mlp.ipynb, cell 9") };

        string page = WrittenAnswersPage.Render(Result, SubmissionReader.Read("ada", [first, second, broken]), rubrics);

        Assert.StartsWith("# Written answers: ada\n", page.Replace("\r\n", "\n"));
        Assert.Contains("do not hand it out", page);
        Assert.Contains("> **Unreadable file:** 03.ipynb is not valid JSON", page);
        Assert.DoesNotContain("## `p1.dJ_ds`", page); // only written items
        Assert.Contains("## `p1.dJ_ds.derivation` (5 points)\n\n**Question.** Derive ∂J/∂s.", page.Replace("\r\n", "\n"));
        Assert.Contains("*2 cells answer this item; all are shown.*", page);
        Assert.Contains("> # My heading\n> $$\\partial J/\\partial s_k = y_k - p_k$$", page.Replace("\r\n", "\n")); // quoted: cannot break the page
        Assert.Contains("*From 01-word-mlp.ipynb, cell 9.*\n\nThe solution.", page.Replace("\r\n", "\n"));
        Assert.Contains($"*(cut after {WrittenAnswersPage.MaxAnswerCharacters} characters)*", page);
        Assert.Contains("> *(left empty)*", page); // the release's placeholder counts as no answer
        Assert.Equal(2, page.Split("*No rubric:").Length - 1); // p1.dJ_dh.derivation and p3.why_residual
        Assert.DoesNotContain("<!-- answer:", page);
    }

    [Fact]
    public void A_missing_written_answer_says_which_first_line_the_grader_looked_for()
    {
        string folder = TestPaths.NewTempFolder("written-missing");
        string path = Path.Combine(folder, "01.ipynb");
        File.WriteAllText(path, Notebook());
        string page = WrittenAnswersPage.Render(Result, SubmissionReader.Read("ada", [path]), new Dictionary<string, Rubrics.Rubric>());
        Assert.Contains("*No written answer: no Markdown cell starts with `<!-- answer: p1.dJ_dh.derivation -->`.*", page);
    }
}
