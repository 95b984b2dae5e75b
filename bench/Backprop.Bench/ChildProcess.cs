using System.Diagnostics;
using System.Reflection;
using System.Text.Json;

namespace Backprop.Bench;

/// <summary>Runs a command (this program in a fresh process, or a Python script) and reads the JSON line it prints last.</summary>
internal static class ChildProcess
{
    /// <summary>This benchmark again, as a fresh process, with the given arguments and extra environment.</summary>
    public static JsonElement? Self(string[] arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        string path = Environment.ProcessPath ?? "dotnet";
        var prefix = Path.GetFileNameWithoutExtension(path) == "dotnet" ? new[] { Assembly.GetExecutingAssembly().Location } : [];
        return Run(path, [.. prefix, .. arguments], environment);
    }

    /// <summary>Runs a program and parses the last line of its output as JSON; null (and a note on stderr) if it fails.</summary>
    public static JsonElement? Run(string program, string[] arguments, IReadOnlyDictionary<string, string>? environment = null, int timeoutSeconds = 900)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeoutSeconds * 1000))
            {
                process.Kill(entireProcessTree: true);
                Console.Error.WriteLine($"bench: {program} {string.Join(' ', arguments)} timed out after {timeoutSeconds} s.");
                return null;
            }

            string last = output.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";
            if (process.ExitCode != 0 || !last.StartsWith('{'))
            {
                Console.Error.WriteLine($"bench: {program} {string.Join(' ', arguments)} failed (exit {process.ExitCode}): {error.Result.Trim()}");
                return null;
            }

            return JsonDocument.Parse(last).RootElement.Clone();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Console.Error.WriteLine($"bench: cannot start {program}: {e.Message}");
            return null;
        }
    }
}
