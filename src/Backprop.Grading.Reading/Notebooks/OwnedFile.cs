using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Backprop.Grading.Notebooks;

/// <summary>
/// Reads a submitted file only if it is a regular file the submission owns: the last path component is opened without
/// following a symbolic link and without blocking (so a FIFO or device neither hangs nor floods the grader), the open
/// file must be a regular file whose real path lies inside the submission's folder, and at most the size limit plus one
/// byte is read, whatever the file claims its length is. On Linux this is done with <c>open(O_NOFOLLOW | O_NONBLOCK)</c>,
/// <c>statx</c> on the open descriptor and its <c>/proc/self/fd</c> link; elsewhere the same checks are made by path.
/// </summary>
public static partial class OwnedFile
{
    /// <summary>The file's bytes, or null and why not (in words for the student).</summary>
    /// <param name="path">The file.</param>
    /// <param name="root">The submission's folder; the file's real path must lie inside it.</param>
    /// <param name="limit">Most bytes accepted; one more is read to tell a larger file.</param>
    /// <param name="problem">Why the file was not read, or null.</param>
    public static byte[]? Read(string path, string root, int limit, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(root);
        string name = Path.GetFileName(path);
        try
        {
            return OperatingSystem.IsLinux() ? ReadLinux(path, root, limit, name, out problem) : ReadByPath(path, root, limit, name, out problem);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            problem = $"{name} could not be read: {e.Message}";
            return null;
        }
    }

    /// <summary>The message for a file that is a symbolic link.</summary>
    /// <param name="name">The file's name.</param>
    public static string SymbolicLink(string name) =>
        $"{name} is a symbolic link; the grader reads only regular files inside the submission. Upload the file itself, not a link to it.";

    /// <summary>The message for a file that is neither a regular file nor a folder (a FIFO, a device, a socket).</summary>
    /// <param name="name">The file's name.</param>
    public static string NotRegular(string name) =>
        $"{name} is not a regular file (it is a device, pipe or socket); the grader reads only regular files. Upload the notebook file itself.";

    private static string TooLarge(string name, int limit) =>
        $"{name} is larger than the {limit / (1024 * 1024)} MB a submitted file may be. Clear the outputs (Jupyter: Edit → Clear All Outputs) and submit the file again.";

    private static string Outside(string name) =>
        $"{name} lies outside the submission's folder (through a linked folder); the grader reads only files inside the submission. Upload the file itself.";

    private static byte[]? ReadLinux(string path, string root, int limit, string name, out string? problem)
    {
        int fd = Open(path, ONoFollow | ONonBlock | OCloexec);
        if (fd < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            problem = errno == ELoop ? SymbolicLink(name) : $"{name} could not be opened ({Marshal.GetPInvokeErrorMessage(errno)}).";
            return null;
        }

        using var handle = new SafeFileHandle(fd, ownsHandle: true);
        var stat = new byte[256];
        if (Statx(fd, [0], AtEmptyPath, StatxType, stat) != 0)
        {
            problem = $"{name} could not be examined ({Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}).";
            return null;
        }

        if ((BitConverter.ToUInt16(stat, 28) & SIfMt) != SIfReg)
        {
            problem = NotRegular(name);
            return null;
        }

        string? real = new FileInfo($"/proc/self/fd/{fd}").LinkTarget;
        if (real is null || !Inside(real, RealFolder(root)))
        {
            problem = Outside(name);
            return null;
        }

        using var stream = new FileStream(handle, FileAccess.Read, bufferSize: 0);
        return ReadBounded(stream, limit, name, out problem);
    }

    private static byte[]? ReadByPath(string path, string root, int limit, string name, out string? problem)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not null)
        {
            problem = SymbolicLink(name);
            return null;
        }

        if (!Inside(Path.GetFullPath(path), Path.GetFullPath(root)))
        {
            problem = Outside(name);
            return null;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
        return ReadBounded(stream, limit, name, out problem);
    }

    private static byte[]? ReadBounded(Stream stream, int limit, string name, out string? problem)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        while (buffer.Length <= limit)
        {
            int read = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, limit + 1 - buffer.Length));
            if (read == 0)
            {
                break;
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length > limit)
        {
            problem = TooLarge(name, limit);
            return null;
        }

        problem = null;
        return buffer.ToArray();
    }

    /// <summary>The real path of a folder (symbolic links resolved), so that a file's real path can be compared with it.</summary>
    private static string RealFolder(string folder)
    {
        int fd = Open(folder, OPath | OCloexec);
        if (fd < 0)
        {
            return Path.GetFullPath(folder);
        }

        using var handle = new SafeFileHandle(fd, ownsHandle: true);
        return new FileInfo($"/proc/self/fd/{fd}").LinkTarget ?? Path.GetFullPath(folder);
    }

    private static bool Inside(string file, string folder) =>
        file.StartsWith(Path.TrimEndingDirectorySeparator(folder) + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private static int Open(string path, int flags) => NativeOpen(Encoding.UTF8.GetBytes(path + "\0"), flags);

    // Linux open(2) flags; O_NOFOLLOW is the one that differs between x86-64 and arm64.
    private const int ONonBlock = 0x800;
    private const int OCloexec = 0x80000;
    private const int OPath = 0x200000;
    private static readonly int ONoFollow = RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x8000 : 0x20000;
    private const int ELoop = 40;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxType = 0x1;
    private const int SIfMt = 0xF000;
    private const int SIfReg = 0x8000;

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true)]
    private static partial int NativeOpen(byte[] path, int flags);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static partial int Statx(int dirfd, byte[] path, int flags, uint mask, byte[] buffer);
}
