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
    /// Applies the file-system layer (<c>--read-only</c>, <c>--tmpfs DIR</c>, <c>--hide PATH</c>, <c>--private DIR</c>, each repeatable), the
    /// user drop (<c>--uid N --gid N</c>), the limits (<c>--cpu S --fsize B --nproc N --nofile N --as-margin B</c>) and, with
    /// <c>--seccomp</c>, the filter. <paramref name="fatal"/> says why the child must stop when a wanted file-system or
    /// user layer failed: those are never merely reported.
    /// </summary>
    /// <param name="args">The child's arguments after the mode.</param>
    /// <param name="fatal">Why the child must exit now, or null.</param>
    public static ReadyMessage Apply(IReadOnlyList<string> args, out string? fatal)
    {
        fatal = null;
        var layers = new List<string> { "api-denylist" };
        var warnings = new List<string>();
        if (!OperatingSystem.IsLinux())
        {
            warnings.Add("no resource limits or syscall filter: the child runs on " + RuntimeInformation.OSDescription);
            return new ReadyMessage([.. layers], -1, [.. warnings]);
        }

        var mounts = new MountConfinement.Request(args.Contains("--read-only"), Values(args, "--tmpfs"), Values(args, "--hide"), Values(args, "--private").LastOrDefault());
        if (mounts.Wanted && MountConfinement.Apply(mounts) is { } mountProblem)
        {
            fatal = "file-system layer: " + mountProblem;
            return new ReadyMessage([.. layers], -1, [.. warnings]);
        }

        if (Values(args, "--uid").LastOrDefault() is { } uid && Values(args, "--gid").LastOrDefault() is { } gid)
        {
            if (!uint.TryParse(uid, NumberStyles.None, CultureInfo.InvariantCulture, out uint u) || !uint.TryParse(gid, NumberStyles.None, CultureInfo.InvariantCulture, out uint g))
            {
                fatal = $"user layer: bad --uid {uid} or --gid {gid}";
                return new ReadyMessage([.. layers], -1, [.. warnings]);
            }

            if (PrivilegeDrop.To(u, g) is { } dropProblem)
            {
                fatal = "user layer: " + dropProblem;
                return new ReadyMessage([.. layers], -1, [.. warnings]);
            }
        }

        var limits = new List<string>();
        bool allSet = true;
        bool seccompWanted = args.Contains("--seccomp");
        foreach (var (name, resource) in new[] { ("--cpu", RlimitCpu), ("--fsize", RlimitFsize), ("--nproc", RlimitNproc), ("--nofile", RlimitNofile) })
        {
            if (Values(args, name).LastOrDefault() is { } text && ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong value))
            {
                allSet &= SetLimit(resource, value, warnings, name);
                limits.Add(name[2..] + "=" + text);
            }
        }

        if (Values(args, "--as-margin").LastOrDefault() is { } marginText && ulong.TryParse(marginText, NumberStyles.None, CultureInfo.InvariantCulture, out ulong margin))
        {
            // The runtime has reserved its address space (the GC's whole heap range included) by now, so a ceiling a
            // margin above today's size bounds what is still to come: native memory, thread stacks, code.
            ulong ceiling = AddressSpaceBytes() + margin;
            allSet &= SetLimit(RlimitAddressSpace, ceiling, warnings, "--as");
            limits.Add("as=" + ceiling.ToString(CultureInfo.InvariantCulture));
        }

        if (limits.Count > 0)
        {
            allSet &= SetLimit(RlimitCore, 0, warnings, "--core");
            if (allSet)
            {
                layers.Add("rlimits(" + string.Join(",", limits.Append("core=0")) + ")");
            }
        }

        if (seccompWanted)
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

    /// <summary>The values of every <c>name VALUE</c> pair on the command line, in order.</summary>
    private static List<string> Values(IReadOnlyList<string> args, string name) =>
        args.Select((a, i) => (a, i)).Where(p => p.a == name && p.i + 1 < args.Count).Select(p => args[p.i + 1]).ToList();

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
