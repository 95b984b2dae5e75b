using Backprop.Kernel.Written;

namespace Backprop.Grading.Written.Tests;

public sealed class InstructorAnswerTests
{
    [Fact]
    public void Every_derivation_has_an_instructor_answer_and_a_checked_item()
    {
        var answers = Support.InstructorAnswers().ToArray();
        Assert.Equal(WrittenItems.All.Select(w => w.WrittenId).Order(StringComparer.Ordinal), answers.Select(a => a.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_instructors_solution_regions_are_all_accepted()
    {
        var failures = new List<string>();
        foreach (var (id, notebook, markdown) in Support.InstructorAnswers())
        {
            var verdict = WrittenResultChecker.Check(id, markdown, Support.Specs);
            if (verdict.Status != WrittenStatus.Agrees)
            {
                failures.Add($"{notebook} {id}: {verdict.Label}: {verdict.Feedback} [{verdict.Result}]");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
