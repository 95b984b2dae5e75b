using System.Text.Json.Nodes;
using Backprop.Kernel;
using Backprop.Kernel.Written;

namespace Backprop.Grading.Written.Tests;

/// <summary>
/// The student's own check of a written item, <c>Check.Written("p2.dJ_dWr")</c>: it reads the saved notebook (or the
/// exported app), checks the boxed result on the public cases and never names a mistake or states the result.
/// </summary>
public sealed class StudentCheckTests : IDisposable
{
    private const string Right = @"\frac{\partial J}{\partial W^r} = \sum_{t=1}^{T} \operatorname{diag}(1 - h_t \odot h_t)\, \frac{\partial J}{\partial h_t}\, h_{t-1}^T";
    private const string SignFlipped = @"\frac{\partial J}{\partial W^r} = -\sum_{t=1}^{T} \operatorname{diag}(1 - h_t \odot h_t)\, \frac{\partial J}{\partial h_t}\, h_{t-1}^T";

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("backprop-written-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public void A_right_boxed_result_in_the_saved_notebook_passes()
    {
        Save("02-rnn-bptt.ipynb", Derivation("p2.dJ_dWr", $"Untie, then tie the copies back:\n\n$$\\boxed{{{Right}}}$$\n"));

        string report = Report("p2.dJ_dWr");

        Assert.Contains("p2.dJ_dWr.derivation  written result (02-rnn-bptt.ipynb, saved", report, StringComparison.Ordinal);
        Assert.Contains("PASS: Your boxed result agrees with the reference on every case (3)", report, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_boxed_result_is_wrong_without_its_mistake_named()
    {
        Save("02-rnn-bptt.ipynb", Derivation("p2.dJ_dWr", $"$$\\boxed{{{SignFlipped}}}$$"));

        string report = Report("p2.dJ_dWr");

        Assert.Contains("WRONG: Your boxed result does not agree with the reference: on case course N=8 M=4 T=3", report, StringComparison.Ordinal);
        Assert.DoesNotContain(MistakeNames.SignFlip, report, StringComparison.Ordinal);
        Assert.DoesNotContain("sign", report, StringComparison.OrdinalIgnoreCase);
        // The grader, given the same cell, names it: the name is the grader's to give.
        Assert.Equal(MistakeNames.SignFlip, WrittenResultChecker.Check("p2.dJ_dWr.derivation", $"$$\\boxed{{{SignFlipped}}}$$").Mistake);
    }

    [Fact]
    public void A_result_of_the_wrong_shape_says_so()
    {
        Save("02-rnn-bptt.ipynb", Derivation("p2.dJ_dWr", @"$$\boxed{\frac{\partial J}{\partial W^r} = \sum_{t=1}^{T} h_{t-1}^T \frac{\partial J}{\partial h_t}}$$"));

        string report = Report("p2.dJ_dWr");

        Assert.Contains("WRONG: Your boxed result has no value (shapes that do not fit)", report, StringComparison.Ordinal);
    }

    [Fact]
    public void The_placeholder_without_a_box_asks_for_one_and_to_save_first()
    {
        Save("02-rnn-bptt.ipynb", Derivation("p2.dJ_dWr", "*Your derivation of $\\partial J/\\partial W^r$ goes here.*"));

        string report = Report("p2.dJ_dWr");

        Assert.Contains("NO BOXED RESULT: No boxed result found. End the cell with \\boxed{", report, StringComparison.Ordinal);
        Assert.Contains("save the notebook and run this cell again", report, StringComparison.Ordinal);
    }

    [Fact]
    public void The_homework_placeholder_shows_the_form_of_the_box_and_has_no_boxed_result()
    {
        Assert.Contains("`$$\\boxed{… = …}$$`", WrittenItems.Placeholder, StringComparison.Ordinal);
        Save("02-rnn-bptt.ipynb", Derivation("p2.dJ_dWr", WrittenItems.Placeholder));

        Assert.Contains("NO BOXED RESULT: No boxed result found.", Report("p2.dJ_dWr"), StringComparison.Ordinal);
        Assert.Equal(WrittenStatus.NoResult, WrittenResultChecker.Check("p2.dJ_dWr.derivation", "<!-- answer: p2.dJ_dWr.derivation -->\n" + WrittenItems.Placeholder).Status);
    }

    [Fact]
    public void A_box_in_inline_code_is_text_and_the_real_box_after_it_is_read()
    {
        string cell = $"I end with `$$\\boxed{{x}}$$`, unpaired ` backtick, so:\n\n$$\\boxed{{{Right}}}$$\n\nand I quote my box as `\\boxed{{h}}`.";

        Assert.Equal(WrittenStatus.Agrees, WrittenResultChecker.Check("p2.dJ_dWr.derivation", cell).Status);
    }

    [Fact]
    public void An_unreadable_result_is_left_for_hand_grading_with_the_reason()
    {
        Save("02-rnn-bptt.ipynb", Derivation("p2.dJ_dWr", @"$$\boxed{\frac{\partial J}{\partial W^r} = \sum_{t=1}^{T} \frac{\partial J}{\partial h_t} (}$$"));

        string report = Report("p2.dJ_dWr");

        Assert.Contains("LEFT FOR HAND GRADING: Left for hand grading: The result cannot be read", report, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_saved_notebook_it_says_to_save_first()
    {
        Assert.Contains("NOT CHECKED: no saved notebook (.ipynb) in", Report("p2.dJ_dWr"), StringComparison.Ordinal);
        Save("other.ipynb", Derivation("p2.dJ_dWe", "$$\\boxed{x}$$"));
        Assert.Contains("Save the notebook first", Report("p2.dJ_dWr"), StringComparison.Ordinal);
    }

    [Fact]
    public void Of_two_notebooks_with_the_cell_the_one_saved_last_is_read()
    {
        Save("02-rnn-bptt.fresh.ipynb", Derivation("p2.dJ_dWr", "*placeholder*"));
        File.SetLastWriteTimeUtc(Path.Combine(_folder.FullName, "02-rnn-bptt.fresh.ipynb"), DateTime.UtcNow.AddHours(-1));
        Save("02-rnn-bptt.ipynb", Derivation("p2.dJ_dWr", $"$$\\boxed{{{Right}}}$$"));

        string report = Report("p2.dJ_dWr");

        Assert.Contains("(02-rnn-bptt.ipynb, saved", report, StringComparison.Ordinal);
        Assert.Contains("the latest of 2 notebooks here with this cell", report, StringComparison.Ordinal);
        Assert.Contains("PASS", report, StringComparison.Ordinal);
    }

    [Fact]
    public void In_an_exported_app_it_reads_the_apps_own_markdown_cell()
    {
        string app = Path.Combine(_folder.FullName, "02-rnn-bptt.cs");
        File.WriteAllText(app, string.Join('\n',
            "#region cell 34 · markdown", "// <!-- answer: p2.dJ_dWr.derivation -->", "// By untying:", "//", $"// $$\\boxed{{{Right}}}$$", "#endregion",
            "#region cell 35 · code", "Check.Written(\"p2.dJ_dWr\");", "#endregion", ""));

        string report = WrittenSelfCheck.Report("p2.dJ_dWr", _folder.FullName, app);

        Assert.Contains("(02-rnn-bptt.cs, saved", report, StringComparison.Ordinal);
        Assert.Contains("PASS", report, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_item_lists_the_checked_ones()
    {
        string report = Report("p3.why_residual");

        Assert.Contains("no written item of that name has a boxed result to check; the items are p1.dJ_ds,", report, StringComparison.Ordinal);
    }

    [Fact]
    public void On_every_corpus_result_the_students_verdict_is_the_graders_without_the_mistake_name()
    {
        foreach (var entry in Corpus.All)
        {
            string id = entry.Item + ".derivation";
            var student = WrittenCheckRun.Check(id, entry.Cell);
            var grader = WrittenResultChecker.Check(id, entry.Cell);
            Assert.True(student.Status == grader.Status, $"{entry}: student {student.Label}, grader {grader.Label}");
            Assert.True(student.Mistake is null or WrittenShapes.Mistake, $"{entry}: the student's check named {student.Mistake}");
            if (grader.Mistake is { } name && name != WrittenShapes.Mistake)
            {
                Assert.DoesNotContain(name, student.Feedback, StringComparison.Ordinal);
            }
        }
    }

    private string Report(string item) => WrittenSelfCheck.Report(item, _folder.FullName, app: null);

    private void Save(string name, JsonObject cell)
    {
        var notebook = new JsonObject
        {
            ["cells"] = new JsonArray(
                new JsonObject { ["cell_type"] = "markdown", ["metadata"] = new JsonObject(), ["source"] = new JsonArray("## Box\n", "Derive it.") },
                cell,
                new JsonObject { ["cell_type"] = "code", ["metadata"] = new JsonObject(), ["outputs"] = new JsonArray(), ["source"] = new JsonArray("Check.Written(\"p2.dJ_dWr\")") }),
            ["metadata"] = new JsonObject(),
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
        };
        File.WriteAllText(Path.Combine(_folder.FullName, name), notebook.ToJsonString());
    }

    private static JsonObject Derivation(string item, string body)
    {
        var lines = ($"<!-- answer: {item}.derivation -->\n" + body).Split('\n');
        var source = new JsonArray(lines.Select((l, i) => (JsonNode)JsonValue.Create(i < lines.Length - 1 ? l + "\n" : l)!).ToArray());
        return new JsonObject { ["cell_type"] = "markdown", ["metadata"] = new JsonObject(), ["source"] = source };
    }
}
