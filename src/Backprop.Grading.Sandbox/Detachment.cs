using System.Globalization;
using System.Runtime.InteropServices;

namespace Backprop.Grading.Sandbox;

/// <summary>
/// The first thing a child does, before it reads anything: it leaves the grader's session (so it has no controlling
/// terminal to write to or inject into, as bubblewrap's <c>--new-session</c> does) and closes every descriptor it
/// inherited. A descriptor that survived <c>execve</c> is one without close-on-exec, which the runtime never opens,
/// so closing exactly those above stderr leaves the runtime's own and removes whatever the grader was started with.
/// Standard input, output and error are the grader's pipes, never a terminal.
/// </summary>
internal static partial class Detachment
{
    private const int GetDescriptorFlags = 1, CloseOnExec = 1, SetParentDeathSignal = 1, Kill = 9;
    private static int _parent = -1;

    /// <summary>Starts a new session and closes inherited descriptors; returns what took hold, for the ready message.</summary>
    public static string[] Apply()
    {
        if (!OperatingSystem.IsLinux())
        {
            return [];
        }

        _parent = getppid();
        var done = new List<string>();
        if (setsid() >= 0)
        {
            done.Add("new-session");
        }

        foreach (int fd in OpenDescriptors().Where(fd => fd > 2))
        {
            int flags = fcntl(fd, GetDescriptorFlags, 0);
            if (flags >= 0 && (flags & CloseOnExec) == 0)
            {
                close(fd);
            }
        }

        done.Add("no-inherited-descriptors");
        return [.. done];
    }

    /// <summary>
    /// Dies with its parent (SIGKILL), set again after the change of user, which clears it: the parent is the grader,
    /// or util-linux unshare, which itself dies with the grader. If the parent is gone already, exits now.
    /// </summary>
    public static string[] DieWithParent()
    {
        if (!OperatingSystem.IsLinux())
        {
            return [];
        }

        if (prctl(SetParentDeathSignal, Kill, 0, 0, 0) != 0)
        {
            return [];
        }

        if (getppid() != _parent)
        {
            ExitNow(); // orphaned before the signal was armed
        }

        return ["dies-with-grader"];
    }

    /// <summary>Ends the process at once, whatever its other threads are doing (no finalizers, no managed shutdown).</summary>
    public static void ExitNow() => _exit(0);

    /// <summary>The process's open descriptors, listed first and then returned (the listing's own descriptor is closed by then).</summary>
    private static List<int> OpenDescriptors()
    {
        try
        {
            return Directory.EnumerateFileSystemEntries("/proc/self/fd")
                .Select(p => int.TryParse(Path.GetFileName(p), NumberStyles.None, CultureInfo.InvariantCulture, out int fd) ? fd : -1)
                .Where(fd => fd >= 0).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [.. Enumerable.Range(3, 4093)]; // no /proc: every number an rlimit of 4096 allows
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setsid();

    [LibraryImport("libc")]
    private static partial int getppid();

    [LibraryImport("libc", SetLastError = true)]
    private static partial int prctl(int option, ulong arg2, ulong arg3, ulong arg4, ulong arg5);

    [LibraryImport("libc")]
    private static partial void _exit(int status);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fcntl(int fd, int command, int argument);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(int fd);
}
