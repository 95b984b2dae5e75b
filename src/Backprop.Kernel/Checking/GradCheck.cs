using System.Runtime.CompilerServices;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Random;

namespace Backprop.Kernel;

/// <summary>
/// Compares an analytic derivative with central differences of the objective:
/// n = (J(θ + ε e_i) − J(θ − ε e_i)) / 2ε, judged by the <see cref="PassRule"/> that the self-checks use too.
/// The variable is perturbed in place, one entry at a time, and always restored.
/// </summary>
public static class GradCheck
{
    /// <summary>|a − n| / max(1e-8, |a| + |n|) for one entry on its own (the <see cref="PassRule"/> with only its absolute floor); NaN or ∞ gives +∞.</summary>
    /// <param name="analytic">a.</param>
    /// <param name="numeric">n.</param>
    public static double RelativeError(double analytic, double numeric) => PassRule.EntryError(analytic, numeric, PassRule.AbsoluteFloor);

    /// <summary>Checks a matrix derivative; <paramref name="objective"/> must read <paramref name="variable"/> each time it runs.</summary>
    /// <param name="name">The derivative's name, e.g. "dJ/dWr".</param>
    /// <param name="variable">The matrix being differentiated, perturbed in place, shape (R×C).</param>
    /// <param name="analytic">The derivative to check, shape (R×C).</param>
    /// <param name="objective">J as a function of the current value of <paramref name="variable"/>.</param>
    /// <param name="options">Step, threshold and sampling; null for the defaults.</param>
    /// <param name="letters">The shape's letters, e.g. "M×M"; shown in the report.</param>
    public static GradCheckResult Compare(
        string name, Matrix<double> variable, Matrix<double> analytic, Func<double> objective, GradCheckOptions? options = null, string? letters = null)
    {
        ArgumentNullException.ThrowIfNull(variable);
        ArgumentNullException.ThrowIfNull(analytic);
        ArgumentNullException.ThrowIfNull(objective);
        Guard.Shape(analytic, name, letters ?? "the variable's shape", variable.RowCount, variable.ColumnCount);
        int rows = variable.RowCount;
        string shape = $"{(letters is null ? "" : letters + " = ")}{rows}×{variable.ColumnCount}";
        // Dense matrices are read and perturbed through their column-major storage: entry i is [i % rows, i / rows].
        var values = variable.AsColumnMajorArray();
        var analyticValues = analytic.AsColumnMajorArray();
        return Run(name, shape, rows * variable.ColumnCount, options ?? GradCheckOptions.Default,
            values is null ? i => variable[i % rows, i / rows] : i => values[i],
            values is null ? (i, v) => variable[i % rows, i / rows] = v : (i, v) => values[i] = v,
            analyticValues is null ? i => analytic[i % rows, i / rows] : i => analyticValues[i], objective, i => $"[{i % rows},{i / rows}]");
    }

    /// <summary>Checks a vector derivative; <paramref name="objective"/> must read <paramref name="variable"/> each time it runs.</summary>
    /// <param name="name">The derivative's name, e.g. "dJ/dh1".</param>
    /// <param name="variable">The vector being differentiated, perturbed in place, shape (K).</param>
    /// <param name="analytic">The derivative to check, shape (K).</param>
    /// <param name="objective">J as a function of the current value of <paramref name="variable"/>.</param>
    /// <param name="options">Step, threshold and sampling; null for the defaults.</param>
    /// <param name="letter">The length's letter, e.g. "M"; shown in the report.</param>
    public static GradCheckResult Compare(
        string name, Vector<double> variable, Vector<double> analytic, Func<double> objective, GradCheckOptions? options = null, string? letter = null)
    {
        ArgumentNullException.ThrowIfNull(variable);
        ArgumentNullException.ThrowIfNull(analytic);
        ArgumentNullException.ThrowIfNull(objective);
        Guard.Length(analytic, name, letter ?? "the variable's length", variable.Count);
        string shape = $"({(letter is null ? "" : letter + " = ")}{variable.Count})";
        var values = variable.AsArray();
        var analyticValues = analytic.AsArray();
        return Run(name, shape, variable.Count, options ?? GradCheckOptions.Default,
            values is null ? i => variable[i] : i => values[i], values is null ? (i, v) => variable[i] = v : (i, v) => values[i] = v,
            analyticValues is null ? i => analytic[i] : i => analyticValues[i], objective, i => $"[{i}]");
    }

    /// <summary>The central-difference gradient of <paramref name="objective"/> with respect to every entry of <paramref name="variable"/>.</summary>
    /// <param name="variable">Perturbed in place and restored, shape (R×C).</param>
    /// <param name="objective">J as a function of the current value of <paramref name="variable"/>.</param>
    /// <param name="step">ε.</param>
    /// <returns>The numeric gradient, shape (R×C).</returns>
    public static Matrix<double> Numeric(Matrix<double> variable, Func<double> objective, double step = 1e-5)
    {
        ArgumentNullException.ThrowIfNull(variable);
        var numeric = Matrix<double>.Build.Dense(variable.RowCount, variable.ColumnCount);
        for (int j = 0; j < variable.ColumnCount; j++)
        {
            for (int i = 0; i < variable.RowCount; i++)
            {
                numeric[i, j] = CentralDifference(() => variable[i, j], v => variable[i, j] = v, objective, step);
            }
        }

        return numeric;
    }

    /// <summary>The central-difference gradient of <paramref name="objective"/> with respect to every entry of <paramref name="variable"/>.</summary>
    /// <param name="variable">Perturbed in place and restored, shape (K).</param>
    /// <param name="objective">J as a function of the current value of <paramref name="variable"/>.</param>
    /// <param name="step">ε.</param>
    /// <returns>The numeric gradient, shape (K).</returns>
    public static Vector<double> Numeric(Vector<double> variable, Func<double> objective, double step = 1e-5)
    {
        ArgumentNullException.ThrowIfNull(variable);
        var numeric = Vector<double>.Build.Dense(variable.Count);
        for (int i = 0; i < variable.Count; i++)
        {
            numeric[i] = CentralDifference(() => variable[i], v => variable[i] = v, objective, step);
        }

        return numeric;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static GradCheckResult Run(
        string name, string shape, int count, GradCheckOptions options,
        Func<int, double> get, Action<int, double> set, Func<int, double> analytic, Func<double> objective, Func<int, string> describe)
    {
        options.Validate();
        var entries = Entries(count, options).ToArray();
        var a = new double[entries.Length];
        var n = new double[entries.Length];
        for (int k = 0; k < entries.Length; k++)
        {
            int i = entries[k];
            a[k] = analytic(i);
            n[k] = options.Extrapolate
                ? Extrapolated(() => get(i), v => set(i, v), objective, options.Step)
                : CentralDifference(() => get(i), v => set(i, v), objective, options.Step);
        }

        var (error, worst) = PassRule.MaxError(a, n);
        return worst < 0
            ? new GradCheckResult(name, shape, 0, 0, "-", double.NaN, double.NaN, options.Threshold)
            : new GradCheckResult(name, shape, entries.Length, error, describe(entries[worst]), a[worst], n[worst], options.Threshold);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double CentralDifference(Func<double> get, Action<double> set, Func<double> objective, double step)
    {
        double original = get();
        try
        {
            set(original + step);
            double plus = objective();
            set(original - step);
            double minus = objective();
            return (plus - minus) / (2 * step);
        }
        finally
        {
            set(original);
        }
    }

    /// <summary>(4·n(ε/2) − n(ε)) / 3: the ε² terms of the two central differences cancel.</summary>
    private static double Extrapolated(Func<double> get, Action<double> set, Func<double> objective, double step) =>
        (4 * CentralDifference(get, set, objective, step / 2) - CentralDifference(get, set, objective, step)) / 3;

    /// <summary>Every index, or a seeded sample of distinct indices (a partial Fisher–Yates shuffle).</summary>
    private static IEnumerable<int> Entries(int count, GradCheckOptions options)
    {
        if (options.Samples is not int samples || samples >= count)
        {
            return Enumerable.Range(0, count);
        }

        var order = Enumerable.Range(0, count).ToArray();
        var random = new MersenneTwister(options.Seed, threadSafe: false);
        for (int k = 0; k < samples; k++)
        {
            int pick = k + random.Next(count - k);
            (order[k], order[pick]) = (order[pick], order[k]);
        }

        return order.Take(samples);
    }
}
