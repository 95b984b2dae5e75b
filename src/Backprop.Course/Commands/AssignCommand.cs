using System.CommandLine;
using Backprop.Grading.Release;
using Backprop.Grading.Scoring;
using Backprop.Runner;

namespace Backprop.Course.Commands;

/// <summary><c>backprop assign</c>: writes the student release and Gradescope's autograder.zip.</summary>
internal sealed class AssignCommand : ICommand
{
    private readonly Option<string?> _out = CourseOptions.Path("--out", "Where to write (default: artifacts/assign under the repository root).");

    private readonly Option<string?> _root = CourseOptions.Path("--root", "The course repository (default: found from the current folder).");

    public Command Build(CommandContext context)
    {
        var command = new Command("assign", """
            Write the student release (answers stubbed) and the Gradescope autograder.zip.
            Writes DIR/student/ (default DIR: artifacts/assign): the notebooks with every solution region replaced by a
            stub that throws NotImplementedException with its hint, outputs cleared, instructor-only cells removed, and
            Backprop.Kernel's sources with its solution regions stubbed, and the backprop command without assign and grade
            (setup, run, doctor, check), ready for 'dotnet build Backprop.Notebooks.sln'.
            Writes DIR/autograder.zip for Gradescope (setup.sh, run_autograder, source/). Same input, same bytes.
            """)
        {
            _out,
            _root,
        };
        context.SetAction(command, result => Run(result.GetValue(_out), result.GetValue(_root), context.Output.Writer, context.Error.Writer));
        return command;
    }

    private static int Run(string? outDir, string? root, TextWriter output, TextWriter error)
    {
        string start = root ?? Directory.GetCurrentDirectory();
        if (RepositoryLayout.Find(start) is not { } layout)
        {
            error.WriteLine($"backprop assign: No Backprop.Notebooks.sln at or above {start}. Run the command inside the course repository, or pass --root.");
            return 2;
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
            return 0;
        }
        catch (InvalidDataException e)
        {
            error.WriteLine($"backprop assign: {e.Message}");
            return 1;
        }
    }
}
