namespace Backprop.Kernel;

/// <summary>One graded derivative: its id, its title in the maths, a hint for wrong answers, and how to build its cases.</summary>
/// <param name="Id">The id used by answer cells and the grader, e.g. "p2.dJ_dWr".</param>
/// <param name="Title">The derivative in the problem set's notation.</param>
/// <param name="Hint">What to look at when the answer does not match.</param>
/// <param name="Build">Builds one case from a spec, with the expected output from central differences.</param>
public sealed record CheckItem(string Id, string Title, string Hint, Func<CheckCaseSpec, CheckCase> Build);
