using Backprop.Kernel.Checking;
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
        var (values, writeBack) = Entries(variable);
        return Run(name, shape, values, writeBack, analytic.AsColumnMajorArray() ?? analytic.ToColumnMajorArray(), objective, options ?? GradCheckOptions.Default, rows);
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
        var (values, writeBack) = Entries(variable);
        return Run(name, shape, values, writeBack, analytic.AsArray() ?? analytic.ToArray(), objective, options ?? GradCheckOptions.Default, rows: 0);
    }

    /// <summary>The central-difference gradient of <paramref name="objective"/> with respect to every entry of <paramref name="variable"/>.</summary>
    /// <param name="variable">Perturbed in place and restored, shape (R×C).</param>
    /// <param name="objective">J as a function of the current value of <paramref name="variable"/>.</param>
    /// <param name="step">ε.</param>
    /// <returns>The numeric gradient, shape (R×C).</returns>
    public static Matrix<double> Numeric(Matrix<double> variable, Func<double> objective, double step = 1e-5)
    {
        ArgumentNullException.ThrowIfNull(variable);
        int rows = variable.RowCount;
        var (values, writeBack) = Entries(variable);
        var numeric = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            numeric[i] = CentralDifference(values, i, writeBack, objective, step);
        }

        return Matrix<double>.Build.Dense(rows, variable.ColumnCount, numeric);
    }

    /// <summary>The central-difference gradient of <paramref name="objective"/> with respect to every entry of <paramref name="variable"/>.</summary>
    /// <param name="variable">Perturbed in place and restored, shape (K).</param>
    /// <param name="objective">J as a function of the current value of <paramref name="variable"/>.</param>
    /// <param name="step">ε.</param>
    /// <returns>The numeric gradient, shape (K).</returns>
    public static Vector<double> Numeric(Vector<double> variable, Func<double> objective, double step = 1e-5)
    {
        ArgumentNullException.ThrowIfNull(variable);
        var (values, writeBack) = Entries(variable);
        var numeric = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            numeric[i] = CentralDifference(values, i, writeBack, objective, step);
        }

        return Vector<double>.Build.Dense(numeric);
    }

    /// <summary>
    /// The variable's entries as one array, column-major for a matrix: its own storage when dense (perturbed in place),
    /// otherwise a copy, with a write-back that perturbs the variable itself too.
    /// </summary>
    private static (double[] Values, Action<int, double>? WriteBack) Entries(Matrix<double> variable)
    {
        int rows = variable.RowCount;
        return variable.AsColumnMajorArray() is { } values
            ? (values, null)
            : (variable.ToColumnMajorArray(), (i, v) => variable[i % rows, i / rows] = v);
    }

    private static (double[] Values, Action<int, double>? WriteBack) Entries(Vector<double> variable) =>
        variable.AsArray() is { } values ? (values, null) : (variable.ToArray(), (i, v) => variable[i] = v);

    /// <summary>
    /// Compares analytic[i] with the central difference at values[i] for every chosen entry i, then applies the pass rule.
    /// <paramref name="rows"/> is the matrix's row count, for naming the worst entry [row,column]; 0 for a vector.
    /// </summary>
    private static GradCheckResult Run(
        string name, string shape, double[] values, Action<int, double>? writeBack, double[] analytic, Func<double> objective, GradCheckOptions options, int rows)
    {
        options.Validate();
        var entries = Chosen(values.Length, options);
        var a = new double[entries.Length];
        var n = new double[entries.Length];
        for (int k = 0; k < entries.Length; k++)
        {
            int i = entries[k];
            a[k] = analytic[i];
            n[k] = options.Extrapolate
                ? (4 * CentralDifference(values, i, writeBack, objective, options.Step / 2) - CentralDifference(values, i, writeBack, objective, options.Step)) / 3
                : CentralDifference(values, i, writeBack, objective, options.Step);
        }

        var (error, worst) = PassRule.MaxError(a, n);
        return worst < 0
            ? new GradCheckResult(name, shape, 0, 0, "-", double.NaN, double.NaN, options.Threshold)
            : new GradCheckResult(name, shape, entries.Length, error, Describe(entries[worst], rows), a[worst], n[worst], options.Threshold);
    }

    /// <summary>(J(θ + ε e_i) − J(θ − ε e_i)) / 2ε, with entry i put back exactly afterwards.</summary>
    private static double CentralDifference(double[] values, int i, Action<int, double>? writeBack, Func<double> objective, double step)
    {
        double original = values[i];
        try
        {
            Set(original + step);
            double plus = objective();
            Set(original - step);
            double minus = objective();
            return (plus - minus) / (2 * step);
        }
        finally
        {
            Set(original);
        }

        void Set(double v)
        {
            values[i] = v;
            writeBack?.Invoke(i, v);
        }
    }

    /// <summary>"[i]" for a vector, "[row,column]" for entry i of a column-major matrix with <paramref name="rows"/> rows.</summary>
    private static string Describe(int i, int rows) =>
        rows == 0 ? $"[{i}]" : $"[{i % rows},{i / rows}]";

    /// <summary>Every index, or a seeded sample of distinct indices (a partial Fisher–Yates shuffle).</summary>
    private static int[] Chosen(int count, GradCheckOptions options)
    {
        var order = new int[count];
        for (int i = 0; i < count; i++)
        {
            order[i] = i;
        }

        if (options.Samples is not int samples || samples >= count)
        {
            return order;
        }

        var random = new MersenneTwister(options.Seed, threadSafe: false);
        for (int k = 0; k < samples; k++)
        {
            int pick = k + random.Next(count - k);
            (order[k], order[pick]) = (order[pick], order[k]);
        }

        return order[..samples];
    }
}
