using System.Text.RegularExpressions;
using Backprop.Grading.Isolation;

namespace Backprop.Grading.Tests.Hostile;

/// <summary>
/// What a child can see of the host: in a minimal root, nothing but the runtime, the sandbox, the system libraries,
/// a few devices and its own /tmp. The probe lists /, reads /etc/passwd and looks for the repository, an autograder
/// bundle's source (the hidden cases) and another student's submission folder, planted beside the test's own folder
/// (outside every temp folder, so only the minimal root can be what hides them). Without the minimal root the same
/// probe finds them all, read-only.
/// </summary>
public sealed partial class MinimalRootTests : IDisposable
{
    private readonly string _planted = Path.Combine(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd('/'))!, "minimal-root-" + Guid.NewGuid().ToString("N")[..8]);

    public MinimalRootTests()
    {
        Directory.CreateDirectory(Path.Combine(_planted, "autograder", "source"));
        File.WriteAllText(Path.Combine(_planted, "autograder", "source", "HiddenCases.cs"), "// the secret seeds");
        Directory.CreateDirectory(Path.Combine(_planted, "submissions", "other-student"));
        File.WriteAllText(Path.Combine(_planted, "submissions", "other-student", "submission.ipynb"), "{}");
    }

    public void Dispose() => Directory.Delete(_planted, recursive: true);

    private string Body => $$"""
        var r = new System.Text.StringBuilder("PROBE");
        void Try(string name, Func<string> act) { try { r.Append(" " + name + "=" + act()); } catch (Exception e) { r.Append(" " + name + "=" + e.GetType().Name); } }
        string Seen(string path) => System.IO.File.Exists(path) || System.IO.Directory.Exists(path) ? "present" : "absent";
        Try("root", () => string.Join(",", System.Linq.Enumerable.Select(System.IO.Directory.GetFileSystemEntries("/"), System.IO.Path.GetFileName)));
        Try("passwd", () => System.IO.File.ReadAllText("/etc/passwd").Length > 0 ? "read" : "empty");
        Try("etc", () => Seen("/etc"));
        Try("repository", () => Seen("{{TestPaths.Root}}/README.md"));
        Try("git", () => Seen("{{TestPaths.Root}}/.git"));
        Try("sources", () => Seen("{{TestPaths.Root}}/src"));
        Try("bundle", () => Seen("{{_planted}}/autograder/source/HiddenCases.cs"));
        Try("bundle-folder", () => Seen("{{_planted}}/autograder"));
        Try("submission", () => Seen("{{_planted}}/submissions/other-student"));
        Try("tmp", () => { System.IO.File.WriteAllText("/tmp/probe.txt", "x"); return "written"; });
        Try("dev-null", () => { System.IO.File.WriteAllText("/dev/null", "x"); return "written"; });
        Try("urandom", () => { using var f = System.IO.File.OpenRead("/dev/urandom"); return f.Read(new byte[8], 0, 8) == 8 ? "read" : "short"; });
        throw new Exception(r.ToString());
        """;

    private Dictionary<string, string> Probe(IsolationLayers layers)
    {
        string report = PastTheGate.Probe(Body, "", SandboxOptions.Default with { Layers = layers });
        Console.WriteLine($"{layers}: {report}");
        return Result().Matches(report).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["value"].Value);
    }

    [LayerFact(IsolationLayers.Namespaces | IsolationLayers.MinimalRoot)]
    public void A_child_sees_nothing_of_the_host_but_what_it_needs()
    {
        var seen = Probe(IsolationLayers.All);
        Assert.Equal("FileNotFoundException", seen["passwd"].Replace("DirectoryNotFoundException", "FileNotFoundException", StringComparison.Ordinal));
        foreach (string name in new[] { "etc", "repository", "git", "sources", "bundle", "bundle-folder", "submission" })
        {
            Assert.True(seen[name] == "absent", $"{name}: {seen[name]} (all: {string.Join(", ", seen)})");
        }

        // What it needs still works: its own /tmp, and the devices (read-only mounts, yet writable devices).
        Assert.Equal("written", seen["tmp"]);
        Assert.Equal("written", seen["dev-null"]);
        Assert.Equal("read", seen["urandom"]);

        // Of the host's top-level entries, only those on the way to the runtime, the sandbox (here the test's own
        // folder) and the system libraries are there, besides /tmp and /dev.
        string[] needed = ["tmp", "dev", "lib", "lib64", "usr", First(AppContext.BaseDirectory), First(Path.GetDirectoryName(typeof(object).Assembly.Location)!)];
        var extra = seen["root"].Split(',').Except(needed).ToList();
        Assert.True(extra.Count == 0, $"the child's / holds {string.Join(", ", extra)} (all: {seen["root"]})");
        Assert.DoesNotContain("etc", seen["root"].Split(','));
    }

    [LayerFact(IsolationLayers.Namespaces)]
    public void Without_the_minimal_root_the_same_probe_sees_the_host_read_only()
    {
        var seen = Probe(IsolationLayers.All & ~IsolationLayers.MinimalRoot);
        Assert.Equal("read", seen["passwd"]);
        Assert.Equal("present", seen["repository"]);
        Assert.Equal("present", seen["bundle"]);
        Assert.Equal("present", seen["submission"]);
        Assert.Contains("etc", seen["root"].Split(','));
    }

    private static string First(string path) => path.TrimStart('/').Split('/')[0];

    [GeneratedRegex(@" (?<name>[a-z-]+)=(?<value>[^ ]*)")]
    private static partial Regex Result();
}
