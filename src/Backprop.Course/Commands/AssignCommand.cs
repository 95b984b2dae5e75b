using Backprop.Grading.Release;
using Backprop.Grading.Scoring;
using Backprop.Runner;

namespace Backprop.Course.Commands;

/// <summary><c>backprop assign</c>: writes the student release and Gradescope's autograder.zip.</summary>
internal sealed class AssignCommand : ICommand
{
    public string Name => "assign";

    public string Summary => "Write the student release (answers stubbed) and the Gradescope autograder.zip.";

    public string Usage => """
        Usage: backprop assign [--out DIR] [--root DIR]

        Writes DIR/student/ (default DIR: artifacts/assign): the notebooks with every solution region replaced by a
        stub that throws NotImplementedException with its hint, outputs cleared, instructor-only cells removed, and
        Backprop.Kernel's sources with its solution regions stubbed, and the backprop command without assign and grade
        (setup, run, doctor, check), ready for 'dotnet build Backprop.Notebooks.sln'.
        Writes DIR/autograder.zip for Gradescope (setup.sh, run_autograder, source/). Same input, same bytes.

          --out DIR    where to write (default artifacts/assign under the repository root)
          --root DIR   the course repository (default: found from the current folder)
        """;

    public Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        string? outDir = null, root = null;
        for (int i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--out": outDir = Value(args, ++i, "--out"); break;
                case "--root": root = Value(args, ++i, "--root"); break;
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
            PointsFile.Validate(root); // every id of notebooks/grading.json must be a row of the table, and every row in it
            var files = StudentRelease.Write(root, Path.Combine(outDir, "student"));
            var entries = AutograderBundle.Write(root, Path.Combine(outDir, "autograder.zip"));
            output.WriteLine($"assign: student release with {files.Count} files in {Path.Combine(outDir, "student")} ({files.Count(f => f.EndsWith(".ipynb", StringComparison.Ordinal))} notebooks).");
            output.WriteLine($"assign: {Path.Combine(outDir, "autograder.zip")} with {entries.Count} entries; upload it to Gradescope (Autograder settings → Zip file upload).");
            return Task.FromResult(0);
        }
        catch (InvalidDataException e)
        {
            error.WriteLine($"backprop assign: {e.Message}");
            return Task.FromResult(1);
        }
    }

    internal static string Value(IReadOnlyList<string> args, int i, string option) =>
        i < args.Count && !args[i].StartsWith("--", StringComparison.Ordinal) ? args[i] : throw new UsageException($"{option} needs a value.");
}
