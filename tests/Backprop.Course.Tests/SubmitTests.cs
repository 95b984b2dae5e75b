using System.Text.Json.Nodes;
using Backprop.Course.Submit;
using Backprop.Grading.Notebooks;
using Backprop.Grading.Scoring;
using Backprop.Runner;

namespace Backprop.Course.Tests;

/// <summary>
/// <c>backprop submit</c> on broken copies of notebook 02 (reading and compiling as the grader does), on a notebook whose
/// self-check fails (run from the top), and the clean copy, which the grader must grade exactly as the original.
/// </summary>
public sealed class SubmitTests : IDisposable
{
    private static readonly RepositoryLayout Layout = RepositoryLayout.Find(AppContext.BaseDirectory)!;

    private readonly string _folder = Directory.CreateTempSubdirectory("backprop-submit-tests-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static JsonObject Notebook02() => (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(Layout.NotebooksFolder, "02-rnn-bptt.ipynb")))!;

    private static JsonObject AnswerCell(JsonObject notebook, string id) =>
        notebook["cells"]!.AsArray().OfType<JsonObject>().Single(c => c["metadata"]?["backprop"]?["answer"]?.GetValue<string>() == id);

    private static string Source(JsonObject cell) =>
        cell["source"] is JsonArray lines ? string.Concat(lines.Select(l => l!.GetValue<string>())) : cell["source"]!.GetValue<string>();

    private static void SetSource(JsonObject cell, string text) => cell["source"] = text;

    private Task<(int Code, string Output)> SubmitAsync(JsonObject notebook, params string[] options) => SubmitAsync("02-rnn-bptt.ipynb", notebook, options);

    private async Task<(int Code, string Output)> SubmitAsync(string name, JsonObject notebook, params string[] options)
    {
        string path = Path.Combine(_folder, name);
        await File.WriteAllTextAsync(path, notebook.ToJsonString());
        var output = new StringWriter();
        int code = await CommandLine.RunAsync(["submit", path, "--no-run", "--out", Path.Combine(_folder, "out"), .. options], output, output);
        return (code, output.ToString());
    }

    /// <summary>
    /// Notebook 02 with the instructor's derivations in its written cells: each derivation cell gets the Markdown cell
    /// above it that holds the solution region (the checker skips the region's HTML comments).
    /// </summary>
    private static JsonObject Notebook02Derived()
    {
        var notebook = Notebook02();
        var cells = notebook["cells"]!.AsArray().OfType<JsonObject>().ToList();
        for (int i = 0; i < cells.Count; i++)
        {
            if (cells[i]["metadata"]?["backprop"]?["manual"]?.GetValue<string>() is { } id && id.EndsWith(".derivation", StringComparison.Ordinal))
            {
                var region = cells.Take(i).Last(c => c["cell_type"]!.GetValue<string>() == "markdown" && Source(c).Contains("BEGIN SOLUTION", StringComparison.Ordinal));
                SetSource(cells[i], $"<!-- answer: {id} -->\n" + Source(region));
            }
        }

        return notebook;
    }

    private static JsonObject WrittenCell(JsonObject notebook, string id) =>
        notebook["cells"]!.AsArray().OfType<JsonObject>().Single(c => c["metadata"]?["backprop"]?["manual"]?.GetValue<string>() == id);

    [Fact]
    public async Task The_course_notebook_with_the_instructors_derivations_has_nothing_to_fix()
    {
        var (code, output) = await SubmitAsync(Notebook02Derived());

        Assert.True(code == 0, output);
        Assert.Contains("submit: nothing to fix", output);
    }

    [Fact]
    public async Task An_untouched_derivation_cell_is_listed_with_how_to_end_it()
    {
        var notebook = Notebook02Derived();
        SetSource(WrittenCell(notebook, "p2.dJ_dWr.derivation"), Source(WrittenCell(Notebook02(), "p2.dJ_dWr.derivation")));

        var (code, output) = await SubmitAsync(notebook);

        Assert.Equal(1, code);
        Assert.Contains("02-rnn-bptt.ipynb, cell ", output);
        Assert.Contains(": p2.dJ_dWr.derivation has no boxed result, so the grader's check of your result finds nothing to read", output);
        Assert.Contains("    fix: end the cell with your result on a line of its own, $$\\boxed{… = …}$$ with the derivative on the left, then run Check.Written(\"p2.dJ_dWr\") under it", output);
        Assert.Single(output.Split('\n'), l => l.StartsWith("submit: ", StringComparison.Ordinal) && l.Contains("boxed", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(true, true)]   // as a homework release hands it out: the question, then the placeholder line
    [InlineData(false, true)]  // the placeholder alone
    [InlineData(false, false)] // nothing under the marker
    public async Task A_prose_answer_left_at_its_placeholder_is_listed_as_not_answered_yet_and_a_written_one_is_not(bool question, bool placeholder)
    {
        var notebook = (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(Layout.NotebooksFolder, "03-vanishing-gradients.ipynb")))!;
        var cell = WrittenCell(notebook, "p3.why_residual");
        string answered = Source(cell);
        string asked = answered[..answered.IndexOf("<!-- BEGIN SOLUTION", StringComparison.Ordinal)].TrimEnd();
        SetSource(cell, (question ? asked : "<!-- answer: p3.why_residual -->") + "\n\n" + (placeholder ? "*Write your answer here.*" : "") + "\n");

        var (code, output) = await SubmitAsync("03-vanishing-gradients.ipynb", notebook);

        Assert.Equal(1, code);
        Assert.Contains("03-vanishing-gradients.ipynb, cell ", output);
        Assert.Contains(": p3.why_residual is not answered yet: its cell is empty or still holds the line *Write your answer here.*", output);
        Assert.Contains("    fix: write your answer in that cell in place of the line *Write your answer here.*, keeping its first line <!-- answer: p3.why_residual -->", output);

        SetSource(cell, answered);
        var (_, written) = await SubmitAsync("03-vanishing-gradients.ipynb", notebook);
        Assert.DoesNotContain("is not answered yet", written);
        Assert.Contains("has no boxed result", written); // the run saw the notebook's findings, only not this one
    }

    [Fact]
    public async Task A_wrong_boxed_result_is_listed_with_what_is_wrong_but_not_the_mistakes_name()
    {
        var notebook = Notebook02Derived();
        var cell = WrittenCell(notebook, "p2.dJ_dWr.derivation");
        SetSource(cell, Source(cell) + "\n\nSo, in one line:\n\n$$\\boxed{\\frac{\\partial J}{\\partial W^r} = \\sum_{t=1}^{T} h_{t-1} \\left(\\operatorname{diag}(1 - h_t \\odot h_t) \\frac{\\partial J}{\\partial h_t}\\right)^T}$$\n");

        var (code, output) = await SubmitAsync(notebook);

        Assert.Equal(1, code);
        Assert.Contains("the boxed result of p2.dJ_dWr.derivation is wrong on the public cases: Your boxed result does not agree with the reference: on case course N=8 M=4 T=3", output);
        Assert.Contains("fix: redo the last step of your derivation and compare the box with your code answer; Check.Written(\"p2.dJ_dWr\") shows the same verdict", output);
        Assert.DoesNotContain("transposed", output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_boxed_result_that_leans_on_a_derivative_the_item_does_not_give_is_listed_with_what_to_write_it_with()
    {
        var notebook = Notebook02Derived();
        var cell = WrittenCell(notebook, "p2.dJ_dWr.derivation");
        SetSource(cell, Source(cell) + "\n\nSo:\n\n$$\\boxed{\\frac{\\partial J}{\\partial W^r} = \\sum_{t=1}^{T} \\frac{\\partial J}{\\partial W^r_t}}$$\n");

        var (code, output) = await SubmitAsync(notebook);

        Assert.Equal(1, code);
        Assert.Contains("the boxed result of p2.dJ_dWr.derivation cannot be checked automatically: Left for hand grading: The result uses ∂J/∂W^r_t, which this item does not give", output);
        Assert.Contains("fix: write the box in the problem set's notation, with only the derivatives the item gives, or leave it to the person grading", output);
    }

    [Fact]
    public async Task A_renamed_answer_cell_is_shown_with_the_marker_the_grader_looks_for()
    {
        var notebook = Notebook02();
        var cell = AnswerCell(notebook, "p2.dJ_dWr");
        cell["metadata"]!.AsObject().Remove("backprop");
        SetSource(cell, Source(cell).Replace("// answer: p2.dJ_dWr", "// answer: p2.dJ_dWR", StringComparison.Ordinal));

        var (code, output) = await SubmitAsync(notebook);

        Assert.Equal(1, code);
        Assert.Contains("this cell is marked p2.dJ_dWR, but the grader looks for p2.dJ_dWr, so p2.dJ_dWr scores 0", output);
        Assert.Contains("    │ // answer: p2.dJ_dWR", output);
        Assert.Contains("    fix: make the cell's first line exactly // answer: p2.dJ_dWr", output);
    }

    [Fact]
    public async Task An_exported_app_is_read_as_the_grader_reads_it_and_a_renamed_region_is_caught_the_same_way()
    {
        var output = new StringWriter();
        Assert.Equal(0, await CommandLine.RunAsync(["export", Path.Combine(Layout.NotebooksFolder, "02-rnn-bptt.ipynb"), "--out", _folder], output, output));
        string app = Path.Combine(_folder, "02-rnn-bptt.cs");
        // The instructor's derivations in the app's written cells, in place of the placeholder line under each marker.
        var lines = (await File.ReadAllTextAsync(app)).Split('\n').ToList();
        foreach (var cell in Notebook02Derived()["cells"]!.AsArray().OfType<JsonObject>().Where(c => c["metadata"]?["backprop"]?["manual"] is not null))
        {
            var derivation = Source(cell).Split('\n');
            int marker = lines.IndexOf("// " + derivation[0]);
            lines.RemoveAt(marker + 1);
            lines.InsertRange(marker + 1, derivation.Skip(1).Select(l => ("// " + l).TrimEnd()));
        }

        await File.WriteAllTextAsync(app, string.Join('\n', lines));
        var clean = new StringWriter();
        Assert.True(await CommandLine.RunAsync(["submit", app, "--no-run", "--out", Path.Combine(_folder, "out")], clean, clean) == 0, clean.ToString());
        await File.WriteAllTextAsync(app, (await File.ReadAllTextAsync(app)).Replace("// answer: p2.dJ_dWr", "// answer: p2.dJ_dWR", StringComparison.Ordinal));

        var broken = new StringWriter();
        int code = await CommandLine.RunAsync(["submit", app, "--no-run", "--out", Path.Combine(_folder, "out")], broken, broken);

        Assert.Equal(1, code);
        Assert.Contains("this cell is marked p2.dJ_dWR, but the grader looks for p2.dJ_dWr", broken.ToString());
        Assert.Equal(await File.ReadAllTextAsync(app), await File.ReadAllTextAsync(Path.Combine(_folder, "out", "02-rnn-bptt.cs")));
    }

    [Fact]
    public async Task A_deleted_answer_cell_is_named_with_where_to_put_it_back_and_the_signature()
    {
        var notebook = Notebook02();
        notebook["cells"]!.AsArray().Remove(AnswerCell(notebook, "p2.dJ_dWr"));

        var (code, output) = await SubmitAsync(notebook);

        Assert.Equal(1, code);
        Assert.Contains("there is no answer cell for p2.dJ_dWr, so it scores 0", output);
        Assert.Matches(@"submit: 02-rnn-bptt\.ipynb, before cell \d+: ", output);
        Assert.Contains("fix: add a code cell whose first line is // answer: p2.dJ_dWr, defining Matrix<double> dJ_dWr(", output);
    }

    [Fact]
    public async Task An_answer_that_does_not_compile_is_shown_with_the_compilers_first_error()
    {
        var notebook = Notebook02();
        var cell = AnswerCell(notebook, "p2.dJ_dWr");
        SetSource(cell, Source(cell).Replace("// BEGIN SOLUTION p2.dJ_dWr", "// BEGIN SOLUTION p2.dJ_dWr\n    int broken = \"text\";", StringComparison.Ordinal));

        var (code, output) = await SubmitAsync(notebook);

        Assert.Equal(1, code);
        Assert.Contains("p2.dJ_dWr does not compile as the grader compiles it:", output);
        Assert.Contains("CS0029", output);
        Assert.Contains("    │ // answer: p2.dJ_dWr", output);
        Assert.Matches(@"    fix: fix line \d+: CS0029: ", output);
    }

    [Fact]
    public async Task A_failing_self_check_is_found_by_running_the_notebook_from_the_top()
    {
        // A small notebook in the course's shape: the library, an answer with a flipped sign (the course has y - p), and its self-check.
        string library = Layout.KernelAssembly;
        Assert.True(File.Exists(library), "build src/Backprop.Kernel first");
        var notebook = new JsonObject
        {
            ["cells"] = new JsonArray(
                Code($"#r \"{library}\""),
                Code("using Backprop.Kernel;\nusing MathNet.Numerics.LinearAlgebra;"),
                Code("// answer: p1.dJ_ds\nVector<double> dJ_ds(Vector<double> y, Vector<double> p) => p - y;", "p1.dJ_ds"),
                Code("Check.P1.dJ_ds(dJ_ds)")),
            ["metadata"] = new JsonObject { ["kernelspec"] = new JsonObject { ["name"] = ".net-csharp-backprop-1.0.712001", ["language"] = "C#" } },
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
        };
        string path = Path.Combine(_folder, "10-flipped.ipynb");
        await File.WriteAllTextAsync(path, notebook.ToJsonString());

        var findings = await SelfChecks.RunAsync([path], TextWriter.Null, default);

        var finding = Assert.Single(findings);
        Assert.Contains("cell 4 (Check.P1.dJ_ds(dJ_ds))", finding.Where);
        Assert.Contains("the self-check", finding.What);
        Assert.Contains("fails", finding.What);
        Assert.Equal("fix the answer this cell checks; run the cell to see its hint", finding.Fix);
    }

    [Fact]
    public async Task The_clean_copy_has_no_outputs_no_script_urls_and_no_addresses_and_grades_exactly_as_the_original()
    {
        // Notebook 02 as Jupyter leaves it: the kernel's bootstrap in the first cell, outputs everywhere, run metadata.
        var notebook = Notebook02Derived();
        int count = 0;
        foreach (var cell in notebook["cells"]!.AsArray().OfType<JsonObject>().Where(c => c["cell_type"]!.GetValue<string>() == "code"))
        {
            cell["execution_count"] = ++count;
            cell["outputs"] = new JsonArray(new JsonObject
            {
                ["output_type"] = "display_data",
                ["data"] = new JsonObject { ["text/html"] = "<script src=\"https://cdnjs.cloudflare.com/ajax/libs/require.js/2.3.6/require.min.js\"></script><script>probeAddresses([\"http://192.0.2.2:2048/\", \"http://127.0.0.1:2048/\"])</script>" },
                ["metadata"] = new JsonObject(),
            });
            cell["metadata"]!["execution"] = new JsonObject { ["iopub.status.busy"] = "2026-12-04T21:00:00Z" };
        }

        notebook["metadata"]!["widgets"] = new JsonObject { ["state"] = "from /home/student/machine" };
        string original = Path.Combine(_folder, "original", "02-rnn-bptt.ipynb");
        Directory.CreateDirectory(Path.GetDirectoryName(original)!);
        await File.WriteAllTextAsync(original, notebook.ToJsonString());
        var output = new StringWriter();
        int code = await CommandLine.RunAsync(["submit", original, "--no-run", "--out", Path.Combine(_folder, "clean")], output, output);
        string clean = Path.Combine(_folder, "clean", "02-rnn-bptt.ipynb");

        Assert.True(code == 0, output.ToString());
        string text = await File.ReadAllTextAsync(clean);
        Assert.DoesNotContain("cdnjs", text);
        Assert.DoesNotContain("192.0.2.2", text);
        Assert.DoesNotContain("127.0.0.1", text);
        Assert.DoesNotContain("iopub", text);
        Assert.DoesNotContain("/home/student", text);
        var cleaned = (JsonObject)JsonNode.Parse(text)!;
        Assert.All(cleaned["cells"]!.AsArray().OfType<JsonObject>().Where(c => c["cell_type"]!.GetValue<string>() == "code"),
            c => Assert.Empty(c["outputs"]!.AsArray()));
        Assert.Equal(notebook["cells"]!.AsArray().Select(c => Source((JsonObject)c!)), cleaned["cells"]!.AsArray().Select(c => Source((JsonObject)c!)));

        var grader = new Grader(GraderOptions.Default);
        var before = grader.Grade(SubmissionReader.Read("original", [original]));
        var after = grader.Grade(SubmissionReader.Read("clean", [clean]));
        Assert.True(before.Score > 0, "the solution scored nothing: the test grades nothing");
        Assert.Equal(before.Items.Select(i => (i.Id, i.Score, i.Output)), after.Items.Select(i => (i.Id, i.Score, i.Output)));
    }

    private static JsonObject Code(string source, string? answer = null) => new()
    {
        ["cell_type"] = "code",
        ["execution_count"] = null,
        ["metadata"] = answer is null ? new JsonObject() : new JsonObject { ["backprop"] = new JsonObject { ["answer"] = answer } },
        ["outputs"] = new JsonArray(),
        ["source"] = source,
    };
}
