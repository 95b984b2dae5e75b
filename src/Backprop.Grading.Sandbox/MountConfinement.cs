using System.Runtime.InteropServices;

namespace Backprop.Grading.Sandbox;

/// <summary>
/// The child's view of the file system, set up by the child itself while it is still root inside its new mount
/// namespace (util-linux <c>unshare</c> made it). With a minimal root (the default where namespaces are available): a
/// fresh tmpfs becomes the root, holding read-only binds of exactly the folders the grader names (the runtime, the
/// sandbox, the system libraries), /dev/null, /dev/zero, /dev/urandom and /dev/random, and a private writable /tmp;
/// <c>pivot_root</c> then leaves the host's tree behind and it is unmounted, so everything else is absent, not merely
/// read-only (bubblewrap's and nsjail's design). Without one: every host mount read-only, an empty tmpfs over the
/// shared temp folders and a private writable tmpfs. Either way the hidden paths are covered last. System calls, not a
/// shell running <c>mount</c> once per mount point: that cost about 60–190 ms per child. Nothing here can be undone
/// later: the child drops root next, and its syscall filter refuses <c>mount</c>, <c>umount2</c> and <c>pivot_root</c>.
/// </summary>
internal static partial class MountConfinement
{
    private const ulong ReadOnly = 1, NoSuid = 2, NoDev = 4, NoExec = 8, NoSymlinkFollow = 256, NoAccessTime = 1024, NoDirAccessTime = 2048, Remount = 32, Bind = 4096,
        Recursive = 16384, Private = 1 << 18, RelativeAccessTime = 1 << 21, StrictAccessTime = 1 << 24;

    private const int Detach = 2;

    /// <summary>The devices a child may open: the runtime writes to /dev/null and reads random bytes.</summary>
    private static readonly string[] Devices = ["/dev/null", "/dev/zero", "/dev/urandom", "/dev/random"];

    /// <summary>Applies the request; null on success, else what failed (the child must then stop before any student input).</summary>
    /// <param name="request">What to mount.</param>
    public static string? Apply(MountRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string? problem = request.Root is { } root ? MinimalRoot(root) : ReadOnlyHost(request);
        return problem ?? Hide(request.Hidden);
    }

    /// <summary>
    /// A tmpfs as the new root with <paramref name="keep"/> bound read-only at their own paths, then <c>pivot_root</c>.
    /// As bubblewrap does, a scratch tmpfs on /tmp becomes the root first, so the host's tree stays reachable under
    /// /old (its own /tmp included) while the new root is filled, and is unmounted before the second pivot.
    /// </summary>
    private static string? MinimalRoot(string[] keep)
    {
        // Real paths, read in the host's view: after the first pivot an absolute link would point into the scratch root.
        var sources = keep.Select(path => (Target: path, Source: RealPath(path))).Where(s => s.Source is not null).ToList();
        var devices = Devices.Where(File.Exists).ToList();
        if (mount(null, "/", null, Recursive | Private, null) != 0)
        {
            return Failed("make the mounts private", "/");
        }

        if (mount("tmpfs", "/tmp", "tmpfs", NoSuid | NoDev | NoExec, "size=1m,mode=0700") != 0)
        {
            return Failed("mount a scratch tmpfs on", "/tmp");
        }

        Directory.CreateDirectory("/tmp/old");
        Directory.CreateDirectory("/tmp/new");
        if (mount("tmpfs", "/tmp/new", "tmpfs", NoSuid | NoDev, "size=1m,mode=0755") != 0)
        {
            return Failed("mount the new root's tmpfs on", "/tmp/new");
        }

        if (chdir("/tmp") != 0 || pivot_root(".", "old") != 0 || chdir("/") != 0)
        {
            return Failed("pivot to the scratch root", "/tmp");
        }

        // The private /tmp first: a kept folder inside the host's /tmp (a grader run from there) is bound on top of it.
        Directory.CreateDirectory("/new/tmp");
        if (mount("tmpfs", "/new/tmp", "tmpfs", NoSuid | NoDev, "size=64m,mode=1777") != 0)
        {
            return Failed("give the child its private /tmp at", "/new/tmp");
        }

        foreach (var (target, source) in sources)
        {
            if (BindReadOnly("/old" + source, "/new" + target, NoSuid | NoDev) is { } failed)
            {
                return failed;
            }
        }

        foreach (string device in devices)
        {
            // Read-only mounts still let a device be written (only regular files, folders and links are refused).
            if (BindReadOnly("/old" + device, "/new" + device, NoSuid | NoExec) is { } failed)
            {
                return failed;
            }
        }

        if (umount2("/old", Detach) != 0)
        {
            return Failed("unmount the host's tree at", "/old");
        }

        // pivot_root(".", ".") stacks the old root on the new one; detaching "." then removes it (pivot_root(2)).
        if (chdir("/new") != 0 || pivot_root(".", ".") != 0 || umount2(".", Detach) != 0 || chdir("/") != 0)
        {
            return Failed("pivot to the new root", "/new");
        }

        return mount(null, "/", null, Remount | ReadOnly | NoSuid | NoDev, null) == 0 ? null : Failed("make read-only", "/");
    }

    /// <summary>Binds <paramref name="source"/> (a folder or a file) at <paramref name="target"/>, then makes it read-only.</summary>
    private static string? BindReadOnly(string source, string target, ulong flags)
    {
        if (Directory.Exists(source))
        {
            Directory.CreateDirectory(target);
        }
        else
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllBytes(target, []);
        }

        if (mount(source, target, null, Bind, null) != 0)
        {
            return Failed("bind " + source + " to", target);
        }

        // A remount must keep the flags a kernel locked on the source's mount (in a user namespace): read them back.
        var info = new ulong[16];
        ulong locked = statvfs(target, info) == 0 ? LockedFlags(info[9]) : 0;
        return mount(null, target, null, Remount | Bind | ReadOnly | flags | locked, null) == 0 ? null : Failed("make read-only", target);
    }

    /// <summary>statvfs's f_flag as mount flags: ST_* share the MS_* values but for relatime (ST_RELATIME 4096).</summary>
    private static ulong LockedFlags(ulong statFlags) =>
        (statFlags & (NoSuid | NoDev | NoExec | NoAccessTime | NoDirAccessTime)) | ((statFlags & 4096) != 0 ? RelativeAccessTime : 0);

    private static string? RealPath(string path)
    {
        nint resolved = realpath(path, 0);
        if (resolved == 0)
        {
            return null;
        }

        try
        {
            return Marshal.PtrToStringUTF8(resolved);
        }
        finally
        {
            Marshal.FreeHGlobal(resolved); // glibc's malloc: FreeHGlobal is free() on Unix
        }
    }

    /// <summary>The host's tree, every mount read-only, the temp folders covered and a private tmpfs mounted.</summary>
    private static string? ReadOnlyHost(MountRequest request)
    {
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

        if (request.Private is { } own && mount("tmpfs", own, "tmpfs", NoSuid | NoDev, "size=64m,mode=1777") != 0)
        {
            return Failed("give the child its private folder", own);
        }

        return null;
    }

    /// <summary>Covers each hidden path that is there: a read-only empty tmpfs over a folder, /dev/null over a file.</summary>
    private static string? Hide(string[] hidden)
    {
        foreach (string path in hidden)
        {
            int result = Directory.Exists(path) ? mount("tmpfs", path, "tmpfs", ReadOnly | NoSuid | NoDev, "size=4k,mode=0555")
                : File.Exists(path) ? mount("/dev/null", path, null, Bind, null)
                : 0;
            if (result != 0)
            {
                return Failed("hide", path);
            }
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

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int umount2(string target, int flags);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int chdir(string path);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int pivot_root(string newRoot, string putOld);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint realpath(string path, nint resolved);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int statvfs(string path, [Out] ulong[] buffer);
}
