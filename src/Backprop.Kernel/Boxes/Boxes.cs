namespace Backprop.Kernel;

/// <summary>
/// The boxed derivatives of the problem set, one small function each, grouped by problem.
/// Each body sits between <c>// BEGIN SOLUTION</c> and <c>// END SOLUTION</c>: this is the one place
/// that holds the reference code, and the student release replaces those bodies with a hint.
/// </summary>
public static partial class Boxes
{
    /// <summary>The hint thrown in place of a box the student has not implemented yet.</summary>
    internal static NotImplementedException NotImplemented(string box, string hint) =>
        new($"{box} is not implemented yet. {hint}");
}
