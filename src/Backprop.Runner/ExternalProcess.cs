using System.ComponentModel;
using System.Diagnostics;

namespace Backprop.Runner;

/// <summary>Runs a program to completion and captures what it printed.</summary>
public static class ExternalProcess
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
            try
            {
                await process.WaitForExitAsync(cancellation);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            return new Result(process.ExitCode, await output, await error);
        }
        catch (Win32Exception e)
        {
            return new Result(-1, "", $"could not start '{program}': {e.Message}");
        }
    }

    /// <summary>Like <see cref="RunAsync(string, IEnumerable{string}, string, CancellationToken)"/>, but gives up (and kills the program) after <paramref name="timeout"/>, returning null.</summary>
    public static async Task<Result?> RunAsync(string program, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout, CancellationToken cancellation)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(timeout);
        try
        {
            return await RunAsync(program, arguments, workingDirectory, deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>The full path of <paramref name="program"/> on PATH, or null.</summary>
    public static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, program))
            .FirstOrDefault(File.Exists);
}
