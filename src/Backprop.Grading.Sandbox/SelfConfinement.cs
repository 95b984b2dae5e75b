using System.Globalization;
using System.Runtime.InteropServices;

namespace Backprop.Grading.Sandbox;

/// <summary>
/// What the child does to itself before it reads any untrusted input: resource limits (setrlimit) and the syscall
/// filter. Both only tighten and cannot be undone by the code that follows. The layers that took hold go back to the
/// grader in the first line, before student code could forge anything.
/// </summary>
internal static partial class SelfConfinement
{
    private const int RlimitCpu = 0, RlimitFsize = 1, RlimitCore = 4, RlimitNproc = 6, RlimitNofile = 7;

    /// <summary>Applies the limits named on the command line (<c>--cpu S --fsize B --nproc N --nofile N</c>) and, with <c>--seccomp</c>, the filter.</summary>
    /// <param name="args">The child's arguments after the mode.</param>
    public static ReadyMessage Apply(IReadOnlyList<string> args)
    {
        var layers = new List<string> { "api-denylist" };
        var warnings = new List<string>();
        if (!OperatingSystem.IsLinux())
        {
            warnings.Add("no resource limits or syscall filter: the child runs on " + RuntimeInformation.OSDescription);
            return new ReadyMessage([.. layers], -1, [.. warnings]);
        }

        var limits = new List<string>();
        bool allSet = true;
        bool seccompWanted = false;
        for (int i = 0; i < args.Count; i += 2)
        {
            if (args[i] == "--seccomp")
            {
                seccompWanted = true;
                i--;
                continue;
            }

            if (i + 1 >= args.Count)
            {
                break;
            }

            int resource = args[i] switch
            {
                "--cpu" => RlimitCpu,
                "--fsize" => RlimitFsize,
                "--nproc" => RlimitNproc,
                "--nofile" => RlimitNofile,
                _ => -1,
            };
            if (resource < 0 || !ulong.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out ulong value))
            {
                continue;
            }

            allSet &= SetLimit(resource, value, warnings, args[i]);
            limits.Add(args[i][2..] + "=" + args[i + 1]);
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
