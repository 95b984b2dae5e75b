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

    private readonly Option<ReleaseMode> _mode = new("--mode")
    {
        Description = "homework (default): every derivation and boxed result (a Markdown solution region) becomes its question, followed by a cell for the written derivation. tutorial: the derivations stay, for self-study and lectures.",
        HelpName = "homework|tutorial",
        DefaultValueFactory = _ => ReleaseMode.Homework,
        CustomParser = result =>
        {
            string value = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (ParseMode(value) is { } mode)
            {
                return mode;
            }

            result.AddError($"--mode must be 'homework' or 'tutorial', not '{value}'.");
            return ReleaseMode.Homework;
        },
    };

    private readonly Option<string?> _notebooks = new("--notebooks")
    {
        Description = "Release only these notebooks, by their two-digit prefixes, e.g. 01,02 (default: every notebook). Their answers are graded unless revealed.",
        HelpName = "NN,NN",
    };

    private readonly Option<string?> _reveal = new("--reveal")
    {
        Description = "Show the answers of these problems, e.g. p1,p2, for a later assignment that builds on them: their boxes keep the reference code and none of their items is graded (default: none).",
        HelpName = "pN,pN",
    };

    public Command Build(CommandContext context)
    {
        var command = new Command("assign", """
            Write the student release (answers stubbed) and, apart from it, what only the instructor needs.
            DIR/student/ (default DIR: artifacts/assign) is what you hand out: the notebooks with every code solution region
            replaced by a stub that throws NotImplementedException with its first nudge, and, in homework mode, every
            derivation replaced by its question and a cell for the written derivation; outputs cleared, instructor-only cells
            removed; Backprop.Kernel's sources with its boxes stubbed (the instructor-only project is not included), and the
            backprop command without assign and grade (setup, run, doctor, check), ready for 'dotnet build Backprop.Notebooks.sln'.
            DIR/instructor/ is yours: autograder.zip for Gradescope (setup.sh, run_autograder, source/), grading.json (the
            points of what this release grades) and rubric.md (the written answers' questions and model answers).
            DIR/README.md says which is which. Same input, same bytes.
            --notebooks and --reveal stage the homework: e.g. 'assign --notebooks 01,02', later 'assign --notebooks 03,04
            --reveal p1,p2'. An item is graded or revealed in a release, never both.
            """)
        {
            _mode,
            _notebooks,
            _reveal,
            _out,
            _root,
        };
        context.SetAction(command, result => Run(result.GetValue(_mode), List(result.GetValue(_notebooks)), List(result.GetValue(_reveal)), result.GetValue(_out), result.GetValue(_root), context.Output.Writer, context.Error.Writer));
        return command;
    }

    /// <summary>The written answers this release grades, each with its question and the instructor's model answer.</summary>
    private static string RubricPage(string root, ReleasePlan plan)
    {
        var rubrics = Rubrics.FromFolder(Path.Combine(root, "notebooks"));
        var page = new System.Text.StringBuilder("# Rubric: the written answers of this release\n");
        foreach (var item in plan.Points.Where(p => p.Manual))
        {
            page.Append($"\n## {item.Id} ({item.Points:0.##} points)\n\n");
            if (rubrics.TryGetValue(item.Id, out var rubric))
            {
                page.Append(rubric.Question is null ? "" : $"**Question.** {rubric.Question}\n\n").Append($"**Model answer** ({rubric.Location}):\n\n{rubric.Solution}\n");
            }
            else
            {
                page.Append("No model answer in the notebooks.\n");
            }
        }

        return page.ToString();
    }

    /// <summary>The mode a value of --mode names, or null.</summary>
    internal static ReleaseMode? ParseMode(string value) => value switch
    {
        "homework" => ReleaseMode.Homework,
        "tutorial" => ReleaseMode.Tutorial,
        _ => null,
    };

    private static string[]? List(string? value) =>
        value?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The one line of DIR/README.md.</summary>
    internal const string OutputReadme = "student/ is the folder you hand out to students; instructor/ (autograder.zip, grading.json, rubric.md) is yours alone: it holds every reference answer.\n";

    private static int Run(ReleaseMode mode, string[]? notebooks, string[]? reveal, string? outDir, string? root, TextWriter output, TextWriter error)
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
            // Every id of notebooks/grading.json must be a row of the table, and every row in it; the plan checks the options.
            var plan = ReleasePlan.For(root, notebooks, reveal);
            var files = StudentRelease.Write(root, Path.Combine(outDir, "student"), mode, plan);
            string instructor = Path.Combine(outDir, "instructor");
            if (Directory.Exists(instructor))
            {
                Directory.Delete(instructor, recursive: true);
            }

            Directory.CreateDirectory(instructor);
            string points = plan.PointsJson(File.ReadAllText(Path.Combine(root, PointsFile.RelativePath)));
            var entries = AutograderBundle.Write(root, Path.Combine(instructor, "autograder.zip"), plan.IsWhole ? null : points);
            File.WriteAllText(Path.Combine(instructor, "grading.json"), points);
            File.WriteAllText(Path.Combine(instructor, "rubric.md"), RubricPage(root, plan));
            File.WriteAllText(Path.Combine(outDir, "README.md"), OutputReadme);
            output.WriteLine($"assign: {mode.ToString().ToLowerInvariant()} release with {files.Count} files in {Path.Combine(outDir, "student")} ({plan.Notebooks.Count} notebooks); hand out this folder.");
            output.WriteLine($"assign: grades {plan.Graded.Count} items ({string.Join(", ", plan.Graded)}){(plan.Revealed.Count > 0 ? $"; reveals {string.Join(", ", plan.Revealed)}" : "")}.");
            output.WriteLine($"assign: {Path.Combine(instructor, "autograder.zip")} with {entries.Count} entries; upload it to Gradescope (Autograder settings → Zip file upload). Keep {instructor} to yourself.");
            return 0;
        }
        catch (InvalidDataException e)
        {
            error.WriteLine($"backprop assign: {e.Message}");
            return 1;
        }
    }
}
