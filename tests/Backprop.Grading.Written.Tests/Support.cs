using System.Text.Json;
using Backprop.Kernel;
using Backprop.Kernel.Checking;
using Backprop.Kernel.Written;

namespace Backprop.Grading.Written.Tests;

/// <summary>Specs, paths and the instructor's notebooks for the written-check tests.</summary>
internal static class Support
{
    /// <summary>The public cases and four more seeds, standing in for the grader's hidden ones (which live in Backprop.Grading).</summary>
    public static IReadOnlyList<CheckCaseSpec> Specs { get; } = [.. CheckCaseSpec.Public, new(101), new(202), new(303), new(404)];

    public static string RepositoryRoot
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Backprop.Notebooks.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("Backprop.Notebooks.sln not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>
    /// For each derivation cell of the instructor's notebooks (metadata backprop.manual = "&lt;item&gt;.derivation"), the
    /// nearest Markdown cell above it that holds a solution region: the instructor's written answer.
    /// </summary>
    public static IEnumerable<(string Id, string Notebook, string Markdown)> InstructorAnswers()
    {
        foreach (string path in Directory.GetFiles(Path.Combine(RepositoryRoot, "notebooks"), "*.ipynb").Order(StringComparer.Ordinal))
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var cells = document.RootElement.GetProperty("cells").EnumerateArray().ToArray();
            for (int i = 0; i < cells.Length; i++)
            {
                if (!cells[i].TryGetProperty("metadata", out var metadata) || !metadata.TryGetProperty("backprop", out var backprop)
                    || !backprop.TryGetProperty("manual", out var manual) || !manual.GetString()!.EndsWith(".derivation", StringComparison.Ordinal))
                {
                    continue;
                }

                for (int j = i - 1; j >= 0; j--)
                {
                    string text = Source(cells[j]);
                    if (cells[j].GetProperty("cell_type").GetString() == "markdown" && text.Contains("BEGIN SOLUTION", StringComparison.Ordinal))
                    {
                        yield return (manual.GetString()!, Path.GetFileName(path), text);
                        break;
                    }
                }
            }
        }
    }

    private static string Source(JsonElement cell) => cell.GetProperty("source") is { ValueKind: JsonValueKind.Array } lines
        ? string.Concat(lines.EnumerateArray().Select(l => l.GetString()))
        : cell.GetProperty("source").GetString() ?? "";
}
