namespace PoisonedNotebooks;

/// <summary>
/// The one text of the <c>Poison</c> class, which makes an answer well-shaped but wrong: a square matrix transposed (×1.5
/// if symmetric), any other matrix, vector, list of vectors or number ×1.5; a set of boxes
/// (<c>RecurrentBoxes</c>) is passed on, since each of its boxes is poisoned on its own. eng/PoisonedNotebooks adds it to poisoned
/// notebooks and to the poisoned library; tests/Backprop.Grading.Tests (PoisonedBoxTests) links this file and adds it to
/// the library it builds with poisoned boxes.
/// </summary>
internal static class PoisonClass
{
    /// <summary>The class as C# that compiles in a notebook cell (no namespace) and in the library.</summary>
    public const string Source = """
        // From eng/PoisonedNotebooks/PoisonClass.cs: every poisoned answer returns a well-shaped wrong result.
        internal static class Poison
        {
            public static T Apply<T>(Func<T> answer) => (T)Wrong(answer()!);

            private static object Wrong(object right) => right switch
            {
                MathNet.Numerics.LinearAlgebra.Matrix<double> m when m.RowCount == m.ColumnCount && !m.Equals(m.Transpose()) => m.Transpose(),
                MathNet.Numerics.LinearAlgebra.Matrix<double> m => 1.5 * m,
                MathNet.Numerics.LinearAlgebra.Vector<double> v => 1.5 * v,
                MathNet.Numerics.LinearAlgebra.Vector<double>[] list => list.Select(v => v is null ? v! : 1.5 * v).ToArray(),
                double d => 1.5 * d,
                Backprop.Kernel.RecurrentBoxes boxes => boxes, // a set of boxes (Boxes.P3.For), each poisoned in its own region
                _ => throw new InvalidOperationException($"Poison.Apply: no wrong form for a {right.GetType().Name}; teach eng/PoisonedNotebooks/PoisonClass.cs one."),
            };
        }
        """;

    /// <summary>The file that adds the class to src/Backprop.Kernel.</summary>
    public const string LibraryFile = "namespace Backprop.Kernel;\n\n" + Source + "\n";
}
