using System.Diagnostics;
using Backprop.Grading.Isolation;

namespace Backprop.Grading.Tests.Hostile;

/// <summary>
/// Whether anything of a grading outlives the grader. A separate grader process (`backprop grade`, run from /tmp as a
/// benchmark or a test harness runs it, so its folder is bound into each child's minimal root, over the child's own
/// /tmp; without a minimal root, /tmp cannot be covered and the children need another temp folder) grades a
/// submission whose answer never returns; it is killed with SIGKILL mid-item, so no cleanup code of its own runs.
/// Every process it started (util-linux unshare, the compile and run children) must then be gone, and nothing of it
/// left in its temp folder.
/// </summary>
public sealed class LifetimeTests : IDisposable
{
    private readonly string _grader = TestPaths.NewTempFolder("killed-grader");

    public void Dispose()
    {
        foreach (int pid in ProcessesUnder(_grader))
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill();
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
            }
        }

        try
        {
            Directory.Delete(_grader, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    [LayerFact(IsolationLayers.Namespaces)]
    public void Killing_the_grader_mid_item_leaves_no_process_and_no_folder_behind()
    {
        foreach (string file in Directory.EnumerateFiles(AppContext.BaseDirectory)
            .Concat(Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, Backprop.Grading.Sandbox.AnswerReferences.Folder))))
        {
            string copy = Path.Combine(_grader, Path.GetRelativePath(AppContext.BaseDirectory, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }

        string work = Directory.CreateDirectory(Path.Combine(_grader, "work")).FullName;
        string temp = Directory.CreateDirectory(Path.Combine(_grader, "temp")).FullName;
        string notebook = Path.Combine(work, "stuck.ipynb");
        File.WriteAllText(notebook, Submissions.Replace(Submissions.SolutionText, "    return error;", "    while (true) { }"));
        var start = new ProcessStartInfo(DotnetHost.Path) { WorkingDirectory = work, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[] { Path.Combine(_grader, "backprop.dll"), "grade", notebook, "--out", Path.Combine(work, "out"), "--timeout", "120" })
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["TMPDIR"] = temp;
        using var grader = Process.Start(start)!;
        grader.OutputDataReceived += (_, _) => { };
        grader.ErrorDataReceived += (_, _) => { };
        grader.BeginOutputReadLine();
        grader.BeginErrorReadLine();

        // Wait until a run child is at work, then give the items before the stuck one time to pass.
        var clock = Stopwatch.StartNew();
        while (!ProcessesUnder(_grader).Any(pid => CommandLine(pid).Contains(" run", StringComparison.Ordinal)) && clock.Elapsed < TimeSpan.FromSeconds(90))
        {
            Assert.False(grader.HasExited, "the grader ended before it ran anything");
            Thread.Sleep(100);
        }

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(90), "no run child started within 90 s");
        Thread.Sleep(3000);
        Assert.False(grader.HasExited, "the grader finished: the answer was meant to keep it busy");
        Assert.Contains(ProcessesUnder(_grader), pid => CommandLine(pid).Contains(" compile", StringComparison.Ordinal)); // answers compiled: a pooled compile child
        Assert.True(ProcessesUnder(_grader).Count >= 2, "expected the grader's children to be running");
        grader.Kill(entireProcessTree: false); // SIGKILL to the grader alone
        grader.WaitForExit();

        clock.Restart();
        while (ProcessesUnder(_grader).Count > 0 && clock.Elapsed < TimeSpan.FromSeconds(15))
        {
            Thread.Sleep(100);
        }

        var left = ProcessesUnder(_grader).Select(pid => pid + ": " + CommandLine(pid)).ToList();
        Assert.True(left.Count == 0, "still running 15 s after the grader was killed:\n" + string.Join("\n", left));
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(temp), e => Path.GetFileName(e).StartsWith("backprop-sandbox", StringComparison.Ordinal));
    }

    /// <summary>Every process whose command line names the copied grader's folder (the grader, unshare, the children).</summary>
    private static List<int> ProcessesUnder(string folder) =>
        Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out int pid) ? pid : -1)
            .Where(pid => pid > 0 && pid != Environment.ProcessId && CommandLine(pid).Contains(folder, StringComparison.Ordinal))
            .ToList();

    private static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
