using System.Text.Json;
using System.Text.Json.Nodes;
using Backprop.Kernel;
using Backprop.Kernel.Checking;

namespace Backprop.Grading.Scoring;

/// <summary>
/// The one file with the points of every item, <c>notebooks/grading.json</c>:
/// <c>{"items": [{"id": "p1.dJ_ds", "points": 5}, …, {"id": "p3.why_residual", "points": 10, "manual": true}]}</c>.
/// The grader carries a copy built in, so an autograder needs no other file.
/// </summary>
public static class PointsFile
{
    /// <summary>The repository-relative path of the points file.</summary>
    public const string RelativePath = "notebooks/grading.json";

    /// <summary>The points built into the grader (notebooks/grading.json at build time).</summary>
    public static IReadOnlyList<ItemPoints> BuiltIn { get; } = LoadBuiltIn();

    /// <summary>
    /// Validates the repository's points file against the table of items (<see cref="CheckItems"/>); <c>assign</c> and
    /// <c>grade</c> both call it. Throws <see cref="InvalidDataException"/> naming an unknown, missing or duplicated id.
    /// </summary>
    /// <param name="root">The repository root.</param>
    public static IReadOnlyList<ItemPoints> Validate(string root) => Load(Path.Combine(root, RelativePath));

    /// <summary>Reads and validates a points file; the error says what is wrong and how to fix it.</summary>
    /// <param name="path">The JSON file.</param>
    public static IReadOnlyList<ItemPoints> Load(string path) => Parse(File.ReadAllText(path), path);

    /// <summary>Parses and validates points JSON: every auto item present once, points ≥ 0, manual items marked.</summary>
    /// <param name="json">The file's text.</param>
    /// <param name="source">Where it came from, for messages.</param>
    public static IReadOnlyList<ItemPoints> Parse(string json, string source)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source} is not valid JSON: {e.Message}");
        }

        if (root?["items"] is not JsonArray items)
        {
            throw new InvalidDataException($"{source} needs an \"items\" list, e.g. {{\"items\": [{{\"id\": \"p1.dJ_ds\", \"points\": 5}}]}}.");
        }

        var read = new List<ItemPoints>();
        foreach (var node in items)
        {
            string? id = node?["id"]?.GetValue<string>();
            double points = node?["points"] is JsonValue p && p.TryGetValue(out double value) ? value : double.NaN;
            bool manual = node?["manual"] is JsonValue m && m.TryGetValue(out bool flag) && flag;
            if (string.IsNullOrWhiteSpace(id) || !(points >= 0))
            {
                throw new InvalidDataException($"{source}: every item needs an \"id\" and non-negative \"points\"; found {node?.ToJsonString()}.");
            }

            if (!manual && CheckItems.All.All(i => i.Id != id))
            {
                throw new InvalidDataException($"{source}: \"{id}\" is not an auto-graded item (those are {string.Join(", ", CheckItems.All.Select(i => i.Id))}); mark written answers with \"manual\": true.");
            }

            if (manual && !CheckItems.IsWrittenItem(id))
            {
                throw new InvalidDataException($"{source}: \"{id}\" is not a written item. Written items are <item id>.derivation (e.g. p2.dJ_dWr.derivation) or one of {string.Join(", ", CheckItems.WrittenItems)}; fix the id or add it to CheckItems.WrittenItems.");
            }

            double auto = node?["auto"] is null ? 0 : node["auto"] is JsonValue a && a.TryGetValue(out double given) ? given : double.NaN;
            if (!(auto >= 0 && auto <= points) || (auto > 0 && Kernel.Written.WrittenItems.Find(id) is null))
            {
                throw new InvalidDataException($"{source}: \"auto\" of \"{id}\" must be a number from 0 to its points ({points:0.##}), and only a derivation whose boxed result is checked may have it "
                    + $"({string.Join(", ", Kernel.Written.WrittenItems.All.Select(w => w.WrittenId))}); found {node?["auto"]?.ToJsonString()}.");
            }

            read.Add(new ItemPoints(id, points, manual, auto));
        }

        var duplicated = read.GroupBy(i => i.Id).Where(g => g.Count() > 1).Select(g => g.Key).ToArray();
        // A staged release's file ("subset": true, written by assign --notebooks/--reveal) lists only what it grades.
        bool subset = root["subset"] is JsonValue s && s.TryGetValue(out bool isSubset) && isSubset;
        var missing = subset ? [] : CheckItems.All.Select(i => i.Id).Except(read.Select(i => i.Id)).ToArray();
        if (duplicated.Length > 0 || missing.Length > 0)
        {
            throw new InvalidDataException($"{source}: every auto-graded item must appear exactly once" +
                (missing.Length > 0 ? $"; missing: {string.Join(", ", missing)}" : "") +
                (duplicated.Length > 0 ? $"; duplicated: {string.Join(", ", duplicated)}" : "") + ".");
        }

        return read;
    }

    private static IReadOnlyList<ItemPoints> LoadBuiltIn()
    {
        using var stream = typeof(PointsFile).Assembly.GetManifestResourceStream("grading.json")
            ?? throw new InvalidOperationException("The grader was built without notebooks/grading.json.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), "the built-in " + RelativePath);
    }
}
