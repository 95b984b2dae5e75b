using System.Runtime.InteropServices;
using Backprop.Grading.Isolation;

namespace Backprop.Grading.Tests.Hostile;

/// <summary>
/// What two children could share: the kernel keyring of their uid (a key outlives the child that added it) and the
/// per-uid process count. Each child runs as a uid of its own, and the syscall filter refuses the keyring calls, so
/// a key one child leaves is not there for the next, and a child that holds every thread it may have does not stop a
/// correct submission graded beside it.
/// </summary>
public sealed class SharingTests
{
    private const string Members = """
        [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)] static extern long syscall(long number, string type, string description, byte[] payload, nint length, int keyring);
        [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)] static extern long syscall(long number, int operation, int keyring, string type, string description, int destination);
        static int Errno() => System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
        """;

    // add_key and keyctl by number (x86-64 248/250, arm64 217/219); -4 is the user keyring, 10 KEYCTL_SEARCH.
    private static string KeyBody(string description) => $$"""
        bool arm = System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture == System.Runtime.InteropServices.Architecture.Arm64;
        long found = syscall(arm ? 219 : 250, 10, -4, "user", "{{description}}", 0);
        int foundErrno = Errno();
        long added = syscall(arm ? 217 : 248, "user", "{{description}}", new byte[] { 1, 2, 3 }, 3, -4);
        throw new Exception("PROBE found=" + found + "/" + foundErrno + " added=" + added + "/" + Errno());
        """;

    private static string Probe(SandboxOptions options, string body) => PastTheGate.Probe(body, Members, options);

    [LayerFact(IsolationLayers.UnprivilegedUser)]
    public void A_key_one_child_adds_is_not_in_the_next_childs_keyring()
    {
        Assert.True(RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64, "keyring numbers known for x86-64 and arm64 only");
        string description = "backprop-test-" + Guid.NewGuid().ToString("N")[..12];
        var userOnly = SandboxOptions.Default with { Layers = IsolationLayers.UnprivilegedUser };
        string first = Probe(userOnly, KeyBody(description));
        Assert.Contains("found=-1/126", first); // ENOKEY
        Assert.DoesNotContain("added=-1", first); // the user layer alone lets it add one, to its own uid's keyring
        string second = Probe(userOnly, KeyBody(description));
        Assert.Contains("found=-1/126", second); // a fresh uid: the first child's key is not there
    }

    [LayerFact(IsolationLayers.SyscallFilter)]
    public void The_syscall_filter_refuses_the_keyring()
    {
        string report = Probe(SandboxOptions.Default with { Layers = IsolationLayers.SyscallFilter }, KeyBody("backprop-test-" + Guid.NewGuid().ToString("N")[..12]));
        Assert.Contains("found=-1/1 ", report); // EPERM from the filter, not ENOKEY from the kernel
        Assert.Contains("added=-1/1", report);
    }

    [LayerFact(IsolationLayers.UnprivilegedUser)]
    public void A_child_holding_every_thread_it_may_have_does_not_fail_a_correct_submission_beside_it()
    {
        // Small stacks, so the address-space limit is not what stops it: threads until the kernel says no, then hold them.
        const string hog = """
            int n = 0;
            try { while (n < 5000) { var t = new System.Threading.Thread(() => System.Threading.Thread.Sleep(60_000), 64 * 1024) { IsBackground = true }; t.Start(); n++; } }
            catch (Exception) { }
            System.Threading.Thread.Sleep(60_000);
            return null;
            """;
        var options = SandboxOptions.Default;
        var hogging = Task.Run(() => PastTheGate.RunAlone(PastTheGate.Build(hog), options, seconds: 12));
        Thread.Sleep(4000); // the hog has its threads by now
        Assert.False(hogging.IsCompleted, "the hog ended before the correct submission ran");
        var correct = PastTheGate.RunAlone(PastTheGate.Build(PastTheGate.Correct), options);
        Assert.True(PastTheGate.IsCorrect(correct), correct.Problem ?? correct.Outputs?[0].Problem);
        Assert.False(PastTheGate.IsCorrect(hogging.Result));
    }

    [LayerFact(IsolationLayers.ResourceLimits, cgroup: true)]
    public void A_childs_own_cgroup_caps_its_threads_even_as_root()
    {
        // Root ignores RLIMIT_NPROC and, without the user layer, the child stays root: only its cgroup's pids.max counts.
        const string hog = """
            int n = 0;
            try { while (n < 3000) { var t = new System.Threading.Thread(() => System.Threading.Thread.Sleep(20_000), 64 * 1024) { IsBackground = true }; t.Start(); n++; } }
            catch (Exception) { }
            throw new Exception("PROBE threads=" + n);
            """;
        var outcome = PastTheGate.RunAlone(PastTheGate.Build(hog), SandboxOptions.Default with { Layers = IsolationLayers.ResourceLimits, TaskLimit = 200 });
        string report = outcome.Outputs?[0].Problem ?? outcome.Problem ?? "";
        Assert.Contains("PROBE threads=", report);
        int threads = int.Parse(report[(report.IndexOf("threads=", StringComparison.Ordinal) + 8)..].TrimEnd('.', ' '), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(threads, 1, 199); // the runtime's own threads count too
    }

    [LayerFact(IsolationLayers.None)]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void Two_graders_that_start_at_the_same_uid_never_hold_the_same_one()
    {
        // Two allocators at once from the same place in the range, as two graders whose random starts met: each holds
        // every uid it takes. flock is per open file, so two threads contend exactly as two processes would.
        string folder = TestPaths.NewTempFolder("uid-claims");
        Assert.Null(UidClaim.Prepare(folder));
        var range = new SandboxUidRange(1_750_000_000, 1000);
        const int each = 300;
        using var together = new Barrier(2);
        List<UidClaim> Allocate() { together.SignalAndWait(); return [.. Enumerable.Range(0, each).Select(_ => UidClaim.Take(range, 17, folder))]; }
        var first = Task.Run(Allocate);
        var second = Task.Run(Allocate);
        var claims = first.Result.Concat(second.Result).ToList();
        Assert.Equal(2 * each, claims.Select(c => c.Uid).Distinct().Count());

        // Given back, the first uid can be claimed again, and no claim file is left.
        claims.ForEach(c => c.Dispose());
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
        using var again = UidClaim.Take(range, 17, folder);
        Assert.Equal(1_750_000_017, again.Uid);
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void The_benchmark_setting_leaves_out_named_layers_only_and_reports_other_names()
    {
        var (layers, unknown) = SandboxOptions.ReadLeftOut(" minimalroot, SyscallFilter,Bogus,3 ,");
        Assert.Equal(IsolationLayers.MinimalRoot | IsolationLayers.SyscallFilter, layers);
        Assert.Equal(new[] { "Bogus", "3" }, unknown);
        var (none, noneUnknown) = SandboxOptions.ReadLeftOut(null);
        Assert.Equal(IsolationLayers.None, none);
        Assert.Empty(noneUnknown);
    }
}
