using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Backprop.Grading.Isolation;

/// <summary>
/// Which OS layers the grader can put around its children on this machine, found once per process: a uid of its own
/// per child, from a range with no account (when the grader is root), namespaces through util-linux <c>unshare</c>, and the layers the child
/// applies to itself (rlimits, seccomp), which it confirms in its first line. A layer that is wanted but unavailable
/// becomes a warning that names the reason and the fix; nothing is dropped silently.
/// </summary>
/// <param name="Wanted">The layers asked for.</param>
/// <param name="Uids">The range each child takes a uid of its own from, when the user layer is active.</param>
/// <param name="UnshareArguments">The unshare options, when the namespace layer is active.</param>
/// <param name="Layers">The OS layers the grader itself sets up (the child adds its own).</param>
/// <param name="Warnings">Wanted layers that are not available, with why and how to fix it.</param>
public sealed record IsolationPlan(IsolationLayers Wanted, SandboxUidRange? Uids, IReadOnlyList<string>? UnshareArguments,
    IReadOnlyList<string> Layers, IReadOnlyList<string> Warnings)
{
    /// <summary>True when each child gets a minimal root (a tmpfs and pivot_root) inside its mount namespace.</summary>
    public bool MinimalRoot { get; init; }

    private static readonly ConcurrentDictionary<(IsolationLayers, SandboxUidRange), IsolationPlan> Found = new();
    private static long _nextUid = Random.Shared.Next();

    /// <summary>The plan for these options on this machine (probed once per process).</summary>
    /// <param name="options">The sandbox options.</param>
    public static IsolationPlan For(SandboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Found.GetOrAdd((options.Layers, options.SandboxUids), key => Detect(key.Item1, key.Item2));
    }

    /// <summary>
    /// A uid for a child, held until the claim is disposed: no other child on this machine, of this grader or another,
    /// runs as it meanwhile (see <see cref="UidClaim"/>). Each grader starts at a random place in the range and counts
    /// on from there, so claims rarely meet.
    /// </summary>
    internal UidClaim NextUid()
    {
        var range = Uids ?? throw new InvalidOperationException("the user layer is not active");
        return UidClaim.Take(range, Interlocked.Increment(ref _nextUid));
    }

    private static IsolationPlan Detect(IsolationLayers wanted, SandboxUidRange uids)
    {
        var layers = new List<string>();
        var warnings = new List<string>();
        if (!OperatingSystem.IsLinux())
        {
            if (wanted != IsolationLayers.None)
            {
                warnings.Add($"on {(OperatingSystem.IsMacOS() ? "macOS" : OperatingSystem.IsWindows() ? "Windows" : "this OS")} student code runs with your rights behind the API gate (its allowlist) only: grade on Linux (as Gradescope does) for OS isolation");
            }

            return new IsolationPlan(wanted, null, null, layers, warnings);
        }

        var (leftOut, unknown) = SandboxOptions.LeftOut;
        if (unknown.Length > 0)
        {
            warnings.Add($"{SandboxOptions.WithoutVariable} names no layer '{string.Join("', '", unknown)}' (layers: {string.Join(", ", Enum.GetNames<IsolationLayers>())}); it is for benchmarks only");
        }

        if (leftOut != IsolationLayers.None && wanted == (IsolationLayers.All & ~leftOut))
        {
            warnings.Add($"left out for a benchmark by {SandboxOptions.WithoutVariable}: {leftOut}; unset it to grade");
        }

        bool root = Environment.IsPrivilegedProcess;
        SandboxUidRange? range = null;
        if (wanted.HasFlag(IsolationLayers.UnprivilegedUser))
        {
            if (!root)
            {
                warnings.Add("no separate user: the grader is not root, so children run as you (your files are readable and writable by student code wherever the other layers do not stop it); run as root for this layer");
            }
            else if (uids.First <= 0 || uids.Count <= 0 || (long)uids.First + uids.Count > int.MaxValue)
            {
                warnings.Add($"no separate user: the uid range {uids.First} + {uids.Count} is not valid");
            }
            else if (AccountIn(uids) is { } account)
            {
                warnings.Add($"no separate user: the account '{account}' has an id in the sandbox range {uids.First}–{uids.First + uids.Count - 1}, so a child could act as it; choose another range");
            }
            else if (UidClaim.Prepare(UidClaim.DefaultFolder) is { } claims)
            {
                warnings.Add($"no separate user: the uid claims that keep two children from sharing a uid need a root-only folder ({claims})");
            }
            else
            {
                range = uids;
                layers.Add($"unprivileged-user(a uid of its own per child from {uids.First}–{uids.First + uids.Count - 1}, no account)");
            }
        }

        IReadOnlyList<string>? unshare = null;
        bool minimalRoot = false;
        if (wanted.HasFlag(IsolationLayers.Namespaces))
        {
            string[] common = ["--net", "--mount", "--pid", "--ipc", "--uts", "--fork", "--kill-child", "--mount-proc"];
            string[] arguments = root ? common : ["--user", "--map-root-user", .. common];
            string? tool = Tool("unshare");
            string? problem = tool is null ? "unshare (util-linux) is missing" : Probe(tool, arguments, "mount -t tmpfs tmpfs /tmp");
            if (problem is null)
            {
                unshare = [tool!, .. arguments];
                minimalRoot = wanted.HasFlag(IsolationLayers.MinimalRoot);
                // The child calls pivot_root itself; where util-linux has the command, ask the kernel once here.
                if (minimalRoot && Tool("pivot_root") is { } pivot
                    && Probe(tool!, arguments, $"mount -t tmpfs tmpfs /tmp && mkdir /tmp/old && cd /tmp && {pivot} . old") is { } refused)
                {
                    minimalRoot = false;
                    warnings.Add($"no minimal root, so children see the whole host read-only (all but /tmp and the batch's folders): pivot_root {refused}");
                }

                layers.Add(minimalRoot
                    ? "namespaces(network, mount, pid, ipc)"
                    : "namespaces(network, mount: read-only but a private /tmp, pid, ipc)");
                if (minimalRoot)
                {
                    layers.Add("minimal-root(a tmpfs root holding only the runtime, the sandbox and the system libraries read-only, /dev/null, zero, urandom, random and a private /tmp; pivot_root, the host's tree unmounted)");
                }
            }
            else
            {
                warnings.Add($"no namespaces, so children see the whole host as their user may, and keep the network and every folder their user may write: {problem}");
            }
        }

        if (wanted.HasFlag(IsolationLayers.ResourceLimits))
        {
            if (ChildCgroup.Problem is { } problem)
            {
                warnings.Add($"no cgroup per child ({problem}): each child is bounded by its rlimits, its uid's thread count and the GC heap limit alone");
            }
            else
            {
                layers.Add("cgroup(a group of its own per child: tasks and memory capped, every task killed when the child ends)");
            }
        }

        return new IsolationPlan(wanted, range, unshare, layers, warnings) { MinimalRoot = minimalRoot };
    }

    /// <summary>The first user or group in /etc/passwd or /etc/group whose id lies in the range, or null.</summary>
    private static string? AccountIn(SandboxUidRange range)
    {
        foreach (string file in new[] { "/etc/passwd", "/etc/group" })
        {
            try
            {
                foreach (string line in File.ReadLines(file))
                {
                    var fields = line.Split(':');
                    if (fields.Length >= 3 && long.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out long id)
                        && id >= range.First && id < (long)range.First + range.Count)
                    {
                        return fields[0];
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }

        return null;
    }

    internal static string? Tool(string name) =>
        new[] { "/usr/bin/", "/bin/", "/usr/sbin/", "/sbin/" }.Select(d => d + name).FirstOrDefault(File.Exists);

    /// <summary>Runs <paramref name="script"/> under <c>unshare …</c>: null when the kernel allows it, else why not.</summary>
    private static string? Probe(string tool, string[] arguments, string script)
    {
        try
        {
            var start = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (string a in arguments)
            {
                start.ArgumentList.Add(a);
            }

            start.ArgumentList.Add("--");
            start.ArgumentList.Add("/bin/sh");
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(script + " && exit 0");
            using var probe = Process.Start(start)!;
            string error = probe.StandardError.ReadToEnd();
            if (!probe.WaitForExit(10_000))
            {
                probe.Kill(entireProcessTree: true);
                return "unshare did not return within 10 s";
            }

            return probe.ExitCode == 0 ? null : $"the kernel refused ({error.Trim().Split('\n')[0]}); in a container, allow namespaces (e.g. --privileged or a seccomp profile that permits unshare)";
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            return "unshare could not be started: " + e.Message;
        }
    }
}
