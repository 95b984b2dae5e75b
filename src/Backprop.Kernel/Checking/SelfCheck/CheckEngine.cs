namespace Backprop.Kernel.Checking;

/// <summary>
/// Runs an answer on cases and compares its output with central differences by the <see cref="PassRule"/>, the same
/// rule as <see cref="GradCheck"/>. The self-checks and the grader both use it; a failing verdict carries the row's
/// first hint (naming a known mistake is the grader's job, with the instructor's key).
/// </summary>
public static class CheckEngine
{
    /// <summary>Runs <paramref name="answer"/> on each case and collects a verdict. A stub's NotImplementedException propagates.</summary>
    /// <param name="item">The item being checked.</param>
    /// <param name="answer">The answer, taking the case inputs in signature order.</param>
    /// <param name="specs">Which cases; <see cref="CheckCaseSpec.Public"/> for a self-check.</param>
    public static CheckVerdict Run(CheckItem item, Func<object[], object?> answer, IEnumerable<CheckCaseSpec> specs)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(answer);
        var results = new List<CheckCaseResult>();
        foreach (var spec in specs)
        {
            var @case = item.Build(spec);
            CheckValue actual;
            try
            {
                actual = CheckValue.From(answer(@case.FreshInputs()));
            }
            catch (NotImplementedException)
            {
                throw;
            }
            catch (CheckOutputException e)
            {
                results.Add(new CheckCaseResult(@case.Description, double.PositiveInfinity, e.Message));
                continue;
            }
            catch (Exception e)
            {
                results.Add(new CheckCaseResult(@case.Description, double.PositiveInfinity, $"threw {e.GetType().Name}: {e.Message}"));
                continue;
            }

            results.Add(Compare(@case, actual, item.Tolerance));
        }

        return new CheckVerdict(item.Id, item.Title, results, item.Hint);
    }

    /// <summary>Compares an answer's output with a case's expected value: shape first, then the <see cref="PassRule"/>.</summary>
    /// <param name="case">The case, holding the expected value.</param>
    /// <param name="actual">The answer's output, flattened.</param>
    /// <param name="tolerance">The largest error that passes; the row's, normally <see cref="PassRule.Tolerance"/>.</param>
    public static CheckCaseResult Compare(CheckCase @case, CheckValue actual, double tolerance = PassRule.Tolerance)
    {
        ArgumentNullException.ThrowIfNull(@case);
        ArgumentNullException.ThrowIfNull(actual);
        var expected = @case.Expected;
        if (actual.Shape != expected.Shape || actual.Values.Length != expected.Values.Length)
        {
            return new CheckCaseResult(@case.Description, double.PositiveInfinity, $"returned shape {actual.Shape}, expected {expected.Shape}");
        }

        if (actual.Values.Any(v => !double.IsFinite(v)))
        {
            return new CheckCaseResult(@case.Description, double.PositiveInfinity, "returned NaN or ∞");
        }

        double error = PassRule.MaxError(actual.Values, expected.Values).Error;
        return new CheckCaseResult(@case.Description, error,
            PassRule.Passes(error, tolerance) ? null : $"differs from {(IsDerivative(@case.Item) ? "central differences" : "the expected value")} (relative error {error:0.0e+00})");
    }

    /// <summary>True for an item whose answer is a derivative (its function is named dJ_…), checked against central differences.</summary>
    /// <param name="item">An item id, e.g. "p2.dJ_dWr".</param>
    public static bool IsDerivative(string item) => item.Contains(".dJ_", StringComparison.Ordinal);
}
