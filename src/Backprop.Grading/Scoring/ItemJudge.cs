using System.Globalization;
using System.Text;
using Backprop.Grading.Isolation;
using Backprop.Grading.Sandbox;
using Backprop.Kernel;
using Backprop.Kernel.Checking;

namespace Backprop.Grading.Scoring;

/// <summary>
/// The judge stage: what came back from a run child, compared with the hidden cases' expected values under the row's
/// own tolerance, becomes an item's verdict, points and feedback (with the known mistake that explains it, if one
/// does). Only here, in the grader, are expected values known.
/// </summary>
public static class ItemJudge
{
    /// <summary>The verdict on one item's outputs.</summary>
    /// <param name="points">The item's points.</param>
    /// <param name="row">The item's row of the table: its title, tolerance, hint and known mistakes.</param>
    /// <param name="cases">The cases the answer ran on, with their expected values.</param>
    /// <param name="location">Where the answer is, for messages.</param>
    /// <param name="outcome">What the run child sent back.</param>
    public static ItemResult Judge(ItemPoints points, CheckItem row, IReadOnlyList<CheckCase> cases, string location, SandboxOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.Outputs is null || outcome.Outputs.Count != cases.Count)
        {
            return Failed(points, row.Title, $"Your answer ({location}) {outcome.Problem ?? "sent back the wrong number of outputs"}. Other items were graded normally.");
        }

        var problems = outcome.Outputs.Select(o => o.Problem).ToArray();
        var outputs = outcome.Outputs.Select((o, i) => Flatten(o, out problems[i])).ToArray();
        var results = cases.Select((c, i) => outputs[i] is { } value
            ? CheckEngine.Compare(c, value, row.Tolerance)
            : new CheckCaseResult(c.Description, double.PositiveInfinity, problems[i] ?? "returned nothing")).ToArray();
        var verdict = new CheckVerdict(row.Id, row.Title, results, row.Hint);
        if (verdict.Passed)
        {
            return new ItemResult(points.Id, row.Title, ItemVerdict.Passed, points.Points, points.Points,
                $"Correct: matches central differences on all {cases.Count} hidden cases (largest relative error {verdict.MaxRelativeError.ToString("0.0e+00", CultureInfo.InvariantCulture)}).");
        }

        var mistake = MistakeFinder.Diagnose(row, cases, outputs, problems);
        var text = new StringBuilder();
        if (mistake is not null)
        {
            text.AppendLine($"Likely mistake: {mistake.Name}: {mistake.Explanation}"); // as the self-checks say it
        }

        text.AppendLine($"{results.Count(c => !c.Passed)} of {cases.Count} hidden cases differ from central differences:");
        foreach (var c in results)
        {
            text.AppendLine($"  {c.Description}: {(c.Passed ? "ok" : c.Problem)}");
        }

        text.Append("Hint: ").Append(row.Hint);
        return Failed(points, row.Title, text.ToString(), mistake?.Name);
    }

    /// <summary>
    /// A case's output as the self-checks compare it: the wire value back as MathNet objects, flattened by
    /// <see cref="CheckValue.From"/>; null with <paramref name="problem"/> set when there is none or it cannot be compared.
    /// </summary>
    private static CheckValue? Flatten(SandboxCaseOutput output, out string? problem)
    {
        problem = output.Problem;
        if (output.Value is null)
        {
            return null;
        }

        try
        {
            return CheckValue.From(output.Value.ToObject());
        }
        catch (Exception e) when (e is CheckOutputException or InvalidDataException)
        {
            problem = e.Message;
            return null;
        }
    }

    /// <summary>A failed item: no points, and why.</summary>
    /// <param name="points">The item's points.</param>
    /// <param name="title">The item's title.</param>
    /// <param name="output">What went wrong, for the student.</param>
    /// <param name="mistake">The known mistake, if one explains it.</param>
    public static ItemResult Failed(ItemPoints points, string title, string output, string? mistake = null)
    {
        ArgumentNullException.ThrowIfNull(points);
        return new ItemResult(points.Id, title, ItemVerdict.Failed, 0, points.Points, output, mistake);
    }
}
