using System.Runtime.InteropServices;

namespace Backprop.Grading.Sandbox;

/// <summary>
/// A seccomp-BPF program the child installs on all its threads before it reads any student input: the kernel then
/// refuses, whatever API asks, to open sockets, start programs (execve, fork), signal or trace other processes, make
/// namespaces, mount, use io_uring, bpf and perf, touch the kernel keyring, or type into a terminal. Threads (clone with CLONE_THREAD) and signals to the child itself
/// stay allowed, since the runtime needs them. x86-64 and arm64 only; elsewhere there is no filter and the layer is
/// reported missing.
/// </summary>
internal static partial class SeccompFilter
{
    private const ushort LoadWord = 0x20, JumpIfEqual = 0x15, JumpIfGreaterOrEqual = 0x35, JumpIfAnyBit = 0x45, Return = 0x06;
    private const uint Allow = 0x7fff0000, KillProcess = 0x80000000, Errno = 0x00050000;
    private const uint EPERM = 1, EACCES = 13, ENOSYS = 38;
    private const uint CloneThread = 0x00010000;
    private const uint OffsetNumber = 0, OffsetArch = 4, OffsetArg0 = 16;

    /// <summary>Syscall numbers of one architecture.</summary>
    private sealed record Table(uint Arch, uint Seccomp, bool HasX32, uint[] Denied, uint[] Sockets, uint[] OwnPidOnly, uint CloneNumber, uint IoctlNumber);

    /// <summary>Terminal ioctls that type into or drive a terminal: TIOCSTI (inject input), TIOCLINUX (console tricks).</summary>
    private static readonly uint[] DeniedIoctls = [0x5412, 0x541C];

    private const uint OffsetArg1 = 24; // the low 32 bits of the second argument (ioctl's request, an unsigned int)

    // x86-64: socket 41, socketpair 53, execve 59, execveat 322, fork 57, vfork 58, ptrace 101, process_vm_readv/writev 310/311,
    // pidfd_send_signal 424, pidfd_open 434, rt_sigqueueinfo 129, tkill 200, unshare 272, setns 308, mount 165, umount2 166,
    // pivot_root 155, chroot 161, io_uring_setup/enter/register 425-427, bpf 321, perf_event_open 298, userfaultfd 323,
    // kexec_load 246, init_module 175, finit_module 313, add_key 248, request_key 249, keyctl 250, clone3 435 (ENOSYS so libc falls back to clone); kill 62, tgkill 234,
    // rt_tgsigqueueinfo 297 only at the child's own pid; clone 56 only for threads; ioctl 16 without TIOCSTI/TIOCLINUX.
    private static readonly Table X64 = new(0xC000003E, 317, true,
        [59, 322, 57, 58, 101, 310, 311, 424, 434, 129, 200, 272, 308, 165, 166, 155, 161, 425, 426, 427, 321, 298, 323, 246, 175, 313, 248, 249, 250],
        [41, 53], [62, 234, 297], 56, 16);

    // arm64: socket 198, socketpair 199, execve 221, execveat 281, ptrace 117, process_vm_readv/writev 270/271, pidfd_send_signal 424,
    // pidfd_open 434, rt_sigqueueinfo 138, tkill 130, unshare 97, setns 268, mount 40, umount2 39, pivot_root 41, chroot 51,
    // io_uring 425-427, bpf 280, perf_event_open 241, userfaultfd 282, kexec_load 104, init_module 105, finit_module 273,
    // add_key 217, request_key 218, keyctl 219;
    // kill 129, tgkill 131, rt_tgsigqueueinfo 240 only at the own pid; clone 220 only for threads; ioctl 29 without TIOCSTI/TIOCLINUX.
    private static readonly Table Arm64 = new(0xC00000B7, 277, false,
        [221, 281, 117, 270, 271, 424, 434, 138, 130, 97, 268, 40, 39, 41, 51, 425, 426, 427, 280, 241, 282, 104, 105, 273, 217, 218, 219],
        [198, 199], [129, 131, 240], 220, 29);

    /// <summary>Installs the filter on every thread of this process; returns null on success or why it could not.</summary>
    public static string? Install()
    {
        var table = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => X64,
            Architecture.Arm64 => Arm64,
            _ => null,
        };
        if (!OperatingSystem.IsLinux() || table is null)
        {
            return $"no syscall filter on {RuntimeInformation.OSDescription} {RuntimeInformation.ProcessArchitecture}";
        }

        var program = Build(table, (uint)Environment.ProcessId);
        if (prctl(38 /* PR_SET_NO_NEW_PRIVS */, 1, 0, 0, 0) != 0)
        {
            return $"prctl(PR_SET_NO_NEW_PRIVS) failed (errno {Marshal.GetLastPInvokeError()})";
        }

        IntPtr filter = Marshal.AllocHGlobal(program.Count * 8);
        IntPtr fprog = Marshal.AllocHGlobal(16);
        try
        {
            for (int i = 0; i < program.Count; i++)
            {
                var (code, jt, jf, k) = program[i];
                Marshal.WriteInt16(filter, i * 8, (short)code);
                Marshal.WriteByte(filter, i * 8 + 2, jt);
                Marshal.WriteByte(filter, i * 8 + 3, jf);
                Marshal.WriteInt32(filter, i * 8 + 4, unchecked((int)k));
            }

            Marshal.WriteInt64(fprog, 0, program.Count);
            Marshal.WriteIntPtr(fprog, 8, filter);
            // seccomp(SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, &prog): every thread, now and later.
            long result = syscall(table.Seccomp, 1, 1, fprog);
            return result == 0 ? null : $"seccomp() failed (result {result}, errno {Marshal.GetLastPInvokeError()})";
        }
        finally
        {
            Marshal.FreeHGlobal(fprog); // the kernel keeps its own copy
            Marshal.FreeHGlobal(filter);
        }
    }

    private static List<(ushort Code, byte Jt, byte Jf, uint K)> Build(Table t, uint ownPid)
    {
        var p = new List<(ushort, byte, byte, uint)>
        {
            (LoadWord, 0, 0, OffsetArch),
            (JumpIfEqual, 1, 0, t.Arch),
            (Return, 0, 0, KillProcess),
            (LoadWord, 0, 0, OffsetNumber),
        };
        if (t.HasX32)
        {
            p.Add((JumpIfGreaterOrEqual, 0, 1, 0x40000000)); // the x32 ABI: its numbers alias the filtered ones
            p.Add((Return, 0, 0, Errno | ENOSYS));
        }

        foreach (uint nr in t.Denied)
        {
            p.Add((JumpIfEqual, 0, 1, nr));
            p.Add((Return, 0, 0, Errno | EPERM));
        }

        foreach (uint nr in t.Sockets)
        {
            p.Add((JumpIfEqual, 0, 1, nr));
            p.Add((Return, 0, 0, Errno | EACCES));
        }

        p.Add((JumpIfEqual, 0, 1, 435)); // clone3
        p.Add((Return, 0, 0, Errno | ENOSYS));

        foreach (uint nr in t.OwnPidOnly)
        {
            p.Add((JumpIfEqual, 0, 4, nr));
            p.Add((LoadWord, 0, 0, OffsetArg0));
            p.Add((JumpIfEqual, 0, 1, ownPid));
            p.Add((Return, 0, 0, Allow));
            p.Add((Return, 0, 0, Errno | EPERM));
        }

        // ioctl: the two terminal requests refused, every other request allowed.
        int n = DeniedIoctls.Length;
        p.Add((JumpIfEqual, 0, (byte)(n + 3), t.IoctlNumber));
        p.Add((LoadWord, 0, 0, OffsetArg1));
        for (int i = 0; i < n; i++)
        {
            // Equal: on to the EPERM after the last comparison. Not equal: the next comparison, or past the EPERM.
            p.Add((JumpIfEqual, (byte)(n - 1 - i), (byte)(i == n - 1 ? 1 : 0), DeniedIoctls[i]));
        }

        p.Add((Return, 0, 0, Errno | EPERM));
        p.Add((Return, 0, 0, Allow));

        p.Add((JumpIfEqual, 0, 4, t.CloneNumber));
        p.Add((LoadWord, 0, 0, OffsetArg0));
        p.Add((JumpIfAnyBit, 0, 1, CloneThread));
        p.Add((Return, 0, 0, Allow));
        p.Add((Return, 0, 0, Errno | EPERM));
        p.Add((Return, 0, 0, Allow));
        return p;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int prctl(int option, ulong arg2, ulong arg3, ulong arg4, ulong arg5);

    [LibraryImport("libc", SetLastError = true)]
    private static partial long syscall(long number, long arg1, long arg2, IntPtr arg3);
}
