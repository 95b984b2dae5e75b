using System.IO.Compression;
using System.Text;

namespace Backprop.Grading.Release;

/// <summary>
/// Writes Gradescope's autograder.zip: <c>setup.sh</c> (installs the .NET 10 SDK on Ubuntu and publishes the grader
/// from source), <c>run_autograder</c> (grades /autograder/submission into /autograder/results/results.json) and
/// <c>source/</c>. Byte-identical for identical input: sorted entries, a fixed timestamp, fixed permissions, no
/// absolute paths.
/// </summary>
public static class AutograderBundle
{
    /// <summary>The timestamp of every entry (the earliest a zip can hold).</summary>
    public static readonly DateTimeOffset Timestamp = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The Unix mode of a regular file with permissions 0755 (S_IFREG | 0755, octal 100755).</summary>
    public const int RegularExecutable = 0x8000 | 0x1ED;

    /// <summary>The Unix mode of a regular file with permissions 0644 (S_IFREG | 0644, octal 100644).</summary>
    public const int RegularFile = 0x8000 | 0x1A4;

    /// <summary>Repository folders the grader is built from.</summary>
    public static IReadOnlyList<string> SourceFolders { get; } = ["src"];

    /// <summary>The script setup.sh publishes the grader with (the benchmark uses it too).</summary>
    public const string PublishScript = "eng/publish-grader.sh";

    /// <summary>Writes the zip and returns its entry names.</summary>
    /// <param name="root">The repository root.</param>
    /// <param name="zipPath">The autograder.zip to write.</param>
    public static IReadOnlyList<string> Write(string root, string zipPath) => Write(root, zipPath, null);

    /// <summary>Writes the zip with <paramref name="pointsJson"/> as its notebooks/grading.json (null: the repository's), and returns its entry names.</summary>
    /// <param name="root">The repository root.</param>
    /// <param name="zipPath">The autograder.zip to write.</param>
    /// <param name="pointsJson">The release's points file, e.g. a staged release's subset.</param>
    public static IReadOnlyList<string> Write(string root, string zipPath, string? pointsJson)
    {
        var entries = new SortedDictionary<string, (byte[] Bytes, bool Executable)>(StringComparer.Ordinal)
        {
            ["setup.sh"] = (Encoding.UTF8.GetBytes(SetupScript), true),
            ["run_autograder"] = (Encoding.UTF8.GetBytes(RunScript), true),
        };
        var sources = StudentRelease.BuildFiles.Append("notebooks/grading.json").Append(PublishScript).Where(f => File.Exists(Path.Combine(root, f)))
            .Concat(SourceFolders.SelectMany(f => RepositoryFiles.Under(root, f)));
        foreach (string relative in sources)
        {
            entries["source/" + relative] = (File.ReadAllBytes(Path.Combine(root, relative)), relative.EndsWith(".sh", StringComparison.Ordinal));
        }

        if (pointsJson is not null)
        {
            entries["source/notebooks/grading.json"] = (Encoding.UTF8.GetBytes(pointsJson), false); // built into the grader: it grades these items only
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(zipPath))!);
        using (var file = File.Create(zipPath))
        using (var zip = new ZipArchive(file, ZipArchiveMode.Create))
        {
            foreach (var (name, (bytes, executable)) in entries)
            {
                var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
                entry.LastWriteTime = Timestamp;
                entry.ExternalAttributes = (executable ? RegularExecutable : RegularFile) << 16; // Unix mode in the high 16 bits
                using var stream = entry.Open();
                stream.Write(bytes);
            }
        }

        return entries.Keys.ToArray();
    }

    /// <summary>Gradescope's setup step: the SDK, then the grader published from source/.</summary>
    public const string SetupScript = """
        #!/usr/bin/env bash
        # Gradescope setup: install the .NET 10 SDK and publish the grader from source/ into /autograder/grader.
        # AUTOGRADER_ROOT lets a test run it in a temp folder; an SDK 10 already on the machine is used as it is.
        set -euo pipefail
        export DEBIAN_FRONTEND=noninteractive DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
        ROOT="${AUTOGRADER_ROOT:-/autograder}"
        if ! command -v dotnet >/dev/null 2>&1 || ! dotnet --list-sdks | grep -q '^10\.'; then
          apt-get update
          apt-get install -y --no-install-recommends ca-certificates curl libicu-dev util-linux
          curl -sSL https://dot.net/v1/dotnet-install.sh -o /tmp/dotnet-install.sh
          bash /tmp/dotnet-install.sh --channel 10.0 --install-dir /usr/share/dotnet
          ln -sf /usr/share/dotnet/dotnet /usr/bin/dotnet
        fi
        # Gradescope unzips autograder.zip into /autograder/source, so the zip's source/ folder is beside this script:
        # /autograder/source/source. Found from the script's own place, whatever the current folder.
        BUNDLE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
        cd "$BUNDLE/source"
        # Precompiled (ReadyToRun) grader, and a self-contained sandbox whose Roslyn and framework are compiled together:
        # one submission is graded in about a second.
        bash eng/publish-grader.sh "$ROOT/grader"
        echo "setup: grader published to $ROOT/grader"
        # Student code runs as a uid of its own per child (no account), in new namespaces (util-linux unshare), under a
        # syscall filter and rlimits; the grader prints which layers are active and records them in results.json.
        # Those uids must reach the sandbox's binaries (publish-grader.sh leaves them nothing else of the grader)
        # and, when the sandbox is not self-contained, the runtime: read and traverse, nothing more.
        chmod a+x "$ROOT"
        chmod -R a+rX "$(dirname "$(readlink -f "$(command -v dotnet)")")"
        # The bundle itself (the sources: hidden cases' seeds, reference answers, and their build output) is root's alone.
        chmod -R go-rwx "$BUNDLE"

        """;

    /// <summary>Gradescope's per-submission step; AUTOGRADER_ROOT and BACKPROP_GRADER let tests run it in a temp folder.</summary>
    public const string RunScript = """
        #!/usr/bin/env bash
        # Gradescope runs this once per submission: every notebook in submission/ together is one submission,
        # graded into results/results.json (and results/feedback.md). Student code runs in a sandboxed child process.
        set -uo pipefail
        ROOT="${AUTOGRADER_ROOT:-/autograder}"
        GRADER="${BACKPROP_GRADER:-$ROOT/grader/backprop}"
        mkdir -p "$ROOT/results"
        cd "$ROOT"
        $GRADER grade "$ROOT/submission" --single --out "$ROOT/results"
        status=$?
        if [ ! -s "$ROOT/results/results.json" ]; then
          cat > "$ROOT/results/results.json" <<'JSON'
        {"score": 0, "output": "The autograder could not grade this submission (an internal error, not your fault). Please tell your instructor.", "tests": []}
        JSON
        fi
        exit $status

        """;
}
