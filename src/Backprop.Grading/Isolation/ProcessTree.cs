using System.Diagnostics;

namespace Backprop.Grading.Isolation;

/// <summary>
/// Kills a child and everything under it at once. <see cref="Process.Kill(bool)"/> with a whole tree first stops each
/// process (SIGSTOP) and then kills it; a grader that exits between the two (a test host shutting down, a Ctrl+C)
/// would leave a stopped sandbox behind until its parent-death signal or watchdog ends it. Here every process of the
/// tree gets SIGKILL, the deepest first, read from /proc on Linux.
/// </summary>
internal static class ProcessTree
{
    /// <summary>Kills <paramref name="root"/> and its descendants; no-op for a process that has exited.</summary>
    /// <param name="root">The child process.</param>
    public static void Kill(Process root)
    {
        if (!OperatingSystem.IsLinux())
        {
            root.Kill(entireProcessTree: true);
            return;
        }

        foreach (int pid in Enumerable.Reverse(Descendants(root.Id)))
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill();
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // gone already
            }
        }

        root.Kill();
    }

    /// <summary>The descendants of <paramref name="pid"/>, parents before children, from /proc/PID/task/TID/children.</summary>
    private static List<int> Descendants(int pid)
    {
        var found = new List<int>();
        var seen = new HashSet<int>();
        var pending = new Queue<int>([pid]);
        while (pending.Count > 0 && found.Count < 10_000)
        {
            int parent = pending.Dequeue();
            string tasks = $"/proc/{parent}/task";
            if (!Directory.Exists(tasks))
            {
                continue;
            }

            foreach (string task in Directory.EnumerateDirectories(tasks))
            {
                string text;
                try
                {
                    text = File.ReadAllText(Path.Combine(task, "children"));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    continue;
                }

                foreach (string child in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    if (int.TryParse(child, out int id) && seen.Add(id))
                    {
                        found.Add(id);
                        pending.Enqueue(id);
                    }
                }
            }
        }

        return found;
    }
}
