using Backprop.Grading.Notebooks;

namespace Backprop.Grading.Release;

/// <summary>
/// Writes the student release: the notebooks stubbed, Backprop.Kernel's sources with every solution region stubbed
/// (so neither source nor compiled reference answers ship), the <c>backprop</c> command without its grading commands
/// (so <c>setup</c>, <c>run</c>, <c>doctor</c> and the dev container's post-create script work), the build files,
/// the solution and a README. It builds with <c>dotnet build</c>; <c>backprop run</c> in it lists each stub it reaches
/// ("not answered yet: p1.dJ_ds") and carries on.
/// </summary>
public static class StudentRelease
{
    /// <summary>The root files the release needs to build, copied as they are.</summary>
    public static IReadOnlyList<string> BuildFiles { get; } = ["global.json", "Directory.Build.props", "Directory.Packages.props", "NuGet.config", "nuget.config", ".gitignore", "notebooks/nuget.config"];

    /// <summary>
    /// The projects a student builds; <c>backprop</c> leaves out assign and grade when Backprop.Grading is absent, and its
    /// <c>submit</c> reads submissions with the grader's reader (Backprop.Grading.Reading, no answers in it).
    /// </summary>
    public static IReadOnlyList<string> Projects { get; } = ["src/Backprop.Kernel", "src/Backprop.Kernel.Interactive", "src/Backprop.Grading.Reading", "src/Backprop.Runner", "src/Backprop.Course", "src/Backprop.KernelHook"];

    /// <summary>The solution's name: the tools find the repository root by it.</summary>
    public const string SolutionName = "Backprop.Notebooks.sln";

    /// <summary>Sources of the command that only instructors use.</summary>
    private static readonly string[] InstructorOnly = ["src/Backprop.Course/Commands/AssignCommand.cs", "src/Backprop.Course/Commands/GradeCommand.cs", "src/Backprop.Course/Commands/WrittenAnswersPages.cs"];

    /// <summary>Writes the homework release into <paramref name="outputDirectory"/> (emptied first) and returns the files written.</summary>
    /// <param name="root">The repository root.</param>
    /// <param name="outputDirectory">The release folder.</param>
    public static IReadOnlyList<string> Write(string root, string outputDirectory) => Write(root, outputDirectory, ReleaseMode.Homework);

    /// <summary>Writes the release in <paramref name="mode"/> into <paramref name="outputDirectory"/> (emptied first) and returns the files written.</summary>
    /// <param name="root">The repository root.</param>
    /// <param name="outputDirectory">The release folder.</param>
    /// <param name="mode">Homework (derivations hidden) or tutorial (derivations shown).</param>
    public static IReadOnlyList<string> Write(string root, string outputDirectory, ReleaseMode mode) =>
        Write(root, outputDirectory, mode, ReleasePlan.For(root, null, null));

    /// <summary>Writes the release of <paramref name="plan"/> in <paramref name="mode"/> into <paramref name="outputDirectory"/> (emptied first).</summary>
    /// <param name="root">The repository root.</param>
    /// <param name="outputDirectory">The release folder.</param>
    /// <param name="mode">Homework (derivations hidden) or tutorial (derivations shown).</param>
    /// <param name="plan">Which notebooks ship and which problems are revealed.</param>
    public static IReadOnlyList<string> Write(string root, string outputDirectory, ReleaseMode mode, ReleasePlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (Directory.Exists(outputDirectory))
        {
            Directory.Delete(outputDirectory, recursive: true);
        }

        var written = new List<string>();
        void Put(string relative, string text)
        {
            string path = Path.Combine(outputDirectory, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text.Replace("\r\n", "\n", StringComparison.Ordinal));
            written.Add(relative);
        }

        var library = new RegionRules(mode, id => plan.Reveals(ReleasePlan.ProblemOf(id)), (id, _) => SolutionRegions.LibraryStub(id));
        var sources = Projects.SelectMany(project => RepositoryFiles.Under(root, project)).Except(InstructorOnly).Select(relative =>
        {
            string text = File.ReadAllText(Path.Combine(root, relative));
            return (Relative: relative, Text: !relative.EndsWith(".cs", StringComparison.Ordinal) ? text : SolutionRegions.ReleaseCode(text, relative, library));
        }).ToList();

        // The release's library gets a version of its own (see LibraryVersionStamp), in its project and its notebooks.
        string courseVersion = LibraryVersionStamp.CourseVersion(File.ReadAllText(Path.Combine(root, LibraryVersionStamp.ProjectFile)));
        string version = LibraryVersionStamp.ReleaseVersion(sources.Where(s => LibraryVersionStamp.IsLibrarySource(s.Relative)));
        foreach (string relative in plan.Notebooks)
        {
            var notebook = NotebookReader.Read(Path.Combine(root, relative), out string? problem)
                ?? throw new InvalidDataException($"{relative}: {problem}");
            var released = NotebookRelease.Make(notebook, mode, plan.Reveals);
            LibraryVersionStamp.StampNotebook(released, courseVersion, version);
            Put(relative, NotebookRelease.Serialize(released));
        }

        foreach (var (relative, text) in sources)
        {
            Put(relative, relative == LibraryVersionStamp.ProjectFile ? LibraryVersionStamp.StampProject(text, version) : text);
        }

        foreach (string relative in BuildFiles.Where(f => File.Exists(Path.Combine(root, f))).Concat(RepositoryFiles.Under(root, ".devcontainer")))
        {
            Put(relative, File.ReadAllText(Path.Combine(root, relative)));
        }

        // The points of this release's items: submit looks for each, as the grader will.
        Put(Scoring.PointsFile.RelativePath, plan.PointsJson(File.ReadAllText(Path.Combine(root, Scoring.PointsFile.RelativePath))));
        Put(SolutionName, Solution);
        Put("README.md", Readme(mode, plan));
        return written;
    }

    private const string Solution = """
        
        Microsoft Visual Studio Solution File, Format Version 12.00
        # Visual Studio Version 17
        VisualStudioVersion = 17.0.31903.59
        MinimumVisualStudioVersion = 10.0.40219.1
        Project("{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}") = "Backprop.Kernel", "src\Backprop.Kernel\Backprop.Kernel.csproj", "{4C0193DB-C330-4DBE-B9E2-94806357B36D}"
        EndProject
        Project("{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}") = "Backprop.Runner", "src\Backprop.Runner\Backprop.Runner.csproj", "{2118C514-104C-4D9B-A2CD-9B3ECCCE651B}"
        EndProject
        Project("{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}") = "Backprop.Grading.Reading", "src\Backprop.Grading.Reading\Backprop.Grading.Reading.csproj", "{E378E77A-88F2-4282-A48A-51AFEAE8017A}"
        EndProject
        Project("{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}") = "Backprop.Course", "src\Backprop.Course\Backprop.Course.csproj", "{FB2168A6-6CAD-4A68-A10B-4DF43A1AD14D}"
        EndProject
        Global
        	GlobalSection(SolutionConfigurationPlatforms) = preSolution
        		Debug|Any CPU = Debug|Any CPU
        		Release|Any CPU = Release|Any CPU
        	EndGlobalSection
        	GlobalSection(ProjectConfigurationPlatforms) = postSolution
        		{4C0193DB-C330-4DBE-B9E2-94806357B36D}.Debug|Any CPU.ActiveCfg = Debug|Any CPU
        		{4C0193DB-C330-4DBE-B9E2-94806357B36D}.Debug|Any CPU.Build.0 = Debug|Any CPU
        		{4C0193DB-C330-4DBE-B9E2-94806357B36D}.Release|Any CPU.ActiveCfg = Release|Any CPU
        		{4C0193DB-C330-4DBE-B9E2-94806357B36D}.Release|Any CPU.Build.0 = Release|Any CPU
        		{2118C514-104C-4D9B-A2CD-9B3ECCCE651B}.Debug|Any CPU.ActiveCfg = Debug|Any CPU
        		{2118C514-104C-4D9B-A2CD-9B3ECCCE651B}.Debug|Any CPU.Build.0 = Debug|Any CPU
        		{2118C514-104C-4D9B-A2CD-9B3ECCCE651B}.Release|Any CPU.ActiveCfg = Release|Any CPU
        		{2118C514-104C-4D9B-A2CD-9B3ECCCE651B}.Release|Any CPU.Build.0 = Release|Any CPU
        		{FB2168A6-6CAD-4A68-A10B-4DF43A1AD14D}.Debug|Any CPU.ActiveCfg = Debug|Any CPU
        		{FB2168A6-6CAD-4A68-A10B-4DF43A1AD14D}.Debug|Any CPU.Build.0 = Debug|Any CPU
        		{FB2168A6-6CAD-4A68-A10B-4DF43A1AD14D}.Release|Any CPU.ActiveCfg = Release|Any CPU
        		{FB2168A6-6CAD-4A68-A10B-4DF43A1AD14D}.Release|Any CPU.Build.0 = Release|Any CPU
        		{E378E77A-88F2-4282-A48A-51AFEAE8017A}.Debug|Any CPU.ActiveCfg = Debug|Any CPU
        		{E378E77A-88F2-4282-A48A-51AFEAE8017A}.Debug|Any CPU.Build.0 = Debug|Any CPU
        		{E378E77A-88F2-4282-A48A-51AFEAE8017A}.Release|Any CPU.ActiveCfg = Release|Any CPU
        		{E378E77A-88F2-4282-A48A-51AFEAE8017A}.Release|Any CPU.Build.0 = Release|Any CPU
        	EndGlobalSection
        EndGlobal

        """;

    /// <summary>The release's README: how to open it, where answers go, and what the mode shows.</summary>
    private static string Readme(ReleaseMode mode, ReleasePlan plan) => $$"""
        # Backpropagation {{(mode == ReleaseMode.Homework ? "homework" : "tutorial")}}

        Open this folder in a GitHub Codespace or a VS Code dev container: `.devcontainer/post-create.sh` builds
        everything, installs the pinned notebook kernel (with working charts) and ends with the `doctor` command listed below. Without a
        container you need the .NET 10 SDK; run `bash .devcontainer/post-create.sh` once.

        1. Open the notebooks in `notebooks/` in order and run them from the top, with Polyglot Notebooks or with the
           Jupyter extension and its `.NET (C#)` kernel.
        2. Each answer cell holds a function whose body throws `NotImplementedException` with a first nudge. Replace
           that line with your code. Do not delete or rename the cell's first line (`// answer: …`): the grader finds
           your answers by it. An answer may call the functions of your earlier answer cells that its check allows
           (a failing check names them); nothing else from other cells. It may use MathNet for the linear algebra and,
           from the library, only Softmax, Vocabulary, Recurrence, Weights, Sampling and OneStepBackward: the grader
           refuses an answer that calls GradCheck, a model's Backward or another checker.
        3. Run the check cell under each answer. It compares your function with central differences of the forward
           pass on a few cases and prints PASS, or FAIL with a hint about where to look. The grader runs the same
           check on other cases.
        {{(mode == ReleaseMode.Homework ? HomeworkSteps : TutorialSteps)}}

        Useful commands, from this folder:

        ```bash
        dotnet run --project src/Backprop.Course -- doctor   # what is missing, with a one-line fix for each
        dotnet run --project src/Backprop.Course -- setup    # the pinned kernel for VS Code and Jupyter
        dotnet run --project src/Backprop.Course -- run      # run every notebook headlessly; HTML in artifacts/run/
        ```

        `run` exits with 0 when every cell ran and every check passed, 4 when that is so except for items not answered
        yet (it lists them), and 1 when a cell or a check failed.

        {{(plan.Revealed.Count == 0
            ? "The library's own boxed derivatives (`Boxes`) are stubs in this release too; parts of the notebooks that need\na backward pass use your answers."
            : $"The library's boxes of {string.Join(" and ", plan.Revealed.Select(p => "problem " + p[1..]))} hold the worked answers, for the notebooks\nof this release to build on; the other boxes are stubs, and parts that need them use your answers.")}}

        """;

    private const string HomeworkSteps = """
        4. Each derivation is yours too. Where the notebook says **Question.**, derive what it asks on paper, then
           write the derivation in the Markdown cell after it, the one that starts with `<!-- answer: ….derivation -->`
           (Markdown with LaTeX between `$…$` or `$$…$$`). Keep that first line. End the derivation with its result
           boxed, on a line of its own: `$$\boxed{\frac{\partial J}{\partial W^r} = …}$$`. Save the notebook and run the
           check cell under it (`Check.Written(…)`): it evaluates that result on the public cases and says whether it
           agrees or what is wrong. The grader does the same on more cases and puts its verdict beside your text; a
           person grades the derivation itself.
        5. Run `dotnet run --project src/Backprop.Course -- submit`: it reads your notebooks as the grader will and lists
           every answer or written cell it cannot find (renamed or deleted), every boxed result that is missing, wrong
           or unreadable, and every failing self-check or cell that stops the run from the top, each with a one-line
           fix; then it writes clean copies (no outputs) to artifacts/submit/. Hand those in.
        """;

    private const string TutorialSteps = """
        4. The derivations are written out above each answer cell: read them, then implement the boxed result.
           Other written answers go in the Markdown cells that start with `<!-- answer: … -->`.
        5. To have your work graded, run `dotnet run --project src/Backprop.Course -- submit` (self-checks from the top,
           clean copies without outputs in artifacts/submit/) and hand in those copies.
        """;
}
