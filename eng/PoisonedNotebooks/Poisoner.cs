using System.Text.Json.Nodes;
using Backprop.Grading.Release;

namespace PoisonedNotebooks;

/// <summary>
/// Makes every answer of a copy of the course well-shaped but wrong: the body of each C# solution region (in the
/// notebooks' code cells and in src/Backprop.Kernel's sources) is wrapped as <c>return Poison.Apply(() => { body });</c>,
/// and <see cref="PoisonClass.Source"/> (a square matrix transposed, any other result ×1.5) is added once per notebook (at the end
/// of the cell that says <c>using Backprop.Kernel;</c>) and once to the library. The markers stay, so <c>assign
/// --reveal</c> releases the wrapped bodies as it releases the instructor's.
/// </summary>
internal static class Poisoner
{
    /// <summary>The line after which the notebooks' setup cell gets <see cref="PoisonClass.Source"/>.</summary>
    private const string SetupLine = "using Backprop.Kernel;";

    /// <summary>Poisons the course copy at <paramref name="root"/> in place; returns how many regions it wrapped, by file.</summary>
    public static IReadOnlyList<(string File, int Regions)> Run(string root)
    {
        var done = new List<(string, int)>();
        foreach (string notebook in Directory.EnumerateFiles(Path.Combine(root, "notebooks"), "*.ipynb").Order(StringComparer.Ordinal))
        {
            var document = JsonNode.Parse(File.ReadAllText(notebook))!;
            int regions = 0;
            bool added = false;
            var cells = document["cells"]!.AsArray();
            for (int i = 0; i < cells.Count; i++)
            {
                var cell = cells[i]!;
                if ((string?)cell["cell_type"] != "code")
                {
                    continue;
                }

                string source = Notebook.Source(cell);
                var (wrapped, count) = Wrap(source, $"{Path.GetFileName(notebook)}, cell {i}");
                regions += count;
                if (!added && source.Split('\n').Any(l => l.Trim() == SetupLine))
                {
                    wrapped = wrapped.TrimEnd() + "\n\n" + PoisonClass.Source;
                    added = true;
                }

                if (wrapped != source)
                {
                    cell["source"] = new JsonArray(Notebook.SourceLines(wrapped).Select(l => (JsonNode)JsonValue.Create(l)).ToArray());
                }
            }

            if (regions > 0 && !added)
            {
                throw new InvalidDataException($"{notebook}: no code cell has the line '{SetupLine}' to add the Poison class after.");
            }

            File.WriteAllText(notebook, document.ToJsonString(Notebook.JsonOptions));
            done.Add((notebook, regions));
        }

        string library = Path.Combine(root, "src", "Backprop.Kernel");
        int libraryRegions = 0;
        foreach (string file in Directory.EnumerateFiles(library, "*.cs", SearchOption.AllDirectories)
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                                 && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            string text = File.ReadAllText(file);
            var (wrapped, count) = Wrap(text, file);
            if (count > 0)
            {
                File.WriteAllText(file, wrapped);
                done.Add((file, count));
                libraryRegions += count;
            }
        }

        if (libraryRegions > 0)
        {
            File.WriteAllText(Path.Combine(library, "Poison.cs"), PoisonClass.LibraryFile);
        }

        return done;
    }

    /// <summary>The text with each C# region's body wrapped in <c>Poison.Apply</c>, and how many regions there were.</summary>
    private static (string Text, int Regions) Wrap(string text, string where)
    {
        var regions = SolutionRegions.Find(text, markdown: false, where);
        if (regions.Count == 0)
        {
            return (text, 0);
        }

        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').ToList();
        foreach (var region in regions.OrderByDescending(r => r.Begin))
        {
            string marker = lines[region.Begin];
            string indent = marker[..(marker.Length - marker.TrimStart().Length)];
            var body = region.Lines.Select(l => "    " + l);
            lines.RemoveRange(region.Begin + 1, region.End - region.Begin - 1);
            lines.InsertRange(region.Begin + 1, [$"{indent}return Poison.Apply(() =>", $"{indent}{{", .. body, $"{indent}}});"]);
        }

        return (string.Join("\n", lines), regions.Count);
    }
}
