using Backprop.Runner;
using Backprop.Runner.Export;

namespace Backprop.Course.Commands;

/// <summary><c>backprop export</c>: writes each notebook as a .NET 10 file-based app that runs without a kernel.</summary>
internal sealed class ExportCommand : ICommand
{
    public string Name => "export";

    public string Summary => "Write each notebook as a .NET 10 file-based app (dotnet run NAME.cs, no kernel).";

    public string Usage => """
        Usage: backprop export [NOTEBOOK.ipynb ...] [--out DIR]

        Writes NAME.cs for each notebook (default: every notebooks/NN-*.ipynb): #:package lines for its pinned
        packages, #:project for the course library, the markdown as comments and the code cells in order, each in a
        '#region cell N'. Run one with only the .NET 10 SDK:  dotnet run DIR/NAME.cs
        It prints what each cell shows and every check with its verdict, writes its charts to DIR/NAME.charts.html
        (offline), and exits 1 if a check fails. 'backprop grade' accepts NAME.cs as it accepts the notebook.

          --out DIR   where to write the apps (default: artifacts/export/); the #:project path is relative to it,
                      so move the whole folder, not one file
        """;

    public Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        var notebooks = new List<string>();
        string? outFolder = null;
        for (int i = 0; i < args.Count; i++)
        {
            if (args[i] == "--out")
            {
                outFolder = i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal)
                    ? args[++i]
                    : throw new UsageException("--out needs a folder, e.g. --out artifacts/export.");
            }
            else if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new UsageException($"unknown option '{args[i]}'.");
            }
            else
            {
                notebooks.Add(Path.GetFullPath(args[i]));
            }
        }

        var layout = RepositoryLayout.Find(notebooks.Count > 0 ? Path.GetDirectoryName(notebooks[0])! : Environment.CurrentDirectory) ?? RepositoryLayout.Find();
        if (notebooks.Count == 0)
        {
            if (layout is null)
            {
                error.WriteLine($"backprop export: cannot find the kit's root ({RepositoryLayout.SolutionFileName}) above {Environment.CurrentDirectory}. Run it inside the checkout, or name the notebooks.");
                return Task.FromResult(2);
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

        if (failed == 0 && notebooks.Count > 0)
        {
            output.WriteLine($"Run one with: dotnet run {Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(outFolder, Path.GetFileNameWithoutExtension(notebooks[0]) + ".cs"))}");
        }

        return Task.FromResult(failed == 0 ? 0 : 1);
    }
}
