using System.Diagnostics;
using System.Reflection;
using System.Runtime.Loader;
using Backprop.Grading.Answers;
using Backprop.Grading.Compilation;
using Backprop.Grading.Notebooks;
using Backprop.Grading.Release;
using Backprop.Grading.Sandbox;
using Backprop.Kernel;
using Backprop.Kernel.Checking;

namespace Backprop.Grading.Tests;

[Collection(ReleaseBuilds.Name)]
public class StudentReleaseTests(ReleaseFixture release) : IClassFixture<ReleaseFixture>
{
    /// <summary>The files assign wrote (bin/ and obj/ come from the build test building the release).</summary>
    private static IEnumerable<string> ReleaseFiles(string folder) => Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
        .Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal));

    [Fact]
    public void The_release_contains_no_reference_line_of_any_solution_region_in_notebooks_or_library()
    {
        var secret = new HashSet<string>(StringComparer.Ordinal);
        var open = new HashSet<string>(StringComparer.Ordinal); // lines that also appear outside any region are not secrets
        void Collect(string where, string text)
        {
            var regions = SolutionRegions.Find(text, markdown: false, where);
            secret.UnionWith(regions.SelectMany(SolutionRegions.ReferenceLines));
            var lines = text.Replace("\r\n", "\n").Split('\n');
            var inside = regions.SelectMany(r => Enumerable.Range(r.Begin, r.End - r.Begin + 1)).ToHashSet();
            open.UnionWith(lines.Where((_, i) => !inside.Contains(i)).Select(l => l.Trim()));
        }

        foreach (string file in Directory.EnumerateFiles(Path.Combine(release.Root, "src", "Backprop.Kernel"), "*.cs", SearchOption.AllDirectories))
        {
            Collect(file, File.ReadAllText(file));
        }

        foreach (string file in Directory.EnumerateFiles(Path.Combine(release.Root, "notebooks"), "*.ipynb"))
        {
            foreach (var cell in NotebookReader.Read(file, out _)!.Cells.Where(c => c.IsCode))
            {
                Collect(file, cell.Source);
            }
        }

        secret.ExceptWith(open);
        Assert.True(secret.Count >= 30, $"only {secret.Count} reference lines were found; are the regions marked?");
        Assert.Contains("return y - p;", secret);
        foreach (string file in ReleaseFiles(release.Student))
        {
            var lines = File.ReadAllText(file).Replace("\\n", "\n").Replace("\\\"", "\"").Split('\n').Select(l => l.Trim().Trim('"', ','));
            var leaked = lines.Where(secret.Contains).ToArray();
            Assert.True(leaked.Length == 0, $"{file} contains reference lines: {string.Join(" | ", leaked)}");
        }

        Assert.DoesNotContain(ReleaseFiles(release.Student), f => f.EndsWith(".dll", StringComparison.Ordinal));
    }

    [Fact]
    public void Release_notebooks_have_no_outputs_no_instructor_cells_and_keep_every_answer_cell_and_its_identity()
    {
        var notebook = NotebookReader.Read(Path.Combine(release.Student, "notebooks", "fixture.ipynb"), out string? problem);
        Assert.Null(problem);
        Assert.DoesNotContain(notebook!.Cells, c => c.Identity.Instructor);
        Assert.All(notebook.Cells.Where(c => c.IsCode), c => Assert.Empty(c.Node["outputs"]!.AsArray()));
        Assert.Equal(CheckItems.All.Select(i => i.Id).Order(), notebook.Cells.Select(c => c.Identity.Answer).OfType<string>().Order());
        var manual = notebook.Cells.Single(c => c.Identity.Manual == "p3.why_residual");
        Assert.Contains(SolutionRegions.MarkdownPlaceholder, manual.Source);
        Assert.Contains("**Rubric (10 points).**", NotebookReader.Read(TestPaths.SolutionNotebook, out _)!.Cells.Single(c => c.Identity.Manual == "p3.why_residual").Source);
        Assert.DoesNotContain("Rubric", manual.Source);
    }

    [Fact]
    public void Each_stub_stops_its_self_check_with_its_hint_and_pasting_the_solutions_back_makes_every_self_check_pass()
    {
        var student = NotebookReader.Read(Path.Combine(release.Student, "notebooks", "fixture.ipynb"), out _)!;
        var solution = NotebookReader.Read(TestPaths.SolutionNotebook, out _)!;
        foreach (var item in CheckItems.All)
        {
            string stub = student.Cells.Single(c => c.Identity.Answer == item.Id).Source;
            string solved = solution.Cells.Single(c => c.Identity.Answer == item.Id).Source;
            string message = SolutionRegions.AnswerStub(item.Id);
            Assert.Contains($"throw new NotImplementedException(\"{message}\");", stub);

            var stopped = Assert.Throws<NotImplementedException>(() => SelfCheck(item, stub));
            Assert.Equal($"not answered yet: {item.Id}. Hint: {item.Hint}", stopped.Message);
            Assert.True(SelfCheck(item, solved).Passed, item.Id);
        }
    }

    [Fact]
    public void Every_generated_student_notebook_scores_zero_and_says_what_is_not_implemented()
    {
        foreach (string notebook in Directory.EnumerateFiles(Path.Combine(release.Student, "notebooks"), "*.ipynb"))
        {
            var result = new Scoring.Grader(Submissions.Options).Grade(SubmissionReader.Read(Path.GetFileNameWithoutExtension(notebook), [notebook]));
            Assert.Equal(0, result.Score);
            Assert.All(result.Problems, p => Assert.StartsWith("No answer cells were found", p)); // e.g. an introduction without answers
            foreach (var item in result.Items.Where(i => !i.Manual && !i.Output.StartsWith("No answer cell", StringComparison.Ordinal)))
            {
                Assert.True(item.Output.Contains("is not implemented yet", StringComparison.Ordinal), $"{notebook} {item.Id}: {item.Output}");
            }
        }
    }

    [Fact]
    public void Backprop_kernel_in_the_release_has_every_box_stubbed_with_a_hint()
    {
        string boxes = File.ReadAllText(Path.Combine(release.Student, "src", "Backprop.Kernel", "Boxes", "Boxes.P2.cs"));
        Assert.DoesNotContain("BEGIN SOLUTION", boxes);
        // The default release is homework: the stub and the member's summary say where to work, not what to write.
        Assert.Contains($"throw new NotImplementedException(\"not answered yet: p2.dJ_dWr. {SolutionRegions.HomeworkHint}\");", boxes);
        Assert.DoesNotContain("h_{t−1}ᵀ", boxes);
        Assert.Equal(CheckItems.All.Count(i => i.Problem == 2), boxes.Split("throw new NotImplementedException(").Length - 1);
    }

    [Fact]
    public async Task The_release_builds()
    {
        var start = new ProcessStartInfo("dotnet", ["build", StudentRelease.SolutionName, "-nologo", "-v", "q"]) { WorkingDirectory = release.Student, RedirectStandardOutput = true, RedirectStandardError = true };
        using var build = Process.Start(start)!;
        var stdout = build.StandardOutput.ReadToEndAsync();
        var stderr = build.StandardError.ReadToEndAsync();
        Assert.True(build.WaitForExit(TimeSpan.FromMinutes(4)), "dotnet build of the release did not finish in 4 minutes");
        Assert.True(build.ExitCode == 0, await stdout + await stderr);
        Assert.True(File.Exists(Path.Combine(release.Student, "src", "Backprop.Kernel", "bin", "Debug", "net10.0", "Backprop.Kernel.dll")));
    }

    /// <summary>
    /// What the check cell does: Check.Pn.name(answer), with the answer compiled from the cell together with the cells of
    /// the items it uses (<paramref name="used"/>; by default the instructor notebooks' cells, as a solved notebook has them).
    /// </summary>
    internal static CheckVerdict SelfCheck(CheckItem item, string cell, IReadOnlyList<UsedCell>? used = null)
    {
        used ??= item.UsedItems.Select(u => new UsedCell(u.Id, InstructorCell(u.Id))).ToArray();
        var compiled = AnswerCompiler.Compile(item, cell, TestPaths.NewTempFolder("selfcheck"), used: used);
        Assert.True(compiled.Succeeded, compiled.Problem);
        var context = new AssemblyLoadContext(item.Id, isCollectible: true);
        try
        {
            var method = context.LoadFromAssemblyPath(compiled.AssemblyPath!).GetType("StudentAnswer")!.GetMethod(item.FunctionName)!;
            var answer = Delegate.CreateDelegate(item.DelegateType, method);
            string problem = "P" + item.Id[1];
            var check = typeof(Check).GetNestedType(problem)!.GetMethod(item.FunctionName)!;
            try
            {
                return (CheckVerdict)check.Invoke(null, [answer])!;
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                throw e.InnerException;
            }
        }
        finally
        {
            context.Unload();
        }
    }

    /// <summary>The answer cell of <paramref name="id"/> in the instructor's notebooks.</summary>
    private static string InstructorCell(string id) =>
        Directory.EnumerateFiles(Path.Combine(TestPaths.Root, "notebooks"), "*.ipynb").Where(f => !f.EndsWith(".executed.ipynb", StringComparison.Ordinal))
            .SelectMany(f => NotebookReader.Read(f, out _)!.Cells).Single(c => c.Identity.Answer == id).Source;
}
