using System.Collections;
using System.Reflection;

namespace Backprop.Runner;

/// <summary>
/// Finds derivative checks among the values a cell returns or displays, by their shape rather than their type:
/// an object with a bool property <c>AllPassed</c> (a GradCheckReport) or <c>Passed</c> (a GradCheckResult or a
/// CheckVerdict) is a check. A list of such objects (a summary table) counts each element once; an object already
/// seen in the notebook is not counted again, so a summary that repeats earlier checks adds nothing.
/// </summary>
internal sealed class CheckDetector
{
    private static readonly string[] VerdictProperties = ["AllPassed", "Passed"];
    private static readonly string[] NameProperties = ["Item", "Title", "Name"];

    private readonly HashSet<object> _seen = new(ReferenceEqualityComparer.Instance);

    /// <summary>The checks in <paramref name="value"/> not seen before; empty when it holds none.</summary>
    public IEnumerable<CheckOutcome> Find(object? value, int cellNumber)
    {
        if (value is null or string)
        {
            yield break;
        }

        if (AsCheck(value, cellNumber) is { } check)
        {
            if (_seen.Add(value))
            {
                yield return check;
            }

            yield break;
        }

        if (value is IEnumerable items)
        {
            foreach (var item in items)
            {
                if (item is not null && AsCheck(item, cellNumber) is { } inner && _seen.Add(item))
                {
                    yield return inner;
                }
            }
        }
    }

    private static CheckOutcome? AsCheck(object value, int cellNumber)
    {
        var type = value.GetType();
        var verdict = VerdictProperties.Select(name => Property(type, name, typeof(bool))).FirstOrDefault(p => p is not null);
        if (verdict is null)
        {
            return null;
        }

        try
        {
            bool passed = (bool)verdict.GetValue(value)!;
            var names = NameProperties
                .Select(n => Property(type, n, typeof(string))?.GetValue(value) as string)
                .Where(s => !string.IsNullOrWhiteSpace(s))
                .ToList();
            string name = names.Count > 0 ? string.Join("  ", names) : type.Name;
            double? error = Property(type, "MaxRelativeError", typeof(double))?.GetValue(value) as double?;
            return new CheckOutcome(cellNumber, name, passed, error);
        }
        catch (TargetInvocationException e)
        {
            // A check whose verdict cannot even be read has not passed.
            return new CheckOutcome(cellNumber, $"{type.Name} (reading its verdict threw {e.InnerException?.GetType().Name}: {e.InnerException?.Message})", false, null);
        }
    }

    // By name and type, skipping indexers (which C# names "Item" too).
    private static PropertyInfo? Property(Type type, string name, Type propertyType) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .FirstOrDefault(p => p.Name == name && p.PropertyType == propertyType && p.GetIndexParameters().Length == 0);
}
