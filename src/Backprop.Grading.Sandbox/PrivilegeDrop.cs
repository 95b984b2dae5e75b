using System.Runtime.InteropServices;

namespace Backprop.Grading.Sandbox;

/// <summary>
/// Root gives way to the unprivileged sandbox user, for good, before any student input: every capability leaves the
/// bounding and inheritable sets, the supplementary groups are cleared, then the group and user ids (real, effective
/// and saved) become the sandbox user's, which empties the permitted and effective sets. glibc applies each id change
/// to every thread of the process. <c>no_new_privs</c> then stops any later program from gaining rights.
/// </summary>
internal static partial class PrivilegeDrop
{
    private const int CapabilityBoundingSetDrop = 24, NoNewPrivileges = 38, LastCapabilityProbe = 63;
    private const uint CapabilityVersion3 = 0x20080522;

    /// <summary>Drops to <paramref name="uid"/>:<paramref name="gid"/>; null on success, else what failed (the child must then stop).</summary>
    /// <param name="uid">The sandbox user's id (never 0).</param>
    /// <param name="gid">Its group id.</param>
    public static string? To(uint uid, uint gid)
    {
        if (uid == 0)
        {
            return "the sandbox user may not be root";
        }

        for (int capability = 0; capability <= LastCapabilityProbe; capability++)
        {
            if (prctl(CapabilityBoundingSetDrop, (ulong)capability, 0, 0, 0) != 0)
            {
                break; // EINVAL past the kernel's last capability
            }
        }

        var header = new CapabilityHeader { Version = CapabilityVersion3, Pid = 0 };
        var sets = new CapabilitySets[2];
        if (capget(ref header, sets) != 0)
        {
            return Failed("read the capabilities");
        }

        sets[0].Inheritable = 0;
        sets[1].Inheritable = 0;
        if (capset(ref header, sets) != 0)
        {
            return Failed("clear the inheritable capabilities");
        }

        if (setgroups(0, IntPtr.Zero) != 0)
        {
            return Failed("clear the supplementary groups");
        }

        if (setresgid(gid, gid, gid) != 0)
        {
            return Failed($"become group {gid}");
        }

        if (setresuid(uid, uid, uid) != 0)
        {
            return Failed($"become user {uid}");
        }

        if (setresuid(0, 0, 0) == 0 || geteuid() != uid || getegid() != gid)
        {
            return "the user change did not hold";
        }

        return prctl(NoNewPrivileges, 1, 0, 0, 0) == 0 ? null : Failed("set no_new_privs");
    }

    private static string Failed(string what) => $"could not {what} (errno {Marshal.GetLastPInvokeError()})";

    [StructLayout(LayoutKind.Sequential)]
    private struct CapabilityHeader
    {
        public uint Version;
        public int Pid;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct CapabilitySets
    {
        public uint Effective;
        public uint Permitted;
        public uint Inheritable;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int prctl(int option, ulong arg2, ulong arg3, ulong arg4, ulong arg5);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int capget(ref CapabilityHeader header, [In, Out] CapabilitySets[] data);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int capset(ref CapabilityHeader header, [In, Out] CapabilitySets[] data);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setgroups(nuint size, IntPtr list);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setresgid(uint real, uint effective, uint saved);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setresuid(uint real, uint effective, uint saved);

    [LibraryImport("libc")]
    private static partial uint geteuid();

    [LibraryImport("libc")]
    private static partial uint getegid();
}
