using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Backprop.Grading.Sandbox;

namespace Backprop.Grading.Isolation;

/// <summary>
/// One confined child process ("compile" or "run"), started inside the OS layers of an <see cref="IsolationPlan"/>.
/// Everything it sends is hostile: only a line that starts with the secret counts as a reply, checked on the raw bytes
/// before anything is kept (see <see cref="ReplyReader"/>); lines are capped in length and must be strict UTF-8; the
/// unread replies are bounded in number and in characters; a child that sends more than a little that is no reply is
/// stopped; and stderr keeps only a short tail.
/// </summary>
internal sealed class ConfinedChild : IDisposable
{
    private const int MaxQueuedLines = 256;
    private const long MaxQueuedChars = 64L * 1024 * 1024;
    private long _queuedChars;
    private const int StderrTail = 4096;

    /// <summary>Where the dynamic loader and the runtime's native libraries are, bound into a minimal root where present.</summary>
    private static readonly string[] SystemLibraries = ["/lib", "/lib64", "/usr/lib", "/usr/lib64"];

    /// <summary>Temp folders replaced by an empty tmpfs in the child, unless the grader or the runtime lives in one.</summary>
    private static readonly string[] TempFolders = ["/tmp", "/var/tmp", "/dev/shm", "/run/lock"];

    private string? _privateFolder;
    private volatile string? _flood;
    private UidClaim? _uid;
    private ChildCgroup? _cgroup;

    private readonly Process _process;
    private readonly BlockingCollection<string?> _lines = new(MaxQueuedLines + 1);
    private readonly StringBuilder _stderr = new();
    private readonly string _secret;

    private ConfinedChild(Process process, string secret) => (_process, _secret) = (process, secret);

    /// <summary>The layers in force around this child: the grader's and those the child confirmed.</summary>
    public IReadOnlyList<string> Layers { get; private set; } = [];

    /// <summary>Layers that were wanted and are missing.</summary>
    public IReadOnlyList<string> Warnings { get; private set; } = [];

    /// <summary>Starts a child in <paramref name="mode"/>; the handshake happens in <see cref="WaitReady"/>.</summary>
    /// <param name="mode">"compile" or "run".</param>
    /// <param name="options">Limits and layers.</param>
    /// <param name="heapLimitBytes">The child's GC heap limit.</param>
    /// <param name="cpuSeconds">RLIMIT_CPU, or null for none.</param>
    /// <param name="addressSpaceMarginBytes">How far the child's address space may grow once it has started (RLIMIT_AS).</param>
    public static ConfinedChild Start(string mode, SandboxOptions options, long heapLimitBytes, int? cpuSeconds, long addressSpaceMarginBytes)
    {
        var plan = IsolationPlan.For(options);
        var start = new ProcessStartInfo
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        var command = new List<string>();
        if (OperatingSystem.IsLinux() && IsolationPlan.Tool("setpriv") is { } setpriv)
        {
            // The first process dies with the grader (SIGKILL when the thread that started it ends: see ChildSpawner);
            // unshare --kill-child passes that on to the child, which sets it again once it has changed user.
            command.AddRange([setpriv, "--pdeathsig", "KILL", "--"]);
        }

        MountRequest? mounts = null;
        string temp = "/tmp";
        string? privateFolder = null;
        var sandbox = SandboxExecutable.Command(AppContext.BaseDirectory);
        if (plan.UnshareArguments is { } unshare && plan.MinimalRoot)
        {
            // Exactly what the child needs, read-only: the sandbox's folder (the self-contained one of a published
            // grader, else the grader's own with the dotnet host's folder) and the system libraries the runtime loads.
            string[] needs = sandbox.Count == 1
                ? [Path.GetDirectoryName(sandbox[0])!]
                : [AppContext.BaseDirectory.TrimEnd('/'), Path.GetDirectoryName(DotnetHost.Path)!];
            string[] keep = [.. SystemLibraries.Where(Directory.Exists), .. needs];
            command.AddRange(unshare);
            command.Add("--");
            mounts = new MountRequest([], [.. options.HiddenPaths.Select(Path.GetFullPath).Where(p => !keep.Any(k => (k + "/").StartsWith(p.TrimEnd('/') + "/", StringComparison.Ordinal)))], null, keep);
        }
        else if (plan.UnshareArguments is { } readOnlyHost)
        {
            // What the child must still see: its own binaries and the runtime.
            string[] keep = [AppContext.BaseDirectory, Path.GetDirectoryName(DotnetHost.Path) + "/"];
            bool Holds(string folder) => keep.Any(k => k.StartsWith(folder.TrimEnd('/') + "/", StringComparison.Ordinal));
            var covered = TempFolders.Where(f => !Holds(f)).ToArray();
            if (!covered.Contains("/tmp"))
            {
                // The grader runs from /tmp (a test, a benchmark): /tmp stays visible read-only, and the child's temp
                // folder is another covered one, so nothing is made on the host that could outlive a killed grader.
                // Only where every temp folder holds the grader or the runtime does the child get a folder of its own
                // in /tmp, covered by a private tmpfs.
                if (covered.FirstOrDefault(Directory.Exists) is { } other)
                {
                    temp = other;
                }
                else
                {
                    privateFolder = Path.Combine(Path.GetTempPath(), "backprop-sandbox-" + Guid.NewGuid().ToString("N"));
                    Directory.CreateDirectory(privateFolder);
                    temp = privateFolder;
                }
            }

            command.AddRange(readOnlyHost);
            command.Add("--");
            // The child itself makes every mount read-only, covers the temp folders and the hidden paths and mounts
            // its private folder, while it is root in its new mount namespace (see Backprop.Grading.Sandbox.MountConfinement).
            mounts = new MountRequest(covered,
                [.. options.HiddenPaths.Select(Path.GetFullPath).Where(p => !Holds(p) && !keep.Any(k => k.StartsWith(p, StringComparison.Ordinal)))],
                privateFolder);
        }

        // The child drops from root to a uid of its own itself, after its mounts and before any student input.
        var claim = plan.Uids is null ? null : plan.NextUid();
        int? uid = claim?.Uid;
        var limits = plan.Wanted.HasFlag(IsolationLayers.ResourceLimits)
            ? new ResourceLimits((ulong)options.FileSizeLimitBytes, 256, (ulong)addressSpaceMarginBytes, (ulong?)cpuSeconds,
                uid is null ? null : (ulong)options.TaskLimit) // threads of this child's own uid; root ignores it
            : null;
        command.AddRange(sandbox);
        command.Add(mode);
        string secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var cgroup = limits is null ? null : ChildCgroup.Create(options.TaskLimit, heapLimitBytes + addressSpaceMarginBytes + (256L << 20));
        var confinement = new ConfinementRequest(secret, mounts, (uint?)uid, limits, plan.Wanted.HasFlag(IsolationLayers.SyscallFilter), cgroup?.JoinFiles);

        start.FileName = command[0];
        foreach (string a in command.Skip(1))
        {
            start.ArgumentList.Add(a);
        }

        // A clean environment: nothing of the grader's (tokens, paths) reaches student code.
        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/bin:/bin";
        start.Environment["HOME"] = temp;
        start.Environment["TMPDIR"] = temp;
        start.Environment["DOTNET_ROOT"] = Path.GetDirectoryName(DotnetHost.Path) ?? "";
        start.Environment["DOTNET_GCHeapHardLimit"] = "0x" + heapLimitBytes.ToString("X", CultureInfo.InvariantCulture);
        start.Environment["DOTNET_gcServer"] = "0";
        start.Environment["DOTNET_DbgEnableMiniDump"] = "0";
        start.Environment["DOTNET_EnableCrashReport"] = "0";
        start.Environment["DOTNET_EnableDiagnostics"] = "0";
        start.Environment["DOTNET_TieredPGO"] = "0";
        start.Environment["DOTNET_TC_QuickJitForLoops"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        Timeline.Mark("spawn: " + mode + " child");
        Process process;
        try
        {
            process = ChildSpawner.Start(start);
        }
        catch
        {
            cgroup?.Dispose();
            claim?.Dispose();
            throw;
        }

        var child = new ConfinedChild(process, secret) { Layers = plan.Layers, Warnings = plan.Warnings, _privateFolder = privateFolder, _uid = claim, _cgroup = cgroup };
        child.BeginReading();
        process.StandardInput.WriteLine(JsonSerializer.Serialize(confinement, SandboxJson.Options));
        process.StandardInput.Flush();
        return child;
    }

    /// <summary>Waits for the child's first line, sent before it reads any untrusted input; null when it is ready, else why not.</summary>
    /// <param name="timeout">How long start-up may take.</param>
    public string? WaitReady(TimeSpan timeout)
    {
        var (payload, problem) = Receive(timeout, SandboxJson.ReadyPrefix);
        Timeline.Mark("ready: child " + _process.Id);
        if (payload is null)
        {
            return "the sandbox did not start: " + problem;
        }

        try
        {
            var ready = JsonSerializer.Deserialize<ReadyMessage>(payload, SandboxJson.Options)!;
            Layers = [.. Layers, .. ready.Layers, ready.Uid >= 0 ? $"runs as uid {ready.Uid}" : "runs as the grader's user"];
            Warnings = [.. Warnings, .. ready.Warnings];
            return _uid is { Uid: var uid } && ready.Uid != uid ? $"the sandbox did not start: it runs as uid {ready.Uid}, not {uid}" : null;
        }
        catch (JsonException e)
        {
            return "the sandbox did not start: its first line was unreadable (" + e.Message + ")";
        }
    }

    /// <summary>Sends one request line and waits for the reply; (payload, null) or (null, why not). On failure the child is killed.</summary>
    /// <param name="request">One line of JSON (or the settle request).</param>
    /// <param name="timeout">The wall-clock limit.</param>
    public (string? Payload, string? Problem) Exchange(string request, TimeSpan timeout) =>
        Send(request) is { } problem ? (null, problem) : NextReply(timeout);

    /// <summary>Sends one request line without waiting; null, or why the child cannot take it.</summary>
    /// <param name="request">One line of JSON.</param>
    public string? Send(string request)
    {
        try
        {
            _process.StandardInput.WriteLine(request);
            _process.StandardInput.Flush();
            return null;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ObjectDisposedException)
        {
            return CrashReason();
        }
    }

    /// <summary>Waits for the next reply line; (payload, null) or (null, why not). On failure the child is killed.</summary>
    /// <param name="timeout">The wall-clock limit.</param>
    public (string? Payload, string? Problem) NextReply(TimeSpan timeout) => Receive(timeout, SandboxJson.ReplyPrefix);

    /// <summary>True while the process runs.</summary>
    public bool IsAlive
    {
        get
        {
            try
            {
                return !_process.HasExited;
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        }
    }

    /// <summary>Kills the child and everything it started.</summary>
    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                ProcessTree.Kill(_process);
                _process.WaitForExit(5000);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
        }

        _process.Dispose();
        _cgroup?.Dispose(); // whatever the child left in its group dies with it
        _cgroup = null;
        _uid?.Dispose(); // free for another child once nothing runs as it
        _uid = null;
        if (_privateFolder is not null)
        {
            try
            {
                Directory.Delete(_privateFolder, recursive: true); // empty on the host: the child wrote into its tmpfs
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }

            _privateFolder = null;
        }
    }

    private (string? Payload, string? Problem) Receive(TimeSpan timeout, string prefix)
    {
        string expected = prefix + _secret + " ";
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var left = timeout - deadline.Elapsed;
            if (left <= TimeSpan.Zero || !_lines.TryTake(out string? line, left))
            {
                string reason = IsAlive ? $"did not finish within {timeout.TotalSeconds:0.#} s (an infinite loop?) and was stopped" : CrashReason();
                Dispose();
                return (null, reason);
            }

            if (line is null)
            {
                string reason = CrashReason();
                Dispose();
                return (null, reason);
            }

            Interlocked.Add(ref _queuedChars, -line.Length);
            if (line.StartsWith(expected, StringComparison.Ordinal))
            {
                return (line[expected.Length..], null);
            }

            // A ready line where a reply is due (or the other way round) is ignored; junk never reaches the queue.
        }
    }

    private static void StartReader(string name, Action read) => new Thread(new ThreadStart(read)) { IsBackground = true, Name = name }.Start();

    private void BeginReading()
    {
        var stdout = _process.StandardOutput.BaseStream;
        var lines = _lines;
        byte[] ready = Encoding.ASCII.GetBytes(SandboxJson.ReadyPrefix + _secret + " ");
        byte[] reply = Encoding.ASCII.GetBytes(SandboxJson.ReplyPrefix + _secret + " ");
        // Dedicated threads, not the thread pool: a blocking read would hold a pool thread for the child's whole life,
        // and on a 2-core machine a few children starve every other task of the grader for seconds.
        StartReader("stdout of " + _process.Id, () =>
        {
            var reader = new ReplyReader(ready, reply);
            var buffer = new byte[64 * 1024];
            try
            {
                int read;
                while ((read = stdout.Read(buffer, 0, buffer.Length)) > 0)
                {
                    foreach (var line in reader.Take(buffer.AsSpan(0, read)))
                    {
                        if (Interlocked.Add(ref _queuedChars, line.Length) > MaxQueuedChars)
                        {
                            _flood = $"sent the grader more than {MaxQueuedChars / 1024 / 1024} M characters of replies it had not read yet, and was stopped";
                            break;
                        }

                        Offer(lines, line);
                    }

                    _flood ??= reader.Flooded;
                    if (_flood is not null)
                    {
                        ProcessTree.Kill(_process);
                        break;
                    }
                }
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
            }

            try
            {
                lines.Add(null); // end of stream: the one slot kept free for it
            }
            catch (InvalidOperationException)
            {
            }
        });
        var tail = _stderr;
        var stderr = _process.StandardError.BaseStream;
        StartReader("stderr of " + _process.Id, () =>
        {
            var buffer = new byte[8192];
            try
            {
                int read;
                while ((read = stderr.Read(buffer, 0, buffer.Length)) > 0)
                {
                    lock (tail)
                    {
                        tail.Append(Encoding.UTF8.GetString(buffer, 0, read));
                        if (tail.Length > 2 * StderrTail)
                        {
                            tail.Remove(0, tail.Length - StderrTail);
                        }
                    }
                }
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
            {
            }
        });
    }

    private static void Offer(BlockingCollection<string?> lines, string line)
    {
        // A full queue drops new lines (only the child that floods it loses its reply).
        if (lines.Count < MaxQueuedLines)
        {
            lines.TryAdd(line);
        }
    }

    private string CrashReason()
    {
        if (_flood is { } flood)
        {
            return flood;
        }

        try
        {
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
        }

        Thread.Sleep(20); // let the stderr reader take the runtime's last words
        string stderr;
        lock (_stderr)
        {
            stderr = _stderr.ToString();
        }

        int code = -1;
        try
        {
            code = _process.HasExited ? _process.ExitCode : -1;
        }
        catch (InvalidOperationException)
        {
        }

        if (stderr.Contains("Stack overflow", StringComparison.OrdinalIgnoreCase))
        {
            return "crashed the sandbox with a stack overflow (unbounded recursion or nesting?)";
        }

        if (stderr.Contains("OutOfMemory", StringComparison.OrdinalIgnoreCase) || stderr.Contains("out of memory", StringComparison.OrdinalIgnoreCase))
        {
            return "ran the sandbox out of memory";
        }

        if (stderr.Contains("Unhandled exception", StringComparison.OrdinalIgnoreCase))
        {
            return "crashed the sandbox with an exception outside the answer call (a background thread, timer or finalizer?)";
        }

        return code switch
        {
            134 => "crashed the sandbox (the runtime aborted: a stack overflow or a fatal error)",
            137 => "was killed (SIGKILL: a resource limit?)",
            152 => "used up its CPU-time limit",
            153 => "wrote a file larger than the sandbox allows",
            159 => "made a system call the sandbox forbids",
            _ => $"ended the sandbox process (exit code {code}) before returning a result",
        };
    }
}
