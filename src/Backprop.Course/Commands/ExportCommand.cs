using System.CommandLine;
using Backprop.Runner;
using Backprop.Runner.Export;

namespace Backprop.Course.Commands;

/// <summary><c>backprop export</c>: writes each notebook as a .NET 10 file-based app that runs without a kernel.</summary>
internal sealed class ExportCommand : ICommand
{
    private readonly Argument<string[]> _notebooks = new("NOTEBOOK.ipynb")
    {
        Description = "Notebooks to export (default: every notebooks/*.ipynb).",
        Arity = ArgumentArity.ZeroOrMore,
    };

    private readonly Option<string?> _out = CourseOptions.Path("--out",
        "Where to write the apps (default: artifacts/export/). The #:project path is relative to it, so move the whole folder, not one file.");

    public Command Build(CommandContext context)
    {
        _notebooks.Validators.Add(result =>
        {
            foreach (var token in result.Tokens.Where(t => t.Value.StartsWith('-')))
            {
                result.AddError($"unknown option '{token.Value}'.");
            }
        });
        var command = new Command("export", """
            Write each notebook as a .NET 10 file-based app (dotnet run NAME.cs, no kernel).
            Writes NAME.cs for each notebook (default: every notebooks/*.ipynb): #:package lines for its pinned
            packages, #:project for the course library, the markdown as comments and the code cells in order, each in a
            '#region cell N'. Run one with only the .NET 10 SDK: dotnet run DIR/NAME.cs. It prints what each cell shows
            and every check with its verdict, writes its charts to DIR/NAME.charts.html (offline), and exits 1 if a
            check fails. 'backprop grade' accepts NAME.cs as it accepts the notebook.
            """)
        {
            _notebooks,
            _out,
        };
        context.SetAction(command, result => Run(
            (result.GetValue(_notebooks) ?? []).Select(Path.GetFullPath).ToList(),
            result.GetValue(_out),
            context));
        return command;
    }

    private static int Run(List<string> notebooks, string? outFolder, CommandContext context)
    {
        var output = context.Output.Writer;
        var error = context.Error.Writer;
        var layout = RepositoryLayout.Find(notebooks.Count > 0 ? Path.GetDirectoryName(notebooks[0])! : Environment.CurrentDirectory) ?? RepositoryLayout.Find();
        if (notebooks.Count == 0)
        {
            if (layout is null)
            {
                error.WriteLine($"backprop export: cannot find the kit's root ({RepositoryLayout.SolutionFileName}) above {Environment.CurrentDirectory}. Run it inside the checkout, or name the notebooks.");
                return 2;
            }

            notebooks.AddRange(layout.Notebooks());
        }

        outFolder = Path.GetFullPath(outFolder ?? (layout is null ? Path.Combine("artifacts", "export") : Path.Combine(layout.Root, "artifacts", "export")));
        int failed = 0;
        foreach (var notebook in notebooks)
        {
            if (!File.Exists(notebook))
            {
                error.WriteLine($"backprop export: no such notebook: {notebook}");
                failed++;
                continue;
            }

            try
            {
                var app = FileBasedAppExporter.Write(notebook, outFolder);
                output.WriteLine($"exported {Path.GetFileName(notebook)} -> {Path.GetRelativePath(Environment.CurrentDirectory, app)}");
            }
            catch (ExportException e)
            {
                error.WriteLine($"backprop export: {Path.GetFileName(notebook)}: {e.Message}");
                failed++;
            }
        }

        // The apps restore the library as the package in this checkout's feed: pack it now if it is missing or older than
        // its sources (as run and setup do), so that the first 'dotnet run' of an app finds the library as it is.
        if (failed == 0 && layout is not null && layout.EnsureLibraryPackageAsync(output, CancellationToken.None, dropStaleCachedCopy: true).GetAwaiter().GetResult() is { } packError)
        {
            error.WriteLine($"backprop export: {packError}");
            return 1;
        }

        if (failed == 0 && notebooks.Count > 0)
        {
            output.WriteLine($"Run one with: dotnet run {Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(outFolder, Path.GetFileNameWithoutExtension(notebooks[0]) + ".cs"))}");
        }

        return failed == 0 ? 0 : 1;
    }
}
