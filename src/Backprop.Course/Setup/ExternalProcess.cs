using System.ComponentModel;
using System.Diagnostics;

namespace Backprop.Course.Setup;

/// <summary>Runs a program to completion and captures what it printed.</summary>
internal static class ExternalProcess
{
    /// <summary>The result of one run: exit code (−1 when the program could not be started) and its output.</summary>
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public bool Succeeded => ExitCode == 0;

        public string Printed => (Output.Trim() + "\n" + Error.Trim()).Trim();
    }

    public static async Task<Result> RunAsync(string program, IEnumerable<string> arguments, string workingDirectory, CancellationToken cancellation)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync(cancellation);
            var error = process.StandardError.ReadToEndAsync(cancellation);
            await process.WaitForExitAsync(cancellation);
            return new Result(process.ExitCode, await output, await error);
        }
        catch (Win32Exception e)
        {
            return new Result(-1, "", $"could not start '{program}': {e.Message}");
        }
    }

    /// <summary>The full path of <paramref name="program"/> on PATH, or null.</summary>
    public static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, program))
            .FirstOrDefault(File.Exists);
}
