using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Backprop.Grading.Sandbox;

/// <summary>
/// The child's replies leave on a descriptor of their own: the pipe the grader gave it as stdout is moved to a new,
/// close-on-exec descriptor, and stdout itself then points at /dev/null. Whatever student code writes to "the
/// console", through any API, goes nowhere; a reply still needs the per-start secret, and the grader caps what it
/// reads from this descriptor.
/// </summary>
internal static partial class ReplyChannel
{
    private const int DuplicateCloseOnExec = 1030, WriteOnly = 1, CloseOnExecFlag = 0x80000;

    /// <summary>The reply stream; on any failure (or off Linux) the plain stdout.</summary>
    public static Stream Open()
    {
        if (!OperatingSystem.IsLinux())
        {
            return Console.OpenStandardOutput();
        }

        int replies = fcntl(1, DuplicateCloseOnExec, 3);
        int nothing = open("/dev/null", WriteOnly | CloseOnExecFlag);
        if (replies < 0 || nothing < 0 || dup2(nothing, 1) < 0)
        {
            return Console.OpenStandardOutput();
        }

        close(nothing);
        return new FileStream(new SafeFileHandle(replies, ownsHandle: true), FileAccess.Write, bufferSize: 0);
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fcntl(int fd, int command, int argument);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int dup2(int from, int to);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(int fd);
}
