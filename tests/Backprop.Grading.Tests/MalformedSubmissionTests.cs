using System.Text.Json.Nodes;
using Backprop.Grading.Reports;

namespace Backprop.Grading.Tests;

public class MalformedSubmissionTests
{
    [Theory]
    [InlineData("{ \"cells\": [ {\"cell_type\": \"code\", ", "is not valid JSON")]
    [InlineData("", "is empty (0 bytes)")]
    [InlineData("\u0000\u0001binary", "is not valid JSON")]
    [InlineData("[1, 2, 3]", "no \\\"cells\\\" list")]
    [InlineData("{\"cells\": [{\"cell_type\": \"code\", \"source\": \"Console.WriteLine(1);\", \"metadata\": {}}]}", "No answer cells were found")]
    public void A_malformed_notebook_still_gives_results_json_with_a_clear_message(string content, string message)
    {
        var result = Submissions.Grade(content);
        string json = ResultsJson.Render(result);
        var root = JsonNode.Parse(json)!;
        Assert.Equal(0, root["score"]!.GetValue<double>());
        Assert.Equal(Submissions.AutoPoints, root["max_score"]!.GetValue<double>());
        Assert.Contains(message, json);
        Assert.All(result.Items.Where(i => !i.Manual), i => Assert.Contains("No answer cell for " + i.Id, i.Output));
    }

    [Fact]
    public void Reordered_and_extra_cells_junk_outputs_and_a_lost_marker_or_lost_metadata_are_tolerated()
    {
        var notebook = JsonNode.Parse(Submissions.SolutionText)!.AsObject();
        var cells = notebook["cells"]!.AsArray().Select(c => c!.DeepClone()).ToList();
        cells.Reverse();
        cells.Insert(3, JsonNode.Parse("""{"cell_type": "code", "metadata": {}, "source": ["// my scratch work\n", "var x = 1;"], "outputs": [{"output_type": "stream", "text": ["junk \u0000"]}], "execution_count": 7}""")!);
        cells.Insert(0, JsonNode.Parse("""{"cell_type": "raw", "source": 42}""")!);
        foreach (var cell in cells)
        {
            if (cell!["metadata"]?["backprop"]?["answer"]?.GetValue<string>() == "p1.dJ_ds")
            {
                cell["metadata"]!.AsObject().Remove("backprop"); // the first line still names it
                cell["outputs"] = JsonNode.Parse("""[{"output_type": "error", "ename": "X", "evalue": "Y", "traceback": []}]""");
            }
            else if (cell["metadata"]?["backprop"]?["answer"]?.GetValue<string>() == "p1.dJ_dh")
            {
                var lines = cell["source"]!.AsArray().Skip(1).Select(l => l!.DeepClone()).ToArray(); // the metadata still names it
                cell["source"] = new JsonArray(lines);
            }
        }

        notebook["cells"] = new JsonArray(cells.ToArray());
        var result = Submissions.Grade(notebook.ToJsonString());
        Assert.Empty(result.Problems);
        Assert.Equal(result.MaxScore, result.Score);
    }

    [Fact]
    public void A_missing_a_duplicated_and_a_non_compiling_answer_cost_only_their_own_items()
    {
        var notebook = JsonNode.Parse(Submissions.SolutionText)!.AsObject();
        var cells = notebook["cells"]!.AsArray().Select(c => c!.DeepClone()).ToList();
        string? Answer(JsonNode c) => c["metadata"]?["backprop"]?["answer"]?.GetValue<string>();
        cells.RemoveAll(c => Answer(c) == "p1.dJ_dh");
        var duplicate = cells.First(c => Answer(c) == "p1.dJ_dWu").DeepClone();
        duplicate["source"] = new JsonArray("// answer: p1.dJ_dWu\n", "Matrix<double> dJ_dWu(Vector<double> dJ_ds, Vector<double> h) => h.OuterProduct(dJ_ds);");
        cells.Add(duplicate);
        var broken = cells.First(c => Answer(c) == "p2.dJ_dWr");
        broken["source"] = new JsonArray("// answer: p2.dJ_dWr\n", "Matrix<double> dJ_dWr(IReadOnlyList<Vector<double>> hs, IReadOnlyList<Vector<double>> dJ_dhs)\n", "{\n", "    return undefinedThing;\n", "}");
        var renamed = cells.First(c => Answer(c) == "p2.dJ_dWe");
        renamed["source"] = new JsonArray("// answer: p2.dJ_dWe\n", "Matrix<double> dJdWe(IReadOnlyList<Vector<double>> xs) => null;");
        notebook["cells"] = new JsonArray(cells.ToArray());

        var result = Submissions.Grade(notebook.ToJsonString());
        Assert.Contains("No answer cell for p1.dJ_dh was found", result.Item("p1.dJ_dh").Output);
        Assert.Contains("2 different answer cells claim p1.dJ_dWu", result.Item("p1.dJ_dWu").Output);
        Assert.Contains("does not compile", result.Item("p2.dJ_dWr").Output);
        Assert.True(result.Item("p2.dJ_dWr").Output.Contains("line 4: CS0103", StringComparison.Ordinal), result.Item("p2.dJ_dWr").Output);
        Assert.Contains("must define exactly", result.Item("p2.dJ_dWe").Output);
        Assert.Contains("Matrix<double> dJ_dWe(IReadOnlyList<Vector<double>> xs, IReadOnlyList<Vector<double>> hs, IReadOnlyList<Vector<double>> dJ_dhs)", result.Item("p2.dJ_dWe").Output);
        Assert.Equal(Submissions.AutoPoints - new[] { "p1.dJ_dh", "p1.dJ_dWu", "p2.dJ_dWr", "p2.dJ_dWe" }.Sum(Submissions.PointsOf), result.Score);
    }
}
