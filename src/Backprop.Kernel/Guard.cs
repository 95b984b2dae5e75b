using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Kernel;

/// <summary>Checks at public entry points: shapes with their letters, and finite values.</summary>
internal static partial class Guard
{
    public static void Shape(Matrix<double> matrix, string name, string letters, int rows, int columns)
    {
        ArgumentNullException.ThrowIfNull(matrix, name);
        if (matrix.RowCount != rows || matrix.ColumnCount != columns)
        {
            throw new ArgumentException(
                $"{name} must be {letters} = {rows}×{columns} but is {matrix.RowCount}×{matrix.ColumnCount}.", name);
        }
    }

    public static void Length(Vector<double> vector, string name, string letter, int length)
    {
        ArgumentNullException.ThrowIfNull(vector, name);
        if (vector.Count != length)
        {
            throw new ArgumentException(
                $"{name} must have length {letter} = {length} but has length {vector.Count}.", name);
        }
    }

    public static void SameLength(Vector<double> a, string nameA, Vector<double> b, string nameB)
    {
        ArgumentNullException.ThrowIfNull(a, nameA);
        ArgumentNullException.ThrowIfNull(b, nameB);
        if (a.Count != b.Count)
        {
            throw new ArgumentException(
                $"{nameA} and {nameB} must have the same length, but {nameA} has {a.Count} and {nameB} has {b.Count}.", nameB);
        }
    }

    public static void Finite(Matrix<double> matrix, string name)
    {
        var values = matrix.AsColumnMajorArray() ?? matrix.ToColumnMajorArray();
        int bad = FirstNonFinite(values);
        if (bad >= 0)
        {
            int row = bad % matrix.RowCount, column = bad / matrix.RowCount;
            throw new ArgumentException(
                $"{name}[{row},{column}] is {values[bad]}; every entry must be finite. Re-initialise {name} or lower the learning rate.", name);
        }
    }

    public static void Finite(Vector<double> vector, string name)
    {
        var values = vector.AsArray() ?? vector.ToArray();
        int bad = FirstNonFinite(values);
        if (bad >= 0)
        {
            throw new ArgumentException($"{name}[{bad}] is {values[bad]}; every entry must be finite.", name);
        }
    }

    public static void WordIndex(int word, int vocabularySize, string name)
    {
        if ((uint)word >= (uint)vocabularySize)
        {
            throw new ArgumentOutOfRangeException(
                name, word, $"{name} must be a word index in 0..{vocabularySize - 1} (N = {vocabularySize}) but is {word}.");
        }
    }

    public static void Words(IReadOnlyList<int> words, int vocabularySize, string name)
    {
        ArgumentNullException.ThrowIfNull(words, name);
        if (words.Count == 0)
        {
            throw new ArgumentException($"{name} must hold at least one word (T ≥ 1) but is empty.", name);
        }

        for (int t = 0; t < words.Count; t++)
        {
            if ((uint)words[t] >= (uint)vocabularySize)
            {
                WordIndex(words[t], vocabularySize, $"{name}[{t}]"); // the name is formatted only for the error
            }
        }
    }

    private static int FirstNonFinite(double[] values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
