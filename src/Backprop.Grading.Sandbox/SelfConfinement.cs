using System.Globalization;
using System.Runtime.InteropServices;

namespace Backprop.Grading.Sandbox;

/// <summary>
/// What the child does to itself before it reads any untrusted input: its file-system view (when the grader started
/// it as root in a new mount namespace), the drop from root to the sandbox user, resource limits (setrlimit) and the
/// syscall filter, in that order. Each only tightens and cannot be undone by the code that follows. The layers that
/// took hold go back to the grader in the first line, before student code could forge anything.
/// </summary>
internal static partial class SelfConfinement
{
    private const int RlimitCpu = 0, RlimitFsize = 1, RlimitCore = 4, RlimitNproc = 6, RlimitNofile = 7, RlimitAddressSpace = 9;

    /// <summary>
    /// Applies what the grader asked for: its cgroup, the file-system layer, the drop to another user, the rlimits and the
    /// syscall filter, in that order. <paramref name="fatal"/> says why the child must stop when a wanted file-system
    /// or user layer failed: those are never merely reported.
    /// </summary>
    /// <param name="request">The confinement, from the grader's first line.</param>
    /// <param name="fatal">Why the child must exit now, or null.</param>
    public static ReadyMessage Apply(ConfinementRequest request, out string? fatal)
    {
        ArgumentNullException.ThrowIfNull(request);
        fatal = null;
        var layers = new List<string> { "api-allowlist" };
        var warnings = new List<string>();
        if (!OperatingSystem.IsLinux())
        {
            warnings.Add("no resource limits or syscall filter: the child runs on " + RuntimeInformation.OSDescription);
            return new ReadyMessage([.. layers], -1, [.. warnings]);
        }

        // The runtime has reserved its address space (the GC's whole heap range included) by now; read while /proc is
        // there (a minimal root has none).
        ulong startSize = AddressSpaceBytes();
        if (request.Cgroups is { Length: > 0 } groups)
        {
            // First, while root and before the file system turns read-only: every task it starts is in the group too.
            try
            {
                foreach (string join in groups)
                {
                    File.WriteAllText(join, "0");
                }

                layers.Add("cgroup");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                warnings.Add("could not join its cgroup: " + e.Message);
            }
        }

        if (request.Mounts is { } mounts && MountConfinement.Apply(mounts) is { } mountProblem)
        {
            fatal = "file-system layer: " + mountProblem;
            return new ReadyMessage([.. layers], -1, [.. warnings]);
        }

        if (request.Uid is { } uid && PrivilegeDrop.To(uid, uid) is { } dropProblem)
        {
            fatal = "user layer: " + dropProblem;
            return new ReadyMessage([.. layers], -1, [.. warnings]);
        }

        if (request.Limits is { } limits)
        {
            var set = new List<string>();
            bool allSet = true;
            foreach (var (name, resource, value) in new (string, int, ulong?)[]
                { ("cpu", RlimitCpu, limits.CpuSeconds), ("fsize", RlimitFsize, limits.FileSizeBytes), ("nproc", RlimitNproc, limits.Processes), ("nofile", RlimitNofile, limits.OpenFiles) })
            {
                if (value is { } v)
                {
                    allSet &= SetLimit(resource, v, warnings, name);
                    set.Add(name + "=" + v.ToString(CultureInfo.InvariantCulture));
                }
            }

            // A ceiling a margin above the size at start bounds what is still to come: native memory, thread stacks, code.
            ulong ceiling = startSize + limits.AddressSpaceMarginBytes;
            allSet &= SetLimit(RlimitAddressSpace, ceiling, warnings, "as");
            set.Add("as=" + ceiling.ToString(CultureInfo.InvariantCulture));
            allSet &= SetLimit(RlimitCore, 0, warnings, "core");
            if (allSet)
            {
                layers.Add("rlimits(" + string.Join(",", set.Append("core=0")) + ")");
            }
        }

        if (request.Seccomp)
        {
            string? seccomp = SeccompFilter.Install();
            if (seccomp is null)
            {
                layers.Add("seccomp");
            }
            else
            {
                warnings.Add("no syscall filter: " + seccomp);
            }
        }

        return new ReadyMessage([.. layers], (int)getuid(), [.. warnings]);
    }

    /// <summary>The process's address space now, in bytes (the first field of /proc/self/statm, in pages).</summary>
    private static ulong AddressSpaceBytes() =>
        ulong.Parse(File.ReadAllText("/proc/self/statm").Split(' ')[0], NumberStyles.None, CultureInfo.InvariantCulture) * (ulong)Environment.SystemPageSize;

    private static bool SetLimit(int resource, ulong value, List<string> warnings, string name)
    {
        var limit = new Rlimit { Current = value, Maximum = value };
        if (setrlimit(resource, ref limit) == 0)
        {
            return true;
        }

        warnings.Add($"setrlimit {name} failed (errno {Marshal.GetLastPInvokeError()})");
        return false;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Rlimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setrlimit(int resource, ref Rlimit limit);

    [LibraryImport("libc")]
    private static partial uint getuid();
}
