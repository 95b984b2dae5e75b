using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Backprop.Grading.Isolation;

/// <summary>
/// A sandbox uid held by one child, so that no two children on the machine run as the same uid at once, whichever
/// grader started them: one claim file per uid in a root-only folder, held with an exclusive <c>flock</c> for the
/// child's life. The kernel drops the lock when its holder closes it or dies (a grader killed with SIGKILL included),
/// so a claim never outlives its grader. A released claim's file is unlinked while it is still locked; a taker that
/// then wins the lock on the unlinked file sees it has no name left (nlink 0) and tries again.
/// </summary>
internal sealed partial class UidClaim : IDisposable
{
    /// <summary>Where graders on this machine keep their claims: a folder only root can write, emptied at boot.</summary>
    public const string DefaultFolder = "/run/backprop-sandbox-uids";

    private SafeFileHandle? _handle;
    private readonly string _path;

    private UidClaim(int uid, SafeFileHandle handle, string path) => (Uid, _handle, _path) = (uid, handle, path);

    /// <summary>The uid claimed.</summary>
    public int Uid { get; }

    /// <summary>Makes the claim folder (root-only); null when it is usable, else why not.</summary>
    /// <param name="folder">The folder.</param>
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public static string? Prepare(string folder)
    {
        try
        {
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            return new DirectoryInfo(folder).LinkTarget is null ? null : $"{folder} is a symbolic link";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"could not make {folder}: {e.Message}";
        }
    }

    /// <summary>
    /// Claims the first free uid of <paramref name="range"/> from position <paramref name="start"/> on, going round.
    /// Throws when every uid of the range is held.
    /// </summary>
    /// <param name="range">The sandbox uids.</param>
    /// <param name="start">Where to begin (any number; taken modulo the range's size).</param>
    /// <param name="folder">The claim folder (see <see cref="Prepare"/>).</param>
    public static UidClaim Take(SandboxUidRange range, long start, string folder = DefaultFolder)
    {
        ArgumentNullException.ThrowIfNull(range);
        for (long i = 0; i < range.Count; i++)
        {
            int uid = range.First + (int)((ulong)(start + i) % (ulong)range.Count);
            string path = Path.Combine(folder, uid.ToString(System.Globalization.CultureInfo.InvariantCulture));
            SafeFileHandle handle;
            try
            {
                // .NET takes a shared flock of its own here; the exclusive one below is what counts.
                handle = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
            }
            catch (IOException)
            {
                continue; // another holder's exclusive lock refused even the shared one
            }

            if (flock(handle, LockExclusive | LockNonBlocking) == 0 && Linked(handle))
            {
                return new UidClaim(uid, handle, path);
            }

            handle.Dispose();
        }

        throw new InvalidOperationException($"every uid of the sandbox range {range.First}–{range.First + range.Count - 1} is held by a running child (claims in {folder})");
    }

    /// <summary>Gives the uid back: the file goes first, then the lock (see the class remarks).</summary>
    public void Dispose()
    {
        if (_handle is null)
        {
            return;
        }

        try
        {
            File.Delete(_path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        _handle.Dispose();
        _handle = null;
    }

    /// <summary>True while the open file still has a name (statx's stx_nlink, at byte 16).</summary>
    private static bool Linked(SafeFileHandle handle)
    {
        var buffer = new byte[256];
        return statx((int)handle.DangerousGetHandle(), [0], AtEmptyPath, StatxNlink, buffer) == 0 && BitConverter.ToUInt32(buffer, 16) > 0;
    }

    private const int LockExclusive = 2, LockNonBlocking = 4, AtEmptyPath = 0x1000;
    private const uint StatxNlink = 0x4;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int flock(SafeFileHandle handle, int operation);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int statx(int dirfd, byte[] path, int flags, uint mask, byte[] buffer);
}
