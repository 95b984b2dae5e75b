using Backprop.Grading.Written.Diagnosis;
using Backprop.Kernel;
using Backprop.Kernel.Checking;
using Backprop.Kernel.Written;
using Backprop.Kernel.Written.Syntax;

namespace Backprop.Grading.Written;

/// <summary>
/// The grader's check of a written answer's boxed result: the student's own check (<see cref="Check.Written"/>, the
/// bounded parser and evaluator of the library) on the grader's cases, with the wrong result's mistake named from the
/// item table, the chains' known wrong results and small edits of the student's result. Never throws for any input.
/// </summary>
public static class WrittenResultChecker
{
    /// <summary>Checks one written item's cell.</summary>
    /// <param name="itemId">The written id, "p2.dJ_dWr.derivation" (or the code id, "p2.dJ_dWr").</param>
    /// <param name="cellMarkdown">The cell's Markdown, as the student wrote it.</param>
    /// <param name="specs">The cases: the public ones (the default, as in a notebook) or the grader's public and hidden ones.</param>
    /// <param name="cases">
    /// Where an item's case for a spec comes from when the caller has it already (the grader's hidden cases); null, or a
    /// null result, builds it here (once per process).
    /// </param>
    public static WrittenVerdict Check(string itemId, string cellMarkdown, IReadOnlyList<CheckCaseSpec>? specs = null, Func<CheckItem, CheckCaseSpec, CheckCase?>? cases = null) =>
        WrittenCheckRun.Check(itemId, cellMarkdown, specs, cases, NameMistake);

    private static (string Name, string Explanation)? NameMistake(MistakeQuery query)
    {
        var outcome = query.Result;
        if (!query.OnWorld && outcome.Error is null)
        {
            var known = MistakeFinder.Diagnose(query.Item.Row, query.Cases, outcome.Outputs);
            if (known is not null)
            {
                return (known.Name, known.Explanation);
            }
        }

        if (outcome.Error is null)
        {
            var lhs = query.Lhs;
            string target = lhs.Of.At?.ToString() is { } at ? lhs.Of.Name + (at.Length == 1 ? "_" + at : "_{" + at + "}") : "";
            foreach (var mistake in WrittenMistakes.All.Where(w => w.Item == query.Item.Item && w.Target == target))
            {
                if (!query.BudgetLeft())
                {
                    break;
                }

                var wrong = query.Try(ResultParser.Parse(mistake.Latex).Pieces[^1].Expression!);
                if (wrong.Error is null && Enumerable.Range(0, query.Cases.Length).All(i =>
                        outcome.Outputs[i] is { } mine && wrong.Outputs[i] is { } theirs && CheckEngine.Compare(query.Cases[i] with { Expected = theirs }, mine).Passed))
                {
                    return (mistake.Name, mistake.Explanation);
                }
            }
        }

        foreach (var mutation in Mutations.Of(query.Form))
        {
            if (!query.BudgetLeft())
            {
                break; // the search stops; the result stays wrong without a name
            }

            if (query.Try(mutation.Edited).Passed)
            {
                return (mutation.Name, mutation.Explanation);
            }
        }

        return null;
    }
}
