namespace Backprop.Grading.Compilation;

/// <summary>An answer compiled on its own into a small assembly, or the reason it was not.</summary>
/// <param name="Item">The item id.</param>
/// <param name="AssemblyPath">The assembly, whose <c>AnswerEntry.Invoke(object[])</c> calls the answer; null on failure.</param>
/// <param name="Problem">Compile errors or forbidden APIs, in words; null on success.</param>
public sealed record CompiledAnswer(string Item, string? AssemblyPath, string? Problem)
{
    /// <summary>True when there is an assembly to run.</summary>
    public bool Succeeded => AssemblyPath is not null;
}
