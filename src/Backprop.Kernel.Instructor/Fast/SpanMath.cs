using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Backprop.Kernel.Fast;

/// <summary>
/// The few dense loops the models need, written once over spans with SIMD. Matrices are column-major.
/// The loops a gradient check runs thousands of times (the recurrence and J) and those of the backward pass through
/// time are compiled fully optimised on their first call (AggressiveOptimization), so a fresh process does not run
/// them as unoptimised tier-0 code. The output layer's loops (MultiplyAddRowsInto, TransposeMultiplyAddRowsInto,
/// ScaleInto), which run once per Step, are left to tiered compilation: a fresh process's first check calls them once,
/// and compiling them fully optimised cost more than that call (docs/benchmarks.md).
/// Multiplications and additions are never fused, so results are the same on every x64 machine.
/// </summary>
internal static class SpanMath
{
    /// <summary>The column-major entries of a matrix: its own storage when dense, a copy otherwise.</summary>
    public static double[] ColumnMajor(MathNet.Numerics.LinearAlgebra.Matrix<double> matrix) =>
        matrix.AsColumnMajorArray() ?? matrix.ToColumnMajorArray();

    /// <summary>y += a·x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    /// <summary>
    /// y += a0·x0 + a1·x1 + a2·x2 + a3·x3, added in that order, so the result equals four calls of
    /// <see cref="Axpy"/>; y is loaded and stored once instead of four times. Every x has y's length.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Axpy4(
        double a0, ReadOnlySpan<double> x0, double a1, ReadOnlySpan<double> x1,
        double a2, ReadOnlySpan<double> x2, double a3, ReadOnlySpan<double> x3, Span<double> y)
    {
        int n = y.Length;
        x0 = x0[..n];
        x1 = x1[..n];
        x2 = x2[..n];
        x3 = x3[..n];
        ref double ry = ref MemoryMarshal.GetReference(y);
        ref double r0 = ref MemoryMarshal.GetReference(x0);
        ref double r1 = ref MemoryMarshal.GetReference(x1);
        ref double r2 = ref MemoryMarshal.GetReference(x2);
        ref double r3 = ref MemoryMarshal.GetReference(x3);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var va0 = Vector256.Create(a0);
            var va1 = Vector256.Create(a1);
            var va2 = Vector256.Create(a2);
            var va3 = Vector256.Create(a3);
            for (; i <= n - 4; i += 4)
            {
                nuint k = (nuint)i;
                var v = Vector256.LoadUnsafe(ref ry, k);
                v += va0 * Vector256.LoadUnsafe(ref r0, k);
                v += va1 * Vector256.LoadUnsafe(ref r1, k);
                v += va2 * Vector256.LoadUnsafe(ref r2, k);
                v += va3 * Vector256.LoadUnsafe(ref r3, k);
                v.StoreUnsafe(ref ry, k);
            }
        }

        for (; i < n; i++)
        {
            double v = Unsafe.Add(ref ry, i);
            v += a0 * Unsafe.Add(ref r0, i);
            v += a1 * Unsafe.Add(ref r1, i);
            v += a2 * Unsafe.Add(ref r2, i);
            v += a3 * Unsafe.Add(ref r3, i);
            Unsafe.Add(ref ry, i) = v;
        }
    }

    /// <summary>xᵀy.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    /// <summary>The four dot products x·c0, x·c1, x·c2, x·c3 in one sweep over x; every c has x's length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (double, double, double, double) Dot4(
        ReadOnlySpan<double> x, ReadOnlySpan<double> c0, ReadOnlySpan<double> c1, ReadOnlySpan<double> c2, ReadOnlySpan<double> c3)
    {
        int n = x.Length;
        c0 = c0[..n];
        c1 = c1[..n];
        c2 = c2[..n];
        c3 = c3[..n];
        ref double rx = ref MemoryMarshal.GetReference(x);
        ref double r0 = ref MemoryMarshal.GetReference(c0);
        ref double r1 = ref MemoryMarshal.GetReference(c1);
        ref double r2 = ref MemoryMarshal.GetReference(c2);
        ref double r3 = ref MemoryMarshal.GetReference(c3);
        double d0 = 0, d1 = 0, d2 = 0, d3 = 0;
        int i = 0;
        if (Vector256.IsHardwareAccelerated && n >= 4)
        {
            var acc0 = Vector256<double>.Zero;
            var acc1 = Vector256<double>.Zero;
            var acc2 = Vector256<double>.Zero;
            var acc3 = Vector256<double>.Zero;
            for (; i <= n - 4; i += 4)
            {
                nuint k = (nuint)i;
                var vx = Vector256.LoadUnsafe(ref rx, k);
                acc0 += vx * Vector256.LoadUnsafe(ref r0, k);
                acc1 += vx * Vector256.LoadUnsafe(ref r1, k);
                acc2 += vx * Vector256.LoadUnsafe(ref r2, k);
                acc3 += vx * Vector256.LoadUnsafe(ref r3, k);
            }

            d0 = Vector256.Sum(acc0);
            d1 = Vector256.Sum(acc1);
            d2 = Vector256.Sum(acc2);
            d3 = Vector256.Sum(acc3);
        }

        for (; i < n; i++)
        {
            double v = Unsafe.Add(ref rx, i);
            d0 += v * Unsafe.Add(ref r0, i);
            d1 += v * Unsafe.Add(ref r1, i);
            d2 += v * Unsafe.Add(ref r2, i);
            d3 += v * Unsafe.Add(ref r3, i);
        }

        return (d0, d1, d2, d3);
    }

    /// <summary>
    /// y += A[offset.., :] x for the rows offset .. offset + y.Length of a column-major A whose columns are
    /// <paramref name="stride"/> apart: one block of rows of a tall matrix, four columns at a time.
    /// </summary>
    public static void MultiplyAddRowsInto(ReadOnlySpan<double> a, int stride, int offset, ReadOnlySpan<double> x, Span<double> y)
    {
        int rows = y.Length, j = 0;
        for (; j <= x.Length - 4; j += 4)
        {
            Axpy4(x[j], a.Slice(j * stride + offset, rows), x[j + 1], a.Slice((j + 1) * stride + offset, rows),
                x[j + 2], a.Slice((j + 2) * stride + offset, rows), x[j + 3], a.Slice((j + 3) * stride + offset, rows), y);
        }

        for (; j < x.Length; j++)
        {
            Axpy(x[j], a.Slice(j * stride + offset, rows), y);
        }
    }

    /// <summary>
    /// y += A[offset.., :]ᵀ x for the rows offset .. offset + x.Length of a column-major A whose columns are
    /// <paramref name="stride"/> apart, four columns at a time.
    /// </summary>
    public static void TransposeMultiplyAddRowsInto(ReadOnlySpan<double> a, int stride, int offset, ReadOnlySpan<double> x, Span<double> y)
    {
        int rows = x.Length, j = 0;
        for (; j <= y.Length - 4; j += 4)
        {
            var (d0, d1, d2, d3) = Dot4(x, a.Slice(j * stride + offset, rows), a.Slice((j + 1) * stride + offset, rows),
                a.Slice((j + 2) * stride + offset, rows), a.Slice((j + 3) * stride + offset, rows));
            y[j] += d0;
            y[j + 1] += d1;
            y[j + 2] += d2;
            y[j + 3] += d3;
        }

        for (; j < y.Length; j++)
        {
            y[j] += Dot(a.Slice(j * stride + offset, rows), x);
        }
    }

    /// <summary>y = A x for a column-major A of shape (rows × x.Length).</summary>
    public static void MultiplyInto(ReadOnlySpan<double> a, int rows, ReadOnlySpan<double> x, Span<double> y)
    {
        y.Clear();
        MultiplyAddInto(a, rows, x, y);
    }

    /// <summary>y += A x for a column-major A of shape (rows × x.Length), four columns at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MultiplyAddInto(ReadOnlySpan<double> a, int rows, ReadOnlySpan<double> x, Span<double> y)
    {
        y = y[..rows];
        int j = 0;
        for (; j <= x.Length - 4; j += 4)
        {
            Axpy4(x[j], a.Slice(j * rows, rows), x[j + 1], a.Slice((j + 1) * rows, rows),
                x[j + 2], a.Slice((j + 2) * rows, rows), x[j + 3], a.Slice((j + 3) * rows, rows), y);
        }

        for (; j < x.Length; j++)
        {
            Axpy(x[j], a.Slice(j * rows, rows), y);
        }
    }

    /// <summary>y = Aᵀ x for a column-major A of shape (x.Length × y.Length), four columns at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void TransposeMultiplyInto(ReadOnlySpan<double> a, ReadOnlySpan<double> x, Span<double> y)
    {
        int rows = x.Length;
        int j = 0;
        for (; j <= y.Length - 4; j += 4)
        {
            (y[j], y[j + 1], y[j + 2], y[j + 3]) = Dot4(x, a.Slice(j * rows, rows), a.Slice((j + 1) * rows, rows),
                a.Slice((j + 2) * rows, rows), a.Slice((j + 3) * rows, rows));
        }

        for (; j < y.Length; j++)
        {
            y[j] = Dot(a.Slice(j * rows, rows), x);
        }
    }

    /// <summary>y = a·x.</summary>
    public static void ScaleInto(double a, ReadOnlySpan<double> x, Span<double> y)
    {
        int n = x.Length;
        y = y[..n];
        ref double rx = ref MemoryMarshal.GetReference(x);
        ref double ry = ref MemoryMarshal.GetReference(y);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var va = Vector256.Create(a);
            for (; i <= n - 4; i += 4)
            {
                (va * Vector256.LoadUnsafe(ref rx, (nuint)i)).StoreUnsafe(ref ry, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref ry, i) = a * Unsafe.Add(ref rx, i);
        }
    }
}
