using Backprop.Grading.Notebooks;
using Backprop.Kernel;
using Backprop.Kernel.Checking;

namespace Backprop.Grading.Tests;

/// <summary>The grading fixture is generated from the instructor notebooks, whose solution regions are the boxes.</summary>
public class GradingFixtureTests
{
    [Fact]
    public void The_committed_fixture_is_what_the_generator_writes_from_the_instructor_notebooks()
    {
        string generated = GradingFixture.Generate(TestPaths.Root);
        string path = Path.Combine(TestPaths.Root, GradingFixture.RelativePath);
        if (Environment.GetEnvironmentVariable(GradingFixture.WriteVariable) == "1")
        {
            File.WriteAllText(path, generated);
            Assert.Fail($"Rewrote {path} from the instructor notebooks. Run the test again without {GradingFixture.WriteVariable} to check it.");
        }

        Assert.True(File.Exists(path), $"{path} is missing: generate it with {GradingFixture.WriteVariable}=1 dotnet test tests/Backprop.Grading.Tests --filter GradingFixtureTests");
        string committed = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
        int differs = Enumerable.Range(0, Math.Min(committed.Length, generated.Length)).FirstOrDefault(i => committed[i] != generated[i], -1);
        Assert.True(committed == generated,
            $"{GradingFixture.RelativePath} is generated and differs from what GradingFixture writes from notebooks/ "
            + $"(first difference at character {(differs < 0 ? Math.Min(committed.Length, generated.Length) : differs)}). Do not edit it by hand; regenerate it with "
            + $"{GradingFixture.WriteVariable}=1 dotnet test tests/Backprop.Grading.Tests --filter GradingFixtureTests, then run the test again.");
    }

    [Fact]
    public void The_fixture_holds_each_rows_answer_cell_exactly_as_the_instructor_notebook_has_it_and_the_same_written_cells()
    {
        var fixture = NotebookReader.Read(TestPaths.SolutionNotebook, out string? problem)!;
        Assert.Null(problem);
        var instructor = Directory.EnumerateFiles(Path.Combine(TestPaths.Root, "notebooks"), "0*.ipynb").Where(f => !f.EndsWith(".executed.ipynb", StringComparison.Ordinal))
            .SelectMany(f => NotebookReader.Read(f, out _)!.Cells).ToArray();
        foreach (var row in CheckItems.All)
        {
            Assert.Equal(instructor.Single(c => c.Identity.Answer == row.Id).Source, fixture.Cells.Single(c => c.Identity.Answer == row.Id).Source);
            Assert.Contains(fixture.Cells, c => c.Identity.Check == row.Id);
        }

        Assert.Equal(instructor.Select(c => c.Identity.Manual).OfType<string>().Order(), fixture.Cells.Select(c => c.Identity.Manual).OfType<string>().Order());
        Assert.Single(fixture.Cells, c => c.Identity.Instructor);
    }
}
