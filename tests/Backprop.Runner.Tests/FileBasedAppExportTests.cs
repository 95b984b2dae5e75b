using System.Text.RegularExpressions;
using Backprop.Runner.Export;

namespace Backprop.Runner.Tests;

/// <summary>
/// backprop export: every course notebook becomes a file-based app with the notebook's pins, its cells in order and
/// its markdown as comments; the app runs with only the SDK, and a wrong answer makes it exit non-zero.
/// </summary>
public sealed partial class FileBasedAppExportTests
{
    public static TheoryData<string> Notebooks() => new(CourseNotebookRuns.NotebookNames);

    private static string NotebookPath(string name) => Path.Combine(CourseNotebookRuns.NotebookFolder, name);

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void The_app_pins_the_notebooks_packages_and_restores_the_library_from_the_checkouts_feed(string notebook)
    {
        var folder = TempFolder();
        var app = File.ReadAllText(FileBasedAppExporter.Write(NotebookPath(notebook), folder));

        Assert.Contains("#:package MathNet.Numerics@5.0.0\n", app);
        Assert.Contains("#:package Plotly.NET.CSharp@0.14.0\n", app);
        Assert.Contains("#:package Plotly.NET@6.0.0\n", app); // what Plotly.NET.Interactive 6.0.0 shows charts with
        Assert.DoesNotContain("#:package Plotly.NET.Interactive", app);
        Assert.Contains($"#:package {LibraryPackage.Id}@{LibraryPackage.Version(CourseNotebookRuns.Layout.Root)}\n", app);
        Assert.Empty(ProjectLine().Matches(app));
        // The notebooks' nuget.config names the checkout's feed relative to notebooks/; the app's names the same folder.
        var config = System.Xml.Linq.XDocument.Load(Path.Combine(folder, "nuget.config"));
        var feed = Assert.Single(config.Root!.Element("packageSources")!.Elements("add")).Attribute("value")!.Value;
        Assert.Equal(LibraryPackage.Feed(CourseNotebookRuns.Layout.Root), feed);
        // No #: directive after the first line of code, where the SDK would not read it.
        int firstCode = app.IndexOf("\nusing ", StringComparison.Ordinal);
        Assert.True(firstCode > 0 && app.LastIndexOf("\n#:", StringComparison.Ordinal) < firstCode);
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Every_cell_is_a_region_in_order_with_markdown_commented_and_answers_first(string notebook)
    {
        var app = File.ReadAllText(FileBasedAppExporter.Write(NotebookPath(notebook), TempFolder()));
        var markdown = SafeMarkdownTests.MarkdownCells(notebook).ToList();
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(NotebookPath(notebook)));
        int cellCount = json.RootElement.GetProperty("cells").GetArrayLength();

        var regions = Region().Matches(app).Select(m => (Number: int.Parse(m.Groups["n"].Value), Kind: m.Groups["kind"].Value, Body: m.Groups["body"].Value)).ToList();
        Assert.Equal(Enumerable.Range(1, cellCount), regions.Where(r => r.Kind != "types").Select(r => r.Number));
        Assert.Equal(markdown.Count, regions.Count(r => r.Kind == "markdown"));
        Assert.All(regions.Where(r => r.Kind == "markdown"), r => Assert.All(r.Body.TrimEnd('\n').Split('\n'), line => Assert.StartsWith("//", line)));
        Assert.Contains("\n// # ", app); // the title line of the first markdown cell
        Assert.All(regions.Where(r => r.Kind == "code" && r.Body.Contains("\n// answer:", StringComparison.Ordinal)),
            r => Assert.StartsWith("// answer: ", r.Body));
        // As many answer regions as the notebook has answer cells (counted in its JSON).
        int answerCells = json.RootElement.GetProperty("cells").EnumerateArray().Count(c =>
            c.GetProperty("cell_type").GetString() == "code"
            && string.Concat(c.GetProperty("source").EnumerateArray().Select(l => l.GetString())).TrimStart().StartsWith("// answer: ", StringComparison.Ordinal));
        Assert.Equal(answerCells, regions.Count(r => r.Kind == "code" && r.Body.StartsWith("// answer: ", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_trailing_expression_is_shown_and_usings_and_types_move_to_their_places()
    {
        var cell = CodeCellTranslation.Translate(
            "#r \"nuget: MathNet.Numerics, 5.0.0\"\nusing System.Text;\n// a comment\nvar x = 2;\nrecord Pair(int A, int B);\nx * 3", 7);

        Assert.Equal(["nuget: MathNet.Numerics, 5.0.0"], cell.References);
        Assert.Equal(["using System.Text;"], cell.Usings);
        Assert.Contains("// a comment\nvar x = 2;", cell.Statements);
        Assert.EndsWith("NotebookApp.Show(7, x * 3);", cell.Statements);
        Assert.Equal("record Pair(int A, int B);", cell.Types.Trim());
        Assert.False(cell.KernelOnly);
    }

    [Fact]
    public void A_statement_ending_in_a_semicolon_is_not_shown_and_kernel_cells_are_marked()
    {
        Assert.DoesNotContain("NotebookApp.Show", CodeCellTranslation.Translate("var x = 2;\nConsole.WriteLine(x);", 1).Statements);
        // A last Console.WriteLine without its semicolon shows nothing in a notebook; in the app it is a statement.
        Assert.EndsWith("Console.WriteLine(x);", CodeCellTranslation.Translate("var x = 2;\nConsole.WriteLine(x)", 1).Statements);
        Assert.True(CodeCellTranslation.Translate("using Microsoft.DotNet.Interactive.Formatting;\nFormatter.Register<int>(i => \"\");", 1).KernelOnly);
    }

    [Fact]
    public void A_reference_the_app_cannot_express_is_a_clear_error()
    {
        var folder = TempFolder();
        var unpinned = Path.Combine(folder, "unpinned.ipynb");
        File.WriteAllText(unpinned, Notebook("#r \"nuget: MathNet.Numerics\""));
        var dll = Path.Combine(folder, "dll.ipynb");
        File.WriteAllText(dll, Notebook("#r \"/opt/somewhere/Thing.dll\""));

        Assert.Contains("has no version; pin one", Assert.Throws<ExportException>(() => FileBasedAppExporter.Write(unpinned, folder)).Message);
        Assert.Contains("is not the build output of a project", Assert.Throws<ExportException>(() => FileBasedAppExporter.Write(dll, folder)).Message);
        File.WriteAllText(Path.Combine(folder, "broken.ipynb"), "{ not json");
        Assert.Contains("not a readable .ipynb", Assert.Throws<ExportException>(() => FileBasedAppExporter.Write(Path.Combine(folder, "broken.ipynb"), folder)).Message);
    }

    /// <summary>The real thing: dotnet run on the exported 01, once as exported (exit 0, every check passes) and once
    /// with the first answer wrong (exit 1, that check FAILS). Needs only the SDK and NuGet.</summary>
    [Fact]
    public async Task The_exported_app_runs_green_and_a_wrong_answer_makes_it_exit_non_zero()
    {
        // As 'backprop export' does: the library's package in the feed is this checkout's, and so is NuGet's cached copy.
        Assert.Null(await CourseNotebookRuns.Layout.EnsureLibraryPackageAsync(TextWriter.Null, CancellationToken.None, dropStaleCachedCopy: true));
        var folder = TempFolder();
        var app = FileBasedAppExporter.Write(NotebookPath("01-word-mlp.ipynb"), folder);
        var text = File.ReadAllText(app);
        const string right = "    return error;\n";
        Assert.Contains(right, text);
        var wrong = Path.Combine(folder, "01-wrong.cs");
        File.WriteAllText(wrong, text.Replace(right, "    return p - y;\n", StringComparison.Ordinal));

        var green = await DotnetRun(app, folder);
        var red = await DotnetRun(wrong, folder);

        Assert.True(green.ExitCode == 0, green.Printed);
        Assert.Matches(@"01-word-mlp: (\d+) of \1 checks passed\.", green.Output);
        Assert.Contains("check pass: p1.dJ_ds", green.Output);
        Assert.Equal(1, red.ExitCode);
        Assert.Contains("FAIL  p1.dJ_ds", red.Output);
        Assert.Matches(@"\d+ of \d+ checks passed; \d+ FAILED", red.Output);
    }

    [Fact]
    public void A_cell_declares_its_variables_ahead_and_runs_guarded_while_local_functions_keep_their_text()
    {
        var code = GuardedCell.Write(
            "// a comment\nvar a = Box(2); // why\nint n = 3, m;\nint[] xs = { 1, 2 };\nint Twice(int v) => 2 * v;\nNotebookApp.Show(4, a + n + model.N);",
            4, new HashSet<string>(["Box", "model", "unused"]));

        Assert.Contains("var a = NotebookApp.Unset(() => Box(2));\nint n = default;\nint m = default;\nint[] xs = default;\n", code);
        Assert.Contains("\nint Twice(int v) => 2 * v;\n", code); // at top level, as written
        Assert.Contains("if (NotebookApp.Ready(4, reads: [\"Box\", \"model\"], declares: [\"a\", \"n\", \"m\", \"xs\", \"Twice\"])) try\n{\n", code);
        Assert.Contains("    // a comment\n    a = Box(2); // why\n    n = 3;\n    xs = new int[] { 1, 2 };\n    NotebookApp.Show(4, a + n + model.N);\n}\n", code);
        // Unset from its first statement on; from the line of 'n = 3;' on (the 'if' line + 4) a is set, and so on.
        Assert.EndsWith("catch (Exception e) when (NotebookApp.Stopped(4, e, unset: [\"a\", \"n\", \"m\", \"xs\"], " +
            "unsetFromLine: [(4, [\"n\", \"m\", \"xs\"]), (5, [\"xs\"]), (6, [])])) { }", code);
        // A loop's own variables are not the cell's: a stub in its first statement leaves that statement's variable unset.
        Assert.EndsWith("unset: [\"n\", \"runs\"], unsetFromLine: [(3, [\"runs\"]), (4, [])])) { }",
            GuardedCell.Write("int n = 1;\nvar runs = Make(n);\nforeach (var (a, b) in runs) { }", 4, new HashSet<string>(["Make"])));
        // A cell of functions and comments only runs nothing: it stays as it is.
        Assert.Equal("// only\nint F() => 1;", GuardedCell.Write("// only\nint F() => 1;", 5, new HashSet<string>()));
    }

    [Theory]
    [InlineData("int.TryParse(\"1\", out var n);", "declares n inside an expression")]
    [InlineData("var ok = o is string text;", "declares text inside an expression")]
    [InlineData("var (p, q) = (1, 2);", "declares p, q inside an expression")]
    [InlineData("if (o is int k) Console.WriteLine(k);", "declares k inside an expression")]
    [InlineData("using var reader = new StringReader(\"\");", "cannot be declared ahead of the cell")]
    public void A_variable_the_app_cannot_declare_ahead_is_refused_with_the_fix(string cell, string message)
    {
        var error = Assert.Throws<ExportException>(() => GuardedCell.Write("object o = 1;\n" + cell, 9, new HashSet<string>()));
        Assert.Contains("cell 9: ", error.Message);
        Assert.Contains(message, error.Message);
        // Inside a loop, a lambda or a block they are the statement's own, and the cell exports.
        Assert.Contains("try", GuardedCell.Write("foreach (var (a, b) in new[] { (1, 2) }) { Console.WriteLine(a + b); }\nFunc<object, bool> f = o => o is int i && i > 0;", 9, new HashSet<string>()));
    }

    /// <summary>The real thing for a homework release: an app whose first box is a stub runs every cell that does not
    /// need it, prints one line for the cell that reaches the stub and one for the cell that needs what it left unset,
    /// and exits 4 without a stack trace; an error that is not a stub's still stops it with exit code 1.</summary>
    [Fact]
    public async Task An_unanswered_item_stops_only_the_cells_that_need_it_and_the_app_exits_4()
    {
        var folder = TempFolder();
        var cells = new[]
        {
            "int before = 1;",
            "// answer: p1.dJ_ds\nint dJ_ds(int y) => throw new NotImplementedException(\"not answered yet: p1.dJ_ds. Return y − p.\");",
            "var label = \"set before the stub\";\nvar ds = dJ_ds(2);\nvar after = 3;",
            "var twice = ds * 2;\ntwice",
            "Console.WriteLine(\"independent cell ran: \" + before + \", \" + label)",
            "Console.WriteLine(\"after: \" + after);",
            "Console.WriteLine(\"next cell ran too\");",
        };
        var notebook = Path.Combine(folder, "stubbed.ipynb");
        File.WriteAllText(notebook, Notebook(cells));
        var app = FileBasedAppExporter.Write(notebook, folder);
        var planted = Path.Combine(folder, "planted.cs");
        File.WriteAllText(planted, File.ReadAllText(app).Replace("Console.WriteLine(\"next cell ran too\");", "throw new InvalidOperationException(\"planted\");", StringComparison.Ordinal));

        var run = await DotnetRun(app, folder);
        var broken = await DotnetRun(planted, folder);

        Assert.True(run.ExitCode == 4, run.Printed);
        Assert.Contains("[cell 3] not answered yet: p1.dJ_ds — answer it in the cell that begins \"// answer: p1.dJ_ds\", then rerun this cell. Return y − p.", run.Output);
        Assert.Contains("[cell 4] not run: it needs p1.dJ_ds, not answered yet", run.Output);
        Assert.Contains("independent cell ran: 1, set before the stub", run.Output); // what ran before the stub is set
        Assert.Contains("[cell 6] not run: it needs p1.dJ_ds", run.Output); // what comes after it is not
        Assert.Contains("next cell ran too", run.Output);
        Assert.DoesNotContain("   at ", run.Printed);
        Assert.Contains("stubbed: not answered yet: p1.dJ_ds", run.Output);
        Assert.Equal(1, broken.ExitCode);
        Assert.Contains("planted", broken.Printed);
        Assert.Contains("stopped by an error", broken.Printed);
    }

    private static async Task<ExternalProcess.Result> DotnetRun(string app, string folder)
    {
        var result = await ExternalProcess.RunAsync("dotnet", ["run", app], folder, TimeSpan.FromMinutes(8), CancellationToken.None);
        return result ?? throw new TimeoutException($"dotnet run {app} did not finish in 8 minutes");
    }

    private static string Notebook(params string[] cells) =>
        "{\"cells\":[" + string.Join(",", cells.Select(code => "{\"cell_type\":\"code\",\"execution_count\":null,\"metadata\":{},\"outputs\":[],\"source\":[" +
        System.Text.Json.JsonSerializer.Serialize(code) + "]}")) + "],\"metadata\":{\"kernelspec\":{\"name\":\".net-csharp\"}},\"nbformat\":4,\"nbformat_minor\":5}";

    private static string TempFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "backprop-export-tests", Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        return folder;
    }

    [GeneratedRegex(@"^#:project (?<path>.+)$", RegexOptions.Multiline)]
    private static partial Regex ProjectLine();

    [GeneratedRegex(@"^#region cell (?<n>\d+) · (?<kind>code|markdown|types)\n(?<body>.*?)^#endregion$", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex Region();
}
