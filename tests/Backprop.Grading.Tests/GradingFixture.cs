using System.Text.Json.Nodes;
using Backprop.Grading.Notebooks;
using Backprop.Grading.Release;

namespace Backprop.Grading.Tests;

/// <summary>
/// Generates <c>Fixtures/solution.ipynb</c>, the grader's fixture submission, from the instructor notebooks: every
/// answer, check and written-answer cell of <c>notebooks/0*.ipynb</c>, verbatim and in notebook order, after the first
/// notebook's setup cell and one instructor-only cell (which every release must drop). The notebooks' solution regions
/// are the boxes token for token (ContractTests), so the fixture is a generated copy of the same source and never a
/// second reference. <see cref="GradingFixtureTests"/> fails when the committed file differs from this output.
/// </summary>
internal static class GradingFixture
{
    /// <summary>The fixture, relative to the repository root.</summary>
    public const string RelativePath = "tests/Backprop.Grading.Tests/Fixtures/solution.ipynb";

    /// <summary>Set to 1 to make <see cref="GradingFixtureTests"/> rewrite the fixture (and fail, so that nothing passes in that mode).</summary>
    public const string WriteVariable = "BACKPROP_WRITE_FIXTURE";

    private const string Header = """
        # Fixture: every answer cell of the course

        Generated from the instructor notebooks (`notebooks/0*.ipynb`) by `tests/Backprop.Grading.Tests/GradingFixture.cs`:
        their answer, check and written-answer cells, copied verbatim. Do not edit by hand; `GradingFixtureTests` fails when
        this file differs from what the generator writes. To regenerate after changing a notebook, run
        `BACKPROP_WRITE_FIXTURE=1 dotnet test tests/Backprop.Grading.Tests --filter GradingFixtureTests` (it rewrites the
        file and fails once), then run the test again without the variable.
        """;

    /// <summary>The fixture's text, from the instructor notebooks under <paramref name="root"/>.</summary>
    /// <param name="root">The repository root.</param>
    public static string Generate(string root)
    {
        var sources = Directory.EnumerateFiles(Path.Combine(root, "notebooks"), "0*.ipynb")
            .Where(f => !f.EndsWith(".executed.ipynb", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray();
        if (sources.Length == 0)
        {
            throw new InvalidOperationException($"No instructor notebooks in {Path.Combine(root, "notebooks")}: the fixture is generated from them.");
        }

        var cells = new JsonArray(Markdown("fixture-header", Header));
        JsonObject? metadata = null;
        foreach (string path in sources)
        {
            var notebook = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
            var notebookCells = notebook["cells"]!.AsArray().Select(c => c!.AsObject()).ToArray();
            if (metadata is null)
            {
                metadata = notebook["metadata"]!.AsObject();
                var setup = notebookCells.First(c => c["cell_type"]!.GetValue<string>() == "code" && Notebook.JoinSource(c["source"]).StartsWith("#r ", StringComparison.Ordinal));
                cells.Add(setup.DeepClone());
                cells.Add(Instructor());
            }

            var graded = notebookCells.Where(c => c["metadata"]?["backprop"] is JsonObject b && (b["answer"] ?? b["check"] ?? b["manual"]) is not null).ToArray();
            if (graded.Length > 0)
            {
                cells.Add(Markdown("fixture-" + Path.GetFileNameWithoutExtension(path), $"## From {Path.GetFileName(path)}"));
                foreach (var cell in graded)
                {
                    cells.Add(cell.DeepClone());
                }
            }
        }

        var ids = cells.Select(c => c!["id"]?.GetValue<string>()).ToArray();
        if (ids.Any(id => id is null) || ids.Distinct().Count() != ids.Length)
        {
            throw new InvalidOperationException("The fixture's cells need unique ids; two instructor notebooks share a cell id, or a cell has none.");
        }

        var fixture = new JsonObject
        {
            ["cells"] = cells,
            ["metadata"] = metadata!.DeepClone(),
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
        };
        return NotebookRelease.Serialize(fixture);
    }

    private static JsonObject Markdown(string id, string text) => new()
    {
        ["cell_type"] = "markdown",
        ["id"] = id,
        ["metadata"] = new JsonObject(),
        ["source"] = Notebook.SplitSource(text),
    };

    /// <summary>A cell only the instructor's copy has: the release must drop it.</summary>
    private static JsonObject Instructor() => new()
    {
        ["cell_type"] = "code",
        ["execution_count"] = null,
        ["id"] = "fixture-instructor",
        ["metadata"] = new JsonObject
        {
            ["dotnet_interactive"] = new JsonObject { ["language"] = "csharp" },
            ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "csharp" },
            ["backprop"] = new JsonObject { ["instructor"] = true },
        },
        ["outputs"] = new JsonArray(),
        ["source"] = Notebook.SplitSource("// Instructor only: how the reference is checked.\nCourseProblems.CheckAll()"),
    };
}
