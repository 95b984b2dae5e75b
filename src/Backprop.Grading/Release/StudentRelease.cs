using Backprop.Grading.Notebooks;

namespace Backprop.Grading.Release;

/// <summary>
/// Writes the student release: the notebooks stubbed, Backprop.Kernel's sources with every solution region stubbed
/// (so neither source nor compiled reference answers ship), the build files, a one-project solution and a README.
/// It builds with <c>dotnet build</c>, and each notebook stops at its first stub with that stub's hint.
/// </summary>
public static class StudentRelease
{
    /// <summary>The root files the release needs to build, copied as they are.</summary>
    public static IReadOnlyList<string> BuildFiles { get; } = ["global.json", "Directory.Build.props", "Directory.Packages.props", "NuGet.config", "nuget.config"];

    /// <summary>Writes the release into <paramref name="outputDirectory"/> (emptied first) and returns the files written.</summary>
    /// <param name="root">The repository root.</param>
    /// <param name="outputDirectory">The release folder.</param>
    public static IReadOnlyList<string> Write(string root, string outputDirectory)
    {
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

        foreach (string relative in RepositoryFiles.Under(root, "notebooks").Where(IsReleasedNotebook))
        {
            var notebook = NotebookReader.Read(Path.Combine(root, relative), out string? problem)
                ?? throw new InvalidDataException($"{relative}: {problem}");
            Put(relative, NotebookRelease.Serialize(NotebookRelease.Make(notebook)));
        }

        foreach (string relative in RepositoryFiles.Under(root, "src/Backprop.Kernel"))
        {
            string text = File.ReadAllText(Path.Combine(root, relative));
            Put(relative, relative.EndsWith(".cs", StringComparison.Ordinal) ? SolutionRegions.StubCode(text, relative) : text);
        }

        foreach (string relative in BuildFiles.Where(f => File.Exists(Path.Combine(root, f))).Concat(RepositoryFiles.Under(root, ".devcontainer")))
        {
            Put(relative, File.ReadAllText(Path.Combine(root, relative)));
        }

        Put("Backprop.Student.sln", Solution);
        Put("README.md", Readme);
        return written;
    }

    private static bool IsReleasedNotebook(string relative) =>
        relative.EndsWith(".ipynb", StringComparison.Ordinal) && !relative.EndsWith(".executed.ipynb", StringComparison.Ordinal) && !relative.Contains("/.ipynb_checkpoints/", StringComparison.Ordinal);

    private const string Solution = """
        
        Microsoft Visual Studio Solution File, Format Version 12.00
        # Visual Studio Version 17
        VisualStudioVersion = 17.0.31903.59
        MinimumVisualStudioVersion = 10.0.40219.1
        Project("{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}") = "Backprop.Kernel", "src\Backprop.Kernel\Backprop.Kernel.csproj", "{4C0193DB-C330-4DBE-B9E2-94806357B36D}"
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
        	EndGlobalSection
        EndGlobal

        """;

    private const string Readme = """
        # Backpropagation homework

        You need the .NET 10 SDK and VS Code with the Polyglot Notebooks extension (or Jupyter with the .NET kernel).

        1. Build the library once: `dotnet build Backprop.Student.sln`.
        2. Open the notebooks in `notebooks/` in order and run them from the top.
        3. Each answer cell holds a function that throws `NotImplementedException` with a hint. Replace that line
           with your code. Do not delete or rename the cell's first line (`// answer: …`): the grader finds your
           answers by it.
        4. Run the check cell under each answer. It compares your function with central differences of the forward
           pass on a few cases and prints PASS or FAIL with a hint. The grader runs the same check on other cases.
        5. Written answers go in the Markdown cells that start with `<!-- answer: … -->`.
        6. Submit the .ipynb files you worked in.

        The library's own boxed derivatives (`Boxes`) are stubs in this release too; parts of the notebooks that
        need a backward pass use your answers.

        """;
}
