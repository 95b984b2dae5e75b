using System.Diagnostics;
using System.IO.Compression;
using Backprop.Grading.Isolation;
using Backprop.Grading.Release;

namespace Backprop.Grading.Tests.Hostile;

/// <summary>
/// What a child's uid can read of the autograder in Gradescope's layout: autograder.zip unzipped into ROOT/source,
/// its setup.sh run from there (with a stand-in for dotnet that publishes empty files, so the test takes seconds; the
/// file modes are those setup.sh and eng/publish-grader.sh set). Every file below ROOT is then read as a sandbox uid:
/// only the published sandbox may be readable, never the sources with the hidden cases and reference answers.
/// </summary>
public sealed class BundleVisibilityTests
{
    private const string FakeDotnet = """
        #!/usr/bin/env bash
        # Stands in for dotnet in setup.sh: an SDK 10, and a publish that writes one file into its -o folder.
        case "$1" in
          --list-sdks) echo "10.0.100 [/fake]" ;;
          publish) out=""; while [ $# -gt 0 ]; do [ "$1" = -o ] && out="$2"; shift; done; mkdir -p "$out"; echo published > "$out/published.dll" ;;
        esac
        """;

    [LayerFact(IsolationLayers.UnprivilegedUser)]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void A_sandbox_uid_reads_nothing_of_the_bundle_but_the_published_sandbox()
    {
        string work = TestPaths.NewTempFolder("bundle-layout");
        string root = Path.Combine(work, "autograder");
        string zip = Path.Combine(work, "autograder.zip");
        AutograderBundle.Write(TestPaths.Root, zip);
        ZipFile.ExtractToDirectory(zip, Path.Combine(root, "source")); // keeps the zip's file modes, as unzip does
        string bin = Directory.CreateDirectory(Path.Combine(work, "bin")).FullName;
        File.WriteAllText(Path.Combine(bin, "dotnet"), FakeDotnet);
        File.SetUnixFileMode(Path.Combine(bin, "dotnet"), (UnixFileMode)0b111_101_101);
        File.SetUnixFileMode(work, (UnixFileMode)0b111_101_101);

        var setup = new ProcessStartInfo("bash", [Path.Combine(root, "source", "setup.sh")]) { RedirectStandardOutput = true, RedirectStandardError = true };
        setup.Environment["AUTOGRADER_ROOT"] = root;
        setup.Environment["PATH"] = bin + ":/usr/bin:/bin";
        var (code, log) = Run(setup);
        Assert.True(code == 0, "setup.sh failed:\n" + log);

        string[] files = [.. Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)];
        Assert.Contains(files, f => f.EndsWith("HiddenCases.cs", StringComparison.Ordinal)); // the secret seeds are in the bundle
        Assert.Contains(Path.Combine(root, "grader", "sandbox", "published.dll"), files);

        // As a uid with no account, read one byte of every file; print those that could be read.
        using var claim = IsolationPlan.For(SandboxOptions.Default).NextUid();
        int uid = claim.Uid;
        var probe = new ProcessStartInfo("setpriv", ["--reuid", uid.ToString(System.Globalization.CultureInfo.InvariantCulture), "--regid", uid.ToString(System.Globalization.CultureInfo.InvariantCulture), "--clear-groups", "--",
            "sh", "-c", "while IFS= read -r f; do head -c 1 \"$f\" >/dev/null 2>&1 && echo \"$f\"; done"])
        { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var reader = Process.Start(probe)!;
        var output = reader.StandardOutput.ReadToEndAsync();
        reader.StandardInput.Write(string.Join("\n", files) + "\n");
        reader.StandardInput.Close();
        Assert.True(reader.WaitForExit(60_000), "the probe did not finish");
        var readable = output.GetAwaiter().GetResult().Split('\n', StringSplitOptions.RemoveEmptyEntries);

        string sandbox = Path.Combine(root, "grader", "sandbox") + "/";
        Assert.Contains(Path.Combine(root, "grader", "sandbox", "published.dll"), readable); // the probe can read: what the child needs
        var leaked = readable.Where(f => !f.StartsWith(sandbox, StringComparison.Ordinal)).ToList();
        Assert.True(leaked.Count == 0, $"{leaked.Count} of {files.Length} files readable by uid {uid}, e.g.:\n" + string.Join("\n", leaked.Take(10)));
        Directory.Delete(work, recursive: true);
    }

    private static (int Code, string Log) Run(ProcessStartInfo start)
    {
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(120_000), "did not finish within 2 minutes");
        return (process.ExitCode, stdout.GetAwaiter().GetResult() + stderr.GetAwaiter().GetResult());
    }
}
