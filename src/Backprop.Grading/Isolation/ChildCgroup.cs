using System.Globalization;

namespace Backprop.Grading.Isolation;

/// <summary>
/// A control group of one child, where the host lets the grader make one: a cap on its tasks (processes and threads,
/// <c>pids.max</c>) and on its memory (<c>memory.max</c>, or v1's <c>memory.limit_in_bytes</c>, which also counts what
/// it writes to its tmpfs), below the grader's own group. The child joins it itself, first thing, while it is still
/// root; when the child ends, every task left in the group is killed and the group removed. Where no group is
/// writable (a normal user, a container without cgroup delegation), the child is bounded by its rlimits alone, and
/// the plan says so.
/// </summary>
internal sealed class ChildCgroup : IDisposable
{
    private static readonly Lazy<(string[] Parents, bool V2, string? Problem)> Support = new(Detect);
    private static long _next;
    private readonly string[] _folders;
    private readonly bool _v2;

    private ChildCgroup(string[] folders, bool v2) => (_folders, _v2) = (folders, v2);

    /// <summary>Why there are no cgroups here, or null when there are.</summary>
    public static string? Problem => Support.Value.Problem;

    /// <summary>The files the child writes "0" to, to join its group (one per v1 hierarchy, one in v2).</summary>
    public string[] JoinFiles => [.. _folders.Select(f => Path.Combine(f, "cgroup.procs"))];

    /// <summary>A new group with these limits, or null where there are none (see <see cref="Problem"/>).</summary>
    /// <param name="tasks">The most tasks (processes and threads).</param>
    /// <param name="memoryBytes">The most memory.</param>
    public static ChildCgroup? Create(int tasks, long memoryBytes)
    {
        var (parents, v2, problem) = Support.Value;
        if (problem is not null)
        {
            return null;
        }

        string name = $"backprop-{Environment.ProcessId}-{Interlocked.Increment(ref _next)}";
        var folders = new List<string>();
        try
        {
            foreach (string parent in parents)
            {
                string folder = Path.Combine(parent, name);
                Directory.CreateDirectory(folder);
                folders.Add(folder);
                bool pids = v2 || File.Exists(Path.Combine(folder, "pids.max"));
                if (pids)
                {
                    File.WriteAllText(Path.Combine(folder, "pids.max"), tasks.ToString(CultureInfo.InvariantCulture));
                }

                if (v2)
                {
                    File.WriteAllText(Path.Combine(folder, "memory.max"), memoryBytes.ToString(CultureInfo.InvariantCulture));
                }
                else if (File.Exists(Path.Combine(folder, "memory.limit_in_bytes")))
                {
                    File.WriteAllText(Path.Combine(folder, "memory.limit_in_bytes"), memoryBytes.ToString(CultureInfo.InvariantCulture));
                }
            }

            return new ChildCgroup([.. folders], v2);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            new ChildCgroup([.. folders], v2).Dispose();
            return null;
        }
    }

    /// <summary>Kills every task still in the group, then removes it (retrying while the tasks exit).</summary>
    public void Dispose()
    {
        foreach (string folder in _folders)
        {
            Kill(folder);
        }

        for (int attempt = 0; attempt < 50 && _folders.Any(Directory.Exists); attempt++)
        {
            foreach (string folder in _folders.Where(Directory.Exists))
            {
                try
                {
                    Directory.Delete(folder);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                }
            }

            if (_folders.Any(Directory.Exists))
            {
                Thread.Sleep(20);
            }
        }
    }

    private void Kill(string folder)
    {
        try
        {
            if (_v2 && File.Exists(Path.Combine(folder, "cgroup.kill")))
            {
                File.WriteAllText(Path.Combine(folder, "cgroup.kill"), "1");
                return;
            }

            foreach (string line in File.ReadAllLines(Path.Combine(folder, "cgroup.procs")))
            {
                if (int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
                {
                    try
                    {
                        using var process = System.Diagnostics.Process.GetProcessById(pid);
                        process.Kill();
                    }
                    catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
                    {
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    /// <summary>The grader's own groups (v1: the pids and memory hierarchies; else v2 with both controllers delegated), if writable.</summary>
    private static (string[] Parents, bool V2, string? Problem) Detect()
    {
        if (!OperatingSystem.IsLinux())
        {
            return ([], false, "cgroups exist on Linux only");
        }

        try
        {
            var own = File.ReadAllLines("/proc/self/cgroup").Select(l => l.Split(':', 3)).Where(f => f.Length == 3).ToList();
            var mounts = File.ReadAllLines("/proc/self/mountinfo").Select(l => l.Split(' ')).Where(f => f.Length > 9).Select(f =>
            {
                int dash = Array.IndexOf(f, "-");
                return (Root: f[3], Point: f[4], Type: dash > 0 ? f[dash + 1] : "", Options: dash > 0 && dash + 3 < f.Length ? f[dash + 3].Split(',') : []);
            }).ToList();

            string? V1(string controller)
            {
                var line = own.FirstOrDefault(f => f[1].Split(',').Contains(controller));
                var mount = mounts.FirstOrDefault(m => m.Type == "cgroup" && m.Options.Contains(controller));
                return line is null || mount.Point is null ? null : Under(mount.Point, mount.Root, line[2]);
            }

            string[] v1 = [.. new[] { V1("pids"), V1("memory") }.OfType<string>()];
            if (v1.Length == 2 && v1.All(Writable))
            {
                Sweep(v1);
                return (v1, false, null);
            }

            var unified = own.FirstOrDefault(f => f[0] == "0" && f[1] == "");
            var v2Mount = mounts.FirstOrDefault(m => m.Type == "cgroup2");
            if (unified is not null && v2Mount.Point is not null)
            {
                string parent = Under(v2Mount.Point, v2Mount.Root, unified[2]);
                string[] delegated = File.ReadAllText(Path.Combine(parent, "cgroup.subtree_control")).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (delegated.Contains("pids") && delegated.Contains("memory") && Writable(parent))
                {
                    Sweep([parent]);
                    return ([parent], true, null);
                }
            }

            return ([], false, "no writable cgroup with the pids and memory controllers (v1, or v2 with both in cgroup.subtree_control)");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return ([], false, "the cgroups could not be read: " + e.Message);
        }
    }

    /// <summary>The folder of group <paramref name="path"/> in a hierarchy mounted at <paramref name="point"/> from <paramref name="root"/>.</summary>
    private static string Under(string point, string root, string path)
    {
        string relative = Path.GetRelativePath(root, path);
        return relative == "." ? point : Path.Combine(point, relative);
    }

    private static bool Writable(string folder)
    {
        string probe = Path.Combine(folder, $"backprop-probe-{Environment.ProcessId}");
        try
        {
            Directory.CreateDirectory(probe);
            Directory.Delete(probe);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Removes the empty groups of graders that are gone (a grader killed with SIGKILL cannot remove its own).</summary>
    private static void Sweep(string[] parents)
    {
        foreach (string folder in parents.SelectMany(p => Directory.EnumerateDirectories(p, "backprop-*")))
        {
            var parts = Path.GetFileName(folder).Split('-');
            if (parts.Length == 3 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int pid) && !Directory.Exists($"/proc/{pid}"))
            {
                try
                {
                    Directory.Delete(folder);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                }
            }
        }
    }
}
