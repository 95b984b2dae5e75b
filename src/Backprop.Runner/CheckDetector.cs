using System.Collections;
using System.Reflection;

namespace Backprop.Runner;

/// <summary>
/// Finds derivative checks among the values a cell returns, displays or keeps in variables: an object whose type
/// implements <c>Backprop.Kernel.ICheckOutcome</c> (a GradCheckResult or report, a CheckVerdict, a CheckSummary) is a
/// check. The interface is matched by its full name, because the notebook loads the kernel from its own path. A
/// collection of checks counts each element once; an object already seen in the notebook is not counted again, so a
/// summary list that repeats earlier checks adds nothing, and the results inside a report count with the report.
/// </summary>
internal sealed class CheckDetector
{
    /// <summary>The full name of the interface every check result implements.</summary>
    internal const string OutcomeInterface = "Backprop.Kernel.ICheckOutcome";

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
                var outcome = type.GetInterface(OutcomeInterface);
                shape = outcome is null
                    ? null
                    : new CheckShape(outcome.GetProperty("Passed")!, outcome.GetProperty("Name")!, outcome.GetProperty("MaxRelativeError"));
                Shapes[type] = shape;
            }

            return shape;
        }
    }

    private sealed record CheckShape(PropertyInfo Verdict, PropertyInfo Name, PropertyInfo? MaxRelativeError)
    {
        public CheckOutcome Read(object value, int cellNumber)
        {
            try
            {
                bool passed = (bool)Verdict.GetValue(value)!;
                string name = Name.GetValue(value) is string text && !string.IsNullOrWhiteSpace(text) ? text : value.GetType().Name;
                return new CheckOutcome(cellNumber, name, passed, MaxRelativeError?.GetValue(value) is double error && !double.IsNaN(error) ? error : null);
            }
            catch (TargetInvocationException e)
            {
                // A check whose verdict cannot even be read has not passed.
                return new CheckOutcome(cellNumber, $"{value.GetType().Name} (reading its verdict threw {e.InnerException?.GetType().Name}: {e.InnerException?.Message})", false, null);
            }
        }
    }
}
