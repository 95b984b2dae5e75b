using System.Text;
using System.Text.RegularExpressions;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Documents.Jupyter;

namespace Backprop.Runner.Export;

/// <summary>
/// Writes a notebook as a .NET 10 file-based app (<c>dotnet run NAME.cs</c>, no kernel and no Jupyter): its
/// <c>#r "nuget: …"</c> lines become <c>#:package</c>, a <c>#r</c> of a project's build output becomes
/// <c>#:project</c>, markdown cells become comments, and code cells follow in order, each in a
/// <c>#region cell N · code</c> block so that an answer cell keeps its first line <c>// answer: id</c> and the
/// grader can read the file like a notebook. Values a cell shows are printed, checks are counted, charts go to
/// NAME.charts.html beside the app, and the app exits 1 when a check fails. Every cell but an answer cell runs guarded
/// (<see cref="GuardedCell"/>): an item not answered yet stops only the cells that need it, and the app then exits 4.
/// </summary>
public static partial class FileBasedAppExporter
{
    /// <summary>The region line that opens cell <paramref name="number"/>, e.g. "#region cell 19 · code".</summary>
    public static string RegionLine(int number, string kind) => $"#region cell {number} · {kind}";

    /// <summary>
    /// Writes <c>NAME.cs</c> for the notebook at <paramref name="notebookPath"/> into <paramref name="folder"/>, and a
    /// nuget.config beside it with the package sources of the notebook folder's nuget.config, if it has one.
    /// </summary>
    /// <returns>The app's path.</returns>
    /// <exception cref="ExportException">The notebook cannot be read or has a reference the app cannot express.</exception>
    public static string Write(string notebookPath, string folder)
    {
        var path = Path.GetFullPath(notebookPath);
        Directory.CreateDirectory(folder);
        var app = Path.Combine(Path.GetFullPath(folder), Path.GetFileNameWithoutExtension(path) + ".cs");
        File.WriteAllText(app, ToApp(path, Path.GetDirectoryName(app)!), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        PackageSources.WriteBeside(Path.GetDirectoryName(path)!, Path.GetDirectoryName(app)!);
        return app;
    }

    /// <summary>The app's source for the notebook at <paramref name="notebookPath"/>, to be saved in <paramref name="appFolder"/>.</summary>
    /// <exception cref="ExportException">The notebook cannot be read or has a reference the app cannot express.</exception>
    public static string ToApp(string notebookPath, string appFolder)
    {
        InteractiveDocument document;
        try
        {
            document = Notebook.Parse(File.ReadAllText(notebookPath));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException or InvalidOperationException or FormatException or NotSupportedException)
        {
            throw new ExportException($"{notebookPath} is not a readable .ipynb notebook: {e.Message}");
        }

        var name = Path.GetFileNameWithoutExtension(notebookPath);
        var notebookFolder = Path.GetDirectoryName(Path.GetFullPath(notebookPath))!;
        var packages = new List<(string Id, string Version, string Note)>();
        var projects = new List<string>();
        var usings = new List<string>();
        var body = new StringBuilder();
        var types = new StringBuilder();
        var earlier = new HashSet<string>(StringComparer.Ordinal); // top-level names of the cells so far
        var answers = new List<string>(); // the items of the answer cells

        int number = 0;
        foreach (var cell in document.Elements)
        {
            number++;
            if (cell.KernelName is "markdown" or "md")
            {
                body.Append(RegionLine(number, "markdown")).Append('\n');
                foreach (var line in cell.Contents.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n'))
                {
                    body.Append(line.Length == 0 ? "//" : "// " + line).Append('\n');
                }

                body.Append("#endregion\n\n");
                continue;
            }

            var translated = CodeCellTranslation.Translate(cell.Contents, number);
            body.Append(RegionLine(number, "code")).Append('\n');
            if (translated.KernelOnly)
            {
                body.Append("// (notebook kernel only, left out of the app: it configures the notebook's display, which the app does itself)\n");
                foreach (var line in cell.Contents.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n'))
                {
                    body.Append("// ").Append(line).Append('\n');
                }

                body.Append("#endregion\n\n");
                continue;
            }

            foreach (var reference in translated.References)
            {
                body.Append("// #r \"").Append(reference).Append("\" is ");
                if (NuGetReference().Match(reference) is { Success: true } nuget)
                {
                    var (id, note) = AppPackage(nuget.Groups["id"].Value.Trim());
                    packages.Add((id, nuget.Groups["version"].Value.Trim(), note));
                    body.Append($"#:package {id} at the top of the file\n");
                }
                else if (reference.StartsWith("nuget:", StringComparison.OrdinalIgnoreCase))
                {
                    throw new ExportException($"cell {number}: #r \"{reference}\" has no version; pin one, e.g. #r \"nuget: MathNet.Numerics, 5.0.0\".");
                }
                else
                {
                    var project = ProjectOf(reference, notebookFolder, number);
                    projects.Add(Path.GetRelativePath(appFolder, project).Replace('\\', '/'));
                    body.Append("#:project at the top of the file\n");
                }
            }

            usings.AddRange(translated.Usings);
            if (translated.Usings.Count > 0)
            {
                body.Append("// (its using directives are at the top of the file)\n");
            }

            // An answer cell keeps its text (the grader reads it); every other cell stops alone at an item not answered yet.
            var answer = AnswerLine().Match(translated.Statements);
            if (answer.Success)
            {
                answers.Add(answer.Groups["item"].Value);
            }

            body.Append(answer.Success ? translated.Statements : GuardedCell.Write(translated.Statements, number, earlier)).Append('\n').Append("#endregion\n\n");
            earlier.UnionWith(Backprop.Kernel.Interactive.Unanswered.Declared(translated.Statements));
            if (translated.Types.Length > 0)
            {
                types.Append(RegionLine(number, "types")).Append('\n').Append(translated.Types).Append('\n').Append("#endregion\n\n");
            }
        }

        bool charts = packages.Any(p => p.Id == "Plotly.NET");
        var app = new StringBuilder();
        app.Append($"// {name}.cs: the notebook {name}.ipynb as a .NET 10 file-based app, written by 'backprop export'.\n");
        app.Append($"// Run it with only the .NET 10 SDK: dotnet run {name}.cs   (the first run restores the packages below, from NuGet\n");
        app.Append("// and from the sources of the nuget.config beside it, which 'backprop export' writes when the notebook has one).\n");
        app.Append("// Each '#region cell N' is the notebook's cell N, in order. Write your answers in the cells whose first line is\n");
        app.Append("// '// answer: …' and run again: the app prints every check with its verdict and exits 1 if one fails, or 4 if\n");
        app.Append("// none fails but an item is not answered yet (a cell that reaches one stops alone and says which; the app goes on).\n");
        app.Append("// 'backprop grade' accepts this file as it accepts the notebook.\n");
        foreach (var (id, version, note) in packages.DistinctBy(p => p.Id))
        {
            if (note.Length > 0)
            {
                app.Append($"// {id}{note}\n");
            }

            app.Append($"#:package {id}@{version}\n");
        }

        foreach (var project in projects.Distinct())
        {
            app.Append($"#:project {project}\n");
        }

        // The app is not held to the kit's build rules (a repository Directory.Build.props or Directory.Packages.props
        // above it would otherwise apply): notebook code leaves unused variables, and versions are pinned here.
        app.Append("#:property TreatWarningsAsErrors=false\n");
        app.Append("#:property ManagePackageVersionsCentrally=false\n");
        app.Append("#:property GenerateDocumentationFile=false\n");
        app.Append("#:property PublishAot=false\n");
        app.Append("#:property Nullable=disable\n");
        app.Append("#:property NoWarn=$(NoWarn);CS0168;CS0219;CS8321;CS1998\n\n");
        foreach (var directive in usings.Distinct())
        {
            app.Append(directive).Append('\n');
        }

        app.Append($"\nNotebookApp.Start(\"{name}\", answerCells: [{string.Join(", ", answers.Distinct().Select(a => $"\"{a}\""))}]);\n\n");
        app.Append(body);
        app.Append("return NotebookApp.Finish();\n\n");
        app.Append(types);
        app.Append(NotebookAppRuntime.Source(charts));
        return app.ToString();
    }

    // A kernel extension package (X.Interactive) only teaches the notebook how to show X: the app takes X itself, at
    // the same version (Plotly.NET.Interactive 6.0.0 → Plotly.NET 6.0.0).
    private static (string Id, string Note) AppPackage(string id) =>
        id.EndsWith(".Interactive", StringComparison.OrdinalIgnoreCase)
            ? (id[..^".Interactive".Length], $" (instead of the notebook extension {id})")
            : (id, "");

    // "../src/Backprop.Kernel/bin/Debug/net10.0/Backprop.Kernel.dll" → the folder of src/Backprop.Kernel/*.csproj.
    private static string ProjectOf(string reference, string notebookFolder, int cell)
    {
        var dll = Path.GetFullPath(Path.Combine(notebookFolder, reference));
        var parts = dll.Split(Path.DirectorySeparatorChar);
        int bin = Array.LastIndexOf(parts, "bin");
        var folder = bin > 0 ? string.Join(Path.DirectorySeparatorChar, parts[..bin]) : null;
        if (folder is null || !Directory.Exists(folder) || Directory.GetFiles(folder, "*.csproj").Length == 0)
        {
            throw new ExportException(
                $"cell {cell}: #r \"{reference}\" is not the build output of a project (…/PROJECT/bin/…/X.dll beside a .csproj), " +
                "so the app cannot reference it with #:project. Reference a NuGet package or a project's build output instead.");
        }

        return folder;
    }

    [GeneratedRegex(@"\A\s*// answer: (?<item>\S+)")]
    private static partial Regex AnswerLine();

    [GeneratedRegex(@"^nuget:\s*(?<id>[^,\s]+)\s*,\s*(?<version>[^\s,]+)\s*$")]
    private static partial Regex NuGetReference();
}

/// <summary>A notebook that cannot be exported; the message says why and how to fix it.</summary>
public sealed class ExportException(string message) : Exception(message);
