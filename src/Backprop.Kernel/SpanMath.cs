using System.Numerics;
using System.Runtime.InteropServices;

namespace Backprop.Kernel;

/// <summary>The few dense loops the models need, written once over spans with SIMD.</summary>
internal static class SpanMath
{
    /// <summary>The column-major entries of a matrix: its own storage when dense, a copy otherwise.</summary>
    public static double[] ColumnMajor(MathNet.Numerics.LinearAlgebra.Matrix<double> matrix) =>
        matrix.AsColumnMajorArray() ?? matrix.ToColumnMajorArray();

    /// <summary>y += a·x.</summary>
    public static void Axpy(double a, ReadOnlySpan<double> x, Span<double> y)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<double>.Count)
        {
            var va = new Vector<double>(a);
            var vx = MemoryMarshal.Cast<double, Vector<double>>(x);
            var vy = MemoryMarshal.Cast<double, Vector<double>>(y);
            for (int k = 0; k < vx.Length; k++)
            {
                vy[k] += va * vx[k];
            }

            i = vx.Length * Vector<double>.Count;
        }

        for (; i < x.Length; i++)
        {
            y[i] += a * x[i];
        }
    }

    /// <summary>xᵀy.</summary>
    public static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        int i = 0;
        double sum = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<double>.Count)
        {
            var vx = MemoryMarshal.Cast<double, Vector<double>>(x);
            var vy = MemoryMarshal.Cast<double, Vector<double>>(y);
            var acc = Vector<double>.Zero;
            for (int k = 0; k < vx.Length; k++)
            {
                acc += vx[k] * vy[k];
            }

            sum = Vector.Sum(acc);
            i = vx.Length * Vector<double>.Count;
        }

        for (; i < x.Length; i++)
        {
            sum += x[i] * y[i];
        }

        return sum;
    }

    /// <summary>y = A x for a column-major A of shape (rows × x.Length).</summary>
    public static void MultiplyInto(ReadOnlySpan<double> a, int rows, ReadOnlySpan<double> x, Span<double> y)
    {
        y.Clear();
        for (int j = 0; j < x.Length; j++)
        {
            if (x[j] != 0)
            {
                Axpy(x[j], a.Slice(j * rows, rows), y);
            }
        }
    }

    /// <summary>y = Aᵀ x for a column-major A of shape (x.Length × y.Length).</summary>
    public static void TransposeMultiplyInto(ReadOnlySpan<double> a, ReadOnlySpan<double> x, Span<double> y)
    {
        int rows = x.Length;
        for (int j = 0; j < y.Length; j++)
        {
            y[j] = Dot(a.Slice(j * rows, rows), x);
        }
    }
}
