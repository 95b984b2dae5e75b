namespace Backprop.Kernel;

/// <summary>
/// Runs an answer on cases and compares its output with central differences, normwise:
/// ‖a − n‖ / max(1e-8, ‖a‖ + ‖n‖) ≤ 1e-6. The self-checks and the grader both use it.
/// </summary>
public static class CheckEngine
{
    /// <summary>The largest normwise relative error that passes; the common mistakes miss it by orders of magnitude.</summary>
    public const double Tolerance = 1e-6;

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

            results.Add(Compare(@case, actual));
        }

        return new CheckVerdict(item.Id, item.Title, results, item.Hint);
    }

    /// <summary>Compares an answer's output with a case's expected value: shape first, then the normwise relative error.</summary>
    /// <param name="case">The case, holding the expected value.</param>
    /// <param name="actual">The answer's output, flattened.</param>
    public static CheckCaseResult Compare(CheckCase @case, CheckValue actual)
    {
        ArgumentNullException.ThrowIfNull(@case);
        ArgumentNullException.ThrowIfNull(actual);
        var expected = @case.Expected;
        if (actual.Shape != expected.Shape || actual.Values.Length != expected.Values.Length)
        {
            bool transposed = actual.Shape.Split('×') is [var r, var c] && expected.Shape == $"{c}×{r}";
            return new CheckCaseResult(@case.Description, double.PositiveInfinity, $"returned shape {actual.Shape}, expected {expected.Shape}" +
                (transposed ? ": transposed, but a gradient has the shape of its variable" : ""));
        }

        if (actual.Values.Any(v => !double.IsFinite(v)))
        {
            return new CheckCaseResult(@case.Description, double.PositiveInfinity, "returned NaN or ∞");
        }

        double error = RelativeError(actual.Values, expected.Values);
        return new CheckCaseResult(@case.Description, error,
            error <= Tolerance ? null : $"differs from central differences (relative error {error:0.0e+00})" +
                (NamedMistakes.Name(actual, expected) is { } mistake ? ": " + mistake : ""));
    }

    /// <summary>‖a − n‖ / max(1e-8, ‖a‖ + ‖n‖) over all entries.</summary>
    /// <param name="analytic">a.</param>
    /// <param name="numeric">n.</param>
    public static double RelativeError(IReadOnlyList<double> analytic, IReadOnlyList<double> numeric)
    {
        double difference = 0, a = 0, n = 0;
        for (int i = 0; i < analytic.Count; i++)
        {
            difference += (analytic[i] - numeric[i]) * (analytic[i] - numeric[i]);
            a += analytic[i] * analytic[i];
            n += numeric[i] * numeric[i];
        }

        return Math.Sqrt(difference) / Math.Max(1e-8, Math.Sqrt(a) + Math.Sqrt(n));
    }
}
