using System.Text.Json;
using System.Text.Json.Nodes;

namespace Backprop.Course.Setup;

/// <summary>
/// <c>.vscode/settings.json</c> entries that make Polyglot Notebooks start the pinned tool instead of its own:
/// <c>dotnet-interactive.kernelTransportArgs</c> and <c>dotnet-interactive.notebookParserArgs</c> (the extension
/// fills in <c>{working_dir}</c>, the notebook's folder). Other settings in the file are kept.
/// </summary>
internal static class VsCodeSettings
{
    /// <summary>Writes or merges the settings; returns what it did.</summary>
    public static async Task<string> WriteAsync(string repositoryRoot, string toolExecutable, CancellationToken cancellation)
    {
        var path = Path.Combine(repositoryRoot, ".vscode", "settings.json");
        JsonObject settings;
        if (File.Exists(path))
        {
            try
            {
                settings = JsonNode.Parse(
                    await File.ReadAllTextAsync(path, cancellation),
                    documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) as JsonObject
                    ?? throw new SetupException($"{path} is not a JSON object; fix or delete it and run 'backprop setup' again.");
            }
            catch (JsonException e)
            {
                throw new SetupException($"{path} is not valid JSON ({e.Message}); fix or delete it and run 'backprop setup' again.");
            }
        }
        else
        {
            settings = [];
        }

        var wanted = new Dictionary<string, JsonArray>
        {
            ["dotnet-interactive.kernelTransportArgs"] = [toolExecutable, "[vscode]", "stdio", "--working-dir", "{working_dir}"],
            ["dotnet-interactive.notebookParserArgs"] = [toolExecutable, "notebook-parser"],
        };

        var changed = wanted.Where(w => !JsonNode.DeepEquals(settings[w.Key], w.Value)).Select(w => w.Key).ToList();
        if (changed.Count == 0)
        {
            return $"{Path.GetRelativePath(repositoryRoot, path)} already points Polyglot Notebooks at the pinned tool";
        }

        foreach (var key in changed)
        {
            settings[key] = wanted[key];
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, settings.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n", cancellation);
        return $"wrote {string.Join(" and ", changed)} to {Path.GetRelativePath(repositoryRoot, path)}";
    }
}
