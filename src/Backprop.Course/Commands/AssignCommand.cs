using Backprop.Grading.Release;
using Backprop.Runner;

namespace Backprop.Course.Commands;

/// <summary><c>backprop assign</c>: writes the student release and Gradescope's autograder.zip.</summary>
internal sealed class AssignCommand : ICommand
{
    public string Name => "assign";

    public string Summary => "Write the student release (answers stubbed) and the Gradescope autograder.zip.";

    public string Usage => """
        Usage: backprop assign [--mode homework|tutorial] [--out DIR] [--root DIR]

        Writes DIR/student/ (default DIR: artifacts/assign): the notebooks with every code solution region replaced by
        a stub that throws NotImplementedException with its nudge, outputs cleared, instructor-only cells removed, and
        Backprop.Kernel's sources with its solution regions stubbed, and the backprop command without assign and grade
        (setup, run, doctor, check), ready for 'dotnet build Backprop.Notebooks.sln'.
        Writes DIR/autograder.zip for Gradescope (setup.sh, run_autograder, source/). Same input, same bytes.

          --mode homework   (default) every derivation and boxed result (Markdown solution regions) is replaced by
                            its question, followed by a cell for the written derivation
          --mode tutorial   the derivations stay in the notebooks, for self-study and lectures
          --out DIR         where to write (default artifacts/assign under the repository root)
          --root DIR        the course repository (default: found from the current folder)
        """;

    public Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        string? outDir = null, root = null;
        var mode = ReleaseMode.Homework;
        for (int i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--out": outDir = Value(args, ++i, "--out"); break;
                case "--root": root = Value(args, ++i, "--root"); break;
                case "--mode": mode = ParseMode(Value(args, ++i, "--mode")); break;
                default: throw new UsageException($"unknown option '{args[i]}'.");
            }
        }

        string start = root ?? Directory.GetCurrentDirectory();
        if (RepositoryLayout.Find(start) is not { } layout)
        {
            error.WriteLine($"backprop assign: No Backprop.Notebooks.sln at or above {start}. Run the command inside the course repository, or pass --root.");
            return Task.FromResult(2);
        }

        root = layout.Root;
        outDir = Path.GetFullPath(outDir ?? Path.Combine(root, "artifacts", "assign"));
        try
        {
            var files = StudentRelease.Write(root, Path.Combine(outDir, "student"), mode);
            var entries = AutograderBundle.Write(root, Path.Combine(outDir, "autograder.zip"));
            output.WriteLine($"assign: {mode.ToString().ToLowerInvariant()} release with {files.Count} files in {Path.Combine(outDir, "student")} ({files.Count(f => f.EndsWith(".ipynb", StringComparison.Ordinal))} notebooks).");
            output.WriteLine($"assign: {Path.Combine(outDir, "autograder.zip")} with {entries.Count} entries; upload it to Gradescope (Autograder settings → Zip file upload).");
            return Task.FromResult(0);
        }
        catch (InvalidDataException e)
        {
            error.WriteLine($"backprop assign: {e.Message}");
            return Task.FromResult(1);
        }
    }

    internal static ReleaseMode ParseMode(string value) => value switch
    {
        "homework" => ReleaseMode.Homework,
        "tutorial" => ReleaseMode.Tutorial,
        _ => throw new UsageException($"--mode must be 'homework' or 'tutorial', not '{value}'."),
    };

    internal static string Value(IReadOnlyList<string> args, int i, string option) =>
        i < args.Count && !args[i].StartsWith("--", StringComparison.Ordinal) ? args[i] : throw new UsageException($"{option} needs a value.");
}
