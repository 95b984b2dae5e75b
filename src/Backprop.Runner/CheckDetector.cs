using System.Collections;
using System.Reflection;

namespace Backprop.Runner;

/// <summary>
/// Finds derivative checks among the values a cell returns, displays or keeps in variables, by their shape rather
/// than their type: an object with a bool property <c>AllPassed</c> (a GradCheckReport, a summary) or <c>Passed</c>
/// (a GradCheckResult, a CheckVerdict) is a check. A collection of such objects counts each element once; an object
/// already seen in the notebook is not counted again, so a summary list that repeats earlier checks adds nothing, and
/// the results inside a report count with the report.
/// </summary>
internal sealed class CheckDetector
{
    private static readonly string[] VerdictProperties = ["AllPassed", "Passed"];
    private static readonly string[] NameProperties = ["Item", "Title", "Name"];

    // Per type: how to read a check from it, or null when the type is not a check.
    private static readonly Dictionary<Type, CheckShape?> Shapes = [];
    private static readonly Lock ShapesLock = new();

    private readonly HashSet<object> _seen = new(ReferenceEqualityComparer.Instance);

    /// <summary>The checks in <paramref name="value"/> not seen before; empty when it holds none.</summary>
    public IEnumerable<CheckOutcome> Find(object? value, int cellNumber)
    {
        if (value is null or string)
        {
            yield break;
        }

        if (ShapeOf(value.GetType()) is { } shape)
        {
            if (_seen.Add(value))
            {
                // A report holds its own results: they are part of this check, not checks of their own.
                if (value is IEnumerable parts)
                {
                    _seen.UnionWith(parts.OfType<object>());
                }

                yield return shape.Read(value, cellNumber);
            }

            yield break;
        }

        // Only collections whose elements could be checks: a Vector<double> or a list of numbers is not walked.
        if (value is IEnumerable items && ElementsMayBeChecks(value.GetType()))
        {
            foreach (var item in items)
            {
                if (item is not null && ShapeOf(item.GetType()) is { } inner && _seen.Add(item))
                {
                    yield return inner.Read(item, cellNumber);
                }
            }
        }
    }

    private static bool ElementsMayBeChecks(Type collection)
    {
        var elementTypes = collection.GetInterfaces()
            .Append(collection)
            .Where(t => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IEnumerable<>))
            .Select(t => t.GetGenericArguments()[0])
            .ToList();
        // A non-generic collection (or IEnumerable<object>) may hold anything; a typed one only what its type allows.
        return elementTypes.Count == 0 || elementTypes.Any(t => !t.IsValueType && (!t.IsSealed || ShapeOf(t) is not null));
    }

    private static CheckShape? ShapeOf(Type type)
    {
        lock (ShapesLock)
        {
            if (!Shapes.TryGetValue(type, out var shape))
            {
                var verdict = VerdictProperties.Select(name => Property(type, name, typeof(bool))).FirstOrDefault(p => p is not null);
                shape = verdict is null
                    ? null
                    : new CheckShape(
                        verdict,
                        NameProperties.Select(n => Property(type, n, typeof(string))).OfType<PropertyInfo>().ToArray(),
                        Property(type, "MaxRelativeError", typeof(double)));
                Shapes[type] = shape;
            }

            return shape;
        }
    }

    // By name and type, skipping indexers (which C# names "Item" too).
    private static PropertyInfo? Property(Type type, string name, Type propertyType) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .FirstOrDefault(p => p.Name == name && p.PropertyType == propertyType && p.GetIndexParameters().Length == 0);

    private sealed record CheckShape(PropertyInfo Verdict, PropertyInfo[] Names, PropertyInfo? MaxRelativeError)
    {
        public CheckOutcome Read(object value, int cellNumber)
        {
            try
            {
                bool passed = (bool)Verdict.GetValue(value)!;
                var names = Names.Select(p => p.GetValue(value) as string).Where(s => !string.IsNullOrWhiteSpace(s)).ToList();
                string name = names.Count > 0 ? string.Join("  ", names) : value.GetType().Name;
                return new CheckOutcome(cellNumber, name, passed, MaxRelativeError?.GetValue(value) as double?);
            }
            catch (TargetInvocationException e)
            {
                // A check whose verdict cannot even be read has not passed.
                return new CheckOutcome(cellNumber, $"{value.GetType().Name} (reading its verdict threw {e.InnerException?.GetType().Name}: {e.InnerException?.Message})", false, null);
            }
        }
    }
}
