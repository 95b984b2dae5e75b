using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Backprop.Grading.Isolation;

namespace Backprop.Grading.Tests.Hostile;

/// <summary>
/// Each OS layer alone, then all together, against the same probe: code that got past the API gate and tries to write
/// outside its temp folder (into a root-owned folder and a world-writable one), read a root-only file, connect to a
/// loopback socket the grader opened, start a program and signal the grader. Each layer must make the OS refuse the
/// attacks it is there for; writing to its private /tmp stays allowed, so the probe is shown to work.
/// </summary>
public sealed partial class OsLayerTests : IDisposable
{
    private readonly string _targets;
    private readonly TcpListener _listener;

    public OsLayerTests()
    {
        // Outside /tmp (which the namespace layer replaces), where the child can see it.
        _targets = Path.Combine(AppContext.BaseDirectory, "escape-targets", Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path.Combine(_targets, "root-owned"));
        Directory.CreateDirectory(Path.Combine(_targets, "world-writable"));
        File.WriteAllText(Path.Combine(_targets, "root-only.txt"), "secret");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(_targets, (UnixFileMode)0b111_101_101);
            File.SetUnixFileMode(Path.Combine(_targets, "root-owned"), (UnixFileMode)0b111_101_101);
            File.SetUnixFileMode(Path.Combine(_targets, "world-writable"), (UnixFileMode)0b111_111_111);
            File.SetUnixFileMode(Path.Combine(_targets, "root-only.txt"), (UnixFileMode)0b110_000_000);
        }

        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Dispose();
        try
        {
            Directory.Delete(_targets, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private string ProbeBody => $$"""
        var r = new System.Text.StringBuilder("PROBE");
        void Try(string name, Action act) { try { act(); r.Append(" " + name + "=allowed"); } catch (Exception e) { r.Append(" " + name + "=refused(" + e.GetType().Name + ")"); } }
        Try("tmp", () => System.IO.File.WriteAllText(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "probe-{{Guid.NewGuid():N}}.txt"), "x"));
        Try("write-root-owned", () => System.IO.File.WriteAllText("{{_targets}}/root-owned/escape.txt", "x"));
        Try("write-world-writable", () => System.IO.File.WriteAllText("{{_targets}}/world-writable/escape.txt", "x"));
        Try("read-root-only", () => System.IO.File.ReadAllText("{{_targets}}/root-only.txt"));
        Try("socket", () => { using var c = new System.Net.Sockets.TcpClient(); c.Connect("127.0.0.1", {{((IPEndPoint)_listener.LocalEndpoint).Port}}); });
        Try("process", () => { using var p = System.Diagnostics.Process.Start("/bin/sh", "-c true"); p.WaitForExit(); });
        Try("signal-grader", () => { if (kill({{Environment.ProcessId}}, 0) != 0) throw new InvalidOperationException("errno " + System.Runtime.InteropServices.Marshal.GetLastPInvokeError()); });
        throw new Exception(r.ToString());
        """;

    private const string ProbeMembers = """
        [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)] static extern int kill(int pid, int sig);
        """;

    private Dictionary<string, string> Probe(IsolationLayers layers, out IReadOnlyList<string> active) =>
        Probe(SandboxOptions.Default with { Layers = layers }, ProbeBody, out active);

    private static Dictionary<string, string> Probe(SandboxOptions options, string body, out IReadOnlyList<string> active)
    {
        var layers = options.Layers;
        using var child = new SandboxProcess(options);
        Assert.Null(child.WaitReady());
        active = child.Layers;
        var outcome = child.Run(PastTheGate.Request("probe", PastTheGate.Build(body, ProbeMembers)), TimeSpan.FromSeconds(30));
        Assert.True(outcome.Outputs is not null, outcome.Problem);
        string report = outcome.Outputs[0].Problem ?? "";
        Assert.Contains("PROBE", report);
        Console.WriteLine($"{layers}: {report}");
        return ProbeResult().Matches(report).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["verdict"].Value);
    }

    private static void Refused(Dictionary<string, string> results, params string[] attacks)
    {
        Assert.Equal("allowed", results["tmp"]); // the probe itself works: its private temp folder is writable
        foreach (string attack in attacks)
        {
            Assert.True(results.ContainsKey(attack), $"{attack} missing from {string.Join(", ", results)}");
            Assert.True(results[attack].StartsWith("refused", StringComparison.Ordinal), $"{attack}: {results[attack]} (all: {string.Join(", ", results)})");
        }
    }

    [Fact]
    public void Without_os_layers_the_probe_gets_through_which_is_why_the_layers_exist()
    {
        var results = Probe(IsolationLayers.None, out var active);
        Assert.DoesNotContain(active, l => l.StartsWith("seccomp", StringComparison.Ordinal));
        Assert.Equal("allowed", results["write-world-writable"]);
        Assert.Equal("allowed", results["socket"]);
        Assert.Equal("allowed", results["process"]);
    }

    [LayerFact(IsolationLayers.UnprivilegedUser)]
    public void The_unprivileged_user_cannot_write_root_owned_folders_read_root_only_files_or_signal_the_grader()
    {
        var results = Probe(IsolationLayers.UnprivilegedUser, out var active);
        Assert.Contains(active, l => l.StartsWith("unprivileged-user", StringComparison.Ordinal));
        Refused(results, "write-root-owned", "read-root-only", "signal-grader");
    }

    [LayerFact(IsolationLayers.Namespaces)]
    public void The_namespaces_leave_no_network_no_writable_folder_but_tmp_and_no_grader_to_signal()
    {
        var results = Probe(IsolationLayers.Namespaces, out var active);
        Assert.Contains(active, l => l.StartsWith("namespaces", StringComparison.Ordinal));
        Refused(results, "write-root-owned", "write-world-writable", "socket", "signal-grader");
    }

    [LayerFact(IsolationLayers.SyscallFilter)]
    public void The_syscall_filter_refuses_sockets_new_programs_and_signals_to_other_processes()
    {
        var results = Probe(IsolationLayers.SyscallFilter, out var active);
        Assert.Contains("seccomp", active);
        Refused(results, "socket", "process", "signal-grader");
    }

    [LayerFact(IsolationLayers.ResourceLimits)]
    public void The_file_size_limit_stops_a_huge_file_in_the_private_temp_folder()
    {
        var options = SandboxOptions.Default with { Layers = IsolationLayers.ResourceLimits, FileSizeLimitBytes = 1024 * 1024 };
        var outcome = PastTheGate.RunAlone(PastTheGate.Build("System.IO.File.WriteAllBytes(\"/tmp/big.bin\", new byte[8 * 1024 * 1024]); " + PastTheGate.Correct), options);
        Assert.False(PastTheGate.IsCorrect(outcome), "an 8 MB file was written under a 1 MB limit");
        string problem = outcome.Problem ?? outcome.Outputs![0].Problem!;
        Assert.True(problem.Contains("larger than the sandbox allows", StringComparison.Ordinal) || problem.Contains("IOException", StringComparison.Ordinal), problem);
    }

    [LayerFact(IsolationLayers.ResourceLimits)]
    public void The_address_space_limit_stops_native_memory_the_heap_limit_does_not_see()
    {
        // 1.5 GB of native memory, which the GC's heap limit never counts: refused 1 GB above start-up, allowed 8 GB above.
        const string body = "var block = System.Runtime.InteropServices.Marshal.AllocHGlobal((nint)(1536L * 1024 * 1024)); System.Runtime.InteropServices.Marshal.FreeHGlobal(block); " + PastTheGate.Correct;
        var limited = PastTheGate.RunAlone(PastTheGate.Build(body), SandboxOptions.Default with { Layers = IsolationLayers.ResourceLimits });
        Assert.False(PastTheGate.IsCorrect(limited), "1.5 GB of native memory was allocated under a 1 GB margin");
        Assert.Contains("ran out of memory", limited.Problem ?? limited.Outputs![0].Problem!);
        var roomy = PastTheGate.RunAlone(PastTheGate.Build(body), SandboxOptions.Default with { Layers = IsolationLayers.ResourceLimits, AddressSpaceMarginBytes = 8L << 30 });
        Assert.True(PastTheGate.IsCorrect(roomy), roomy.Problem ?? roomy.Outputs?[0].Problem);
    }

    [LayerFact(IsolationLayers.UnprivilegedUser)]
    public void All_layers_together_refuse_every_attack_of_a_route_the_API_gate_misses()
    {
        // The probe never met the API walk: this is what a route the API gate misses can do.
        var results = Probe(IsolationLayers.All, out var active);
        Assert.Contains("seccomp", active);
        Refused(results, "write-root-owned", "write-world-writable", "read-root-only", "socket", "process", "signal-grader");
        Assert.False(File.Exists(Path.Combine(_targets, "world-writable", "escape.txt")));
        Assert.False(File.Exists(Path.Combine(_targets, "root-owned", "escape.txt")));
    }

    [LayerFact(IsolationLayers.Namespaces)]
    public void A_hidden_folder_such_as_a_batchs_reports_cannot_be_read_listed_or_written()
    {
        // What `grade` hides in a batch: the submissions folder and the output folder with every student's reports.
        string reports = Path.Combine(_targets, "class-out");
        Directory.CreateDirectory(Path.Combine(reports, "other-student"));
        File.WriteAllText(Path.Combine(reports, "other-student", "results.json"), "{\"score\": 100}");
        if (!OperatingSystem.IsWindows())
        {
            // Writable by anyone, so only the mount namespace can be what refuses.
            File.SetUnixFileMode(reports, (UnixFileMode)0b111_111_111);
            File.SetUnixFileMode(Path.Combine(reports, "other-student"), (UnixFileMode)0b111_111_111);
            File.SetUnixFileMode(Path.Combine(reports, "other-student", "results.json"), (UnixFileMode)0b110_110_110);
        }
        string body = $$"""
            var r = new System.Text.StringBuilder("PROBE");
            void Try(string name, Action act) { try { act(); r.Append(" " + name + "=allowed"); } catch (Exception e) { r.Append(" " + name + "=refused(" + e.GetType().Name + ")"); } }
            Try("tmp", () => System.IO.File.WriteAllText(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "probe.txt"), "x"));
            Try("read-report", () => System.IO.File.ReadAllText("{{reports}}/other-student/results.json"));
            Try("list-reports", () => { if (System.IO.Directory.GetFileSystemEntries("{{reports}}").Length == 0) throw new System.IO.IOException("empty"); });
            Try("overwrite-report", () => System.IO.File.WriteAllText("{{reports}}/other-student/results.json", "forged"));
            Try("add-report", () => System.IO.File.WriteAllText("{{reports}}/forged.json", "x"));
            throw new Exception(r.ToString());
            """;
        // Here inside the test's own folder, which a minimal root binds read-only: covered there too.
        foreach (var layers in new[] { IsolationLayers.Namespaces, IsolationLayers.Namespaces | IsolationLayers.MinimalRoot })
        {
            var results = Probe(SandboxOptions.Default with { Layers = layers, HiddenPaths = [reports] }, body, out _);
            Refused(results, "read-report", "list-reports", "overwrite-report", "add-report");
        }

        Assert.Equal("{\"score\": 100}", File.ReadAllText(Path.Combine(reports, "other-student", "results.json")));
        Assert.Equal(["other-student"], Directory.GetFileSystemEntries(reports).Select(Path.GetFileName));
    }

    [GeneratedRegex(@" (?<name>[a-z-]+)=(?<verdict>allowed|refused\([A-Za-z0-9]*\))")]
    private static partial Regex ProbeResult();
}
