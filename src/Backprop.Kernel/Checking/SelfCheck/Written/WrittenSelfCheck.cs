using System.Globalization;
using System.Text.Json;

namespace Backprop.Kernel.Written;

/// <summary>
/// A student's check of a written item (<see cref="Check.Written"/>): finds the item's written-answer cell in the SAVED
/// file, the notebook in the working folder (Jupyter and VS Code start the kernel there, <c>backprop run</c> too) or the
/// exported app being run, and checks its boxed result on the public cases against their stored expected values. The
/// verdict says whether it agrees or what is wrong, never what the result should be; mistakes are not named.
/// </summary>
internal static class WrittenSelfCheck
{
    /// <summary>Largest file read (the grader reads at most 20 MiB).</summary>
    private const int MaxFileBytes = 20 * 1024 * 1024;

    /// <summary>The verdict as printed, for <paramref name="item"/> ("p2.dJ_dWr" or "p2.dJ_dWr.derivation").</summary>
    /// <param name="item">The item.</param>
    /// <param name="folder">Where the notebook is saved: the working folder.</param>
    /// <param name="app">The exported app being run (a .cs file), or null in a notebook.</param>
    public static string Report(string item, string folder, string? app)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (WrittenItems.Find(item) is not { } written)
        {
            return $"Check.Written(\"{item}\"): no written item of that name has a boxed result to check; the items are {string.Join(", ", WrittenItems.All.Select(w => w.Item))}.";
        }

        string marker = $"<!-- answer: {written.WrittenId} -->";
        var found = app is not null ? FromApp(app, written.WrittenId) : FromNotebooks(folder, written.WrittenId);
        if (found is null)
        {
            string where = app is not null ? Path.GetFileName(app) : $"no saved notebook (.ipynb) in {folder}";
            return $"{written.WrittenId}  written result{Environment.NewLine}NOT CHECKED: {where} has a written-answer cell whose first line is {marker}. "
                   + "Save the notebook first (this check reads the saved file), and keep that line as the first line of your derivation's cell.";
        }

        var verdict = WrittenCheckRun.Check(written.WrittenId, found.Value.Markdown);
        string label = verdict.Status switch
        {
            WrittenStatus.Agrees => "PASS",
            WrittenStatus.Wrong => "WRONG",
            WrittenStatus.HandGrading => "LEFT FOR HAND GRADING",
            _ => "NO BOXED RESULT",
        };
        string saved = found.Value.Saved.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture);
        string hint = verdict.Status is WrittenStatus.NoResult or WrittenStatus.HandGrading && app is null
            ? " If you have changed the cell since, save the notebook and run this cell again: the check reads the saved file."
            : "";
        return $"{written.WrittenId}  written result ({found.Value.File}, saved {saved}{found.Value.Note}){Environment.NewLine}{label}: {verdict.Feedback}{hint}";
    }

    private static (string Markdown, string File, DateTime Saved, string Note)? FromNotebooks(string folder, string writtenId)
    {
        var hits = new List<(string Markdown, string File, DateTime Saved)>();
        foreach (var path in Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*.ipynb") : [])
        {
            var info = new FileInfo(path);
            if (info.Length > MaxFileBytes || ReadNotebookCell(File.ReadAllText(path), writtenId) is not { } markdown)
            {
                continue;
            }

            hits.Add((markdown, info.Name, info.LastWriteTimeUtc));
        }

        if (hits.Count == 0)
        {
            return null;
        }

        // Copies beside the notebook (NN-name.fresh.ipynb, NN-name.executed.ipynb): the one saved last is the one being edited.
        var latest = hits.OrderByDescending(h => h.Saved).First();
        string note = hits.Count > 1 ? $"; the latest of {hits.Count} notebooks here with this cell" : "";
        return (latest.Markdown, latest.File, latest.Saved, note);
    }

    /// <summary>The source of the markdown cell marked <paramref name="writtenId"/> in a notebook's JSON, or null.</summary>
    /// <param name="json">The notebook file's text.</param>
    /// <param name="writtenId">The written item's id, "p2.dJ_dWr.derivation".</param>
    internal static string? ReadNotebookCell(string json, string writtenId)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("cells", out var cells) || cells.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            foreach (var cell in cells.EnumerateArray())
            {
                if (cell.ValueKind != JsonValueKind.Object || !cell.TryGetProperty("cell_type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != "markdown")
                {
                    continue;
                }

                string source = Source(cell);
                if (MarkedBy(cell) == writtenId || AnswerMarker.OfFirstLine(code: false, source) == writtenId)
                {
                    return source;
                }
            }
        }
        catch (JsonException)
        {
            // Not a notebook (or saved half-way): nothing to read here.
        }

        return null;
    }

    /// <summary>The markdown of the exported app's cell marked <paramref name="writtenId"/> (its <c>// </c> prefixes removed), or null.</summary>
    private static (string Markdown, string File, DateTime Saved, string Note)? FromApp(string app, string writtenId)
    {
        var info = new FileInfo(app);
        if (!info.Exists || info.Length > MaxFileBytes)
        {
            return null;
        }

        var lines = File.ReadAllLines(app);
        for (int i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("#region cell ", StringComparison.Ordinal) || !lines[i].TrimEnd().EndsWith("· markdown", StringComparison.Ordinal))
            {
                continue;
            }

            var body = lines.Skip(i + 1).TakeWhile(l => !l.TrimStart().StartsWith("#endregion", StringComparison.Ordinal))
                .Select(l => l.StartsWith("// ", StringComparison.Ordinal) ? l[3..] : l.StartsWith("//", StringComparison.Ordinal) ? l[2..] : l).ToArray();
            string markdown = string.Join('\n', body);
            if (AnswerMarker.OfFirstLine(code: false, markdown) == writtenId)
            {
                return (markdown, info.Name, info.LastWriteTimeUtc, "");
            }
        }

        return null;
    }

    private static string Source(JsonElement cell)
    {
        if (!cell.TryGetProperty("source", out var source))
        {
            return "";
        }

        return source.ValueKind switch
        {
            JsonValueKind.String => source.GetString() ?? "",
            JsonValueKind.Array => string.Concat(source.EnumerateArray().Where(s => s.ValueKind == JsonValueKind.String).Select(s => s.GetString())),
            _ => "",
        };
    }

    private static string? MarkedBy(JsonElement cell) =>
        cell.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
        && metadata.TryGetProperty("backprop", out var backprop) && backprop.ValueKind == JsonValueKind.Object
        && backprop.TryGetProperty("manual", out var manual) && manual.ValueKind == JsonValueKind.String
            ? manual.GetString()?.Trim()
            : null;
}
