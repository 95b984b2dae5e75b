using System.Runtime.InteropServices;

namespace Backprop.Grading.Sandbox;

/// <summary>
/// The child's view of the file system, set up by the child itself while it is still root inside its new mount
/// namespace (util-linux <c>unshare</c> made it): every mount read-only, an empty tmpfs over the shared temp folders,
/// the hidden paths covered, and a private writable tmpfs. System calls, not a shell running <c>mount</c> once per
/// mount point: that cost about 60–190 ms per child. Nothing here can be undone later: the child drops root next,
/// and its syscall filter refuses <c>mount</c> and <c>umount2</c>.
/// </summary>
internal static partial class MountConfinement
{
    private const ulong ReadOnly = 1, NoSuid = 2, NoDev = 4, NoExec = 8, NoSymlinkFollow = 256, NoAccessTime = 1024, NoDirAccessTime = 2048, Remount = 32, Bind = 4096,
        RelativeAccessTime = 1 << 21, StrictAccessTime = 1 << 24;

    /// <summary>Applies the request; null on success, else what failed (the child must then stop before any student input).</summary>
    /// <param name="request">What to mount.</param>
    public static string? Apply(MountRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        // Read-only first, one mount at a time: a recursive bind cannot change the flags of the mounts beneath it.
        // A remount keeps the mount's own flags (nosuid, nodev, noexec, atime); a kernel refuses to drop locked ones.
        foreach (var (point, options) in Mounts())
        {
            mount(null, point, null, Remount | Bind | ReadOnly | FlagsOf(options), null); // best effort: some kernel mounts refuse
        }

        if (!Mounts().Last(m => m.Point == "/").Options.Contains("ro"))
        {
            return "the root file system stayed writable";
        }

        foreach (string folder in request.Tmpfs.Where(Directory.Exists))
        {
            if (mount("tmpfs", folder, "tmpfs", NoSuid | NoDev, "size=64m,mode=1777") != 0)
            {
                return Failed("cover", folder);
            }
        }

        foreach (string path in request.Hidden)
        {
            int result = Directory.Exists(path) ? mount("tmpfs", path, "tmpfs", ReadOnly | NoSuid | NoDev, "size=4k,mode=0555")
                : File.Exists(path) ? mount("/dev/null", path, null, Bind, null)
                : 0;
            if (result != 0)
            {
                return Failed("hide", path);
            }
        }

        if (request.Private is { } own && mount("tmpfs", own, "tmpfs", NoSuid | NoDev, "size=64m,mode=1777") != 0)
        {
            return Failed("give the child its private folder", own);
        }

        return null;
    }

    private static string Failed(string what, string path) => $"could not {what} {path} (errno {Marshal.GetLastPInvokeError()})";

    /// <summary>Every mount point with its own options (field 6 of /proc/self/mountinfo), in mount order.</summary>
    private static IEnumerable<(string Point, string[] Options)> Mounts() =>
        File.ReadAllLines("/proc/self/mountinfo").Select(line => line.Split(' ')).Where(f => f.Length > 5).Select(f => (Unescape(f[4]), f[5].Split(',')));

    private static ulong FlagsOf(string[] options) => options.Aggregate(0UL, (flags, option) => flags | option switch
    {
        "nosuid" => NoSuid,
        "nodev" => NoDev,
        "noexec" => NoExec,
        "nosymfollow" => NoSymlinkFollow,
        "noatime" => NoAccessTime,
        "nodiratime" => NoDirAccessTime,
        "relatime" => RelativeAccessTime,
        "strictatime" => StrictAccessTime,
        _ => 0UL,
    });

    /// <summary>mountinfo writes space, tab, newline and backslash in paths as octal escapes (\040 …).</summary>
    private static string Unescape(string field)
    {
        if (!field.Contains('\\', StringComparison.Ordinal))
        {
            return field;
        }

        var text = new System.Text.StringBuilder();
        for (int i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length && field.Substring(i + 1, 3).All(c => c is >= '0' and <= '7'))
            {
                text.Append((char)Convert.ToInt32(field.Substring(i + 1, 3), 8));
                i += 3;
            }
            else
            {
                text.Append(field[i]);
            }
        }

        return text.ToString();
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int mount(string? source, string target, string? type, ulong flags, string? data);
}
