using Backprop.Kernel.Written;

namespace Backprop.Grading.Written;

/// <summary>Mistake names of written results that the code items' table has no name for.</summary>
public static class WrittenMistakeNames
{
    /// <summary>The tanh factor of a step taken at a neighbouring step.</summary>
    public const string TanhFactorWrongStep = "tanh factor at the wrong step";

    /// <summary>A sum over t that does not run over t = 1 … T.</summary>
    public const string SumRange = "sum over the wrong range";

    /// <summary>Shapes that do not fit, so the result has no value.</summary>
    public const string Dimensions = WrittenShapes.Mistake;
}
