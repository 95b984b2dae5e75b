using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Backprop.Grading.Sandbox;

namespace Backprop.Grading.Isolation;

/// <summary>
/// The child process that runs student code, one per submission. Items go in one at a time; if an item hangs,
/// crashes or exits the process, the child is killed, that item gets the reason, and the next item starts a fresh
/// child, so one hostile answer never costs another. The child sees case inputs only, never expected values.
/// </summary>
public sealed class SandboxProcess(SandboxOptions options, string workingDirectory) : IDisposable
{
    private Process? _child;
    private BlockingCollection<string?>? _replies;
    private StringBuilder? _errorTail;
    private string _secret = "";

    /// <summary>Runs one item's cases in the child.</summary>
    /// <param name="request">The compiled answer and the case inputs.</param>
    public SandboxOutcome Run(SandboxRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            EnsureStarted();
            _child!.StandardInput.WriteLine(JsonSerializer.Serialize(request, SandboxJson.Options));
            _child.StandardInput.Flush();
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            Stop();
            return new SandboxOutcome(null, $"could not be run: the sandbox process failed to start or accept work ({e.Message})");
        }

        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var left = options.ItemTimeout - deadline.Elapsed;
            if (left <= TimeSpan.Zero || !_replies!.TryTake(out string? line, left))
            {
                bool exited = _child.HasExited;
                string reason = exited ? CrashReason() : $"did not finish within {options.ItemTimeout.TotalSeconds:0.#} s (an infinite loop?) and was stopped";
                Stop();
                return new SandboxOutcome(null, reason);
            }

            if (line is null)
            {
                // The reader saw end of stream: the child is gone.
                string reason = CrashReason();
                Stop();
                return new SandboxOutcome(null, reason);
            }

            string prefix = SandboxJson.ReplyPrefix + _secret + " ";
            if (!line.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue; // not ours: anything else on stdout is ignored
            }

            var response = JsonSerializer.Deserialize<SandboxResponse>(line[prefix.Length..], SandboxJson.Options);
            if (response is null || response.Item != request.Item || response.Outputs.Length != request.Cases.Length)
            {
                Stop();
                return new SandboxOutcome(null, "produced a garbled reply from the sandbox");
            }

            return new SandboxOutcome(response.Outputs, null);
        }
    }

    /// <summary>Starts the child ahead of the first item, so its start-up overlaps other work.</summary>
    public void Start()
    {
        try
        {
            EnsureStarted();
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            Stop(); // Run reports the problem per item
        }
    }

    /// <summary>Kills the child, if any.</summary>
    public void Dispose() => Stop();

    private void EnsureStarted()
    {
        if (_child is { HasExited: false })
        {
            return;
        }

        Stop();
        _secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var start = new ProcessStartInfo(DotnetHost.Path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Backprop.Grading.Sandbox.dll"));
        start.Environment["DOTNET_GCHeapHardLimit"] = "0x" + options.HeapLimitBytes.ToString("X", System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["DOTNET_DbgEnableMiniDump"] = "0";
        start.Environment["DOTNET_EnableCrashReport"] = "0";
        start.Environment["DOTNET_TieredPGO"] = "0";
        start.Environment["DOTNET_TC_QuickJitForLoops"] = "1";
        _child = Process.Start(start) ?? throw new InvalidOperationException("Process.Start returned null");
        _replies = new BlockingCollection<string?>();
        _errorTail = new StringBuilder();
        var sink = _replies;
        var process = _child;
        _ = Task.Run(() =>
        {
            try
            {
                while (process.StandardOutput.ReadLine() is { } line)
                {
                    sink.Add(line);
                }
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
            {
            }

            try
            {
                sink.Add(null);
            }
            catch (InvalidOperationException)
            {
            }
        });
        var tail = _errorTail;
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (tail)
            {
                if (tail.Length < 4096)
                {
                    tail.AppendLine(e.Data);
                }
            }
        };
        process.BeginErrorReadLine();
        _child.StandardInput.WriteLine(_secret);
    }

    private string CrashReason()
    {
        // Wait for the exit, then for the asynchronous stderr reader to drain, so the runtime's last words are in.
        if (_child!.WaitForExit(5000))
        {
            _child.WaitForExit();
        }

        string stderr;
        lock (_errorTail!)
        {
            stderr = _errorTail.ToString();
        }

        int code = _child!.HasExited ? _child.ExitCode : -1;
        if (stderr.Contains("Stack overflow", StringComparison.OrdinalIgnoreCase))
        {
            return "crashed the sandbox with a stack overflow (unbounded recursion?)";
        }

        if (stderr.Contains("OutOfMemory", StringComparison.OrdinalIgnoreCase) || stderr.Contains("out of memory", StringComparison.OrdinalIgnoreCase))
        {
            return "ran the sandbox out of memory";
        }

        return code == 134
            ? "crashed the sandbox (the runtime aborted: a stack overflow or a fatal error)"
            : $"ended the sandbox process (exit code {code}) before returning a result";
    }

    private void Stop()
    {
        if (_child is null)
        {
            return;
        }

        try
        {
            if (!_child.HasExited)
            {
                _child.Kill(entireProcessTree: true);
                _child.WaitForExit(5000);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
        }

        _replies?.CompleteAdding();
        _child.Dispose();
        _child = null;
    }
}
