namespace Backprop.Grading.Compilation;

/// <summary>An answer compiled on its own into a small assembly, or the reason it was not.</summary>
/// <param name="Item">The item id.</param>
/// <param name="AssemblyPath">Where the assembly was written, when the caller asked for a file; else null.</param>
/// <param name="Problem">Compile errors, forbidden APIs, a compile timeout or crash, in words; null on success.</param>
public sealed record CompiledAnswer(string Item, string? AssemblyPath, string? Problem)
{
    /// <summary>The assembly's bytes; its <c>AnswerEntry.Invoke(object[])</c> calls the answer. Null on failure.</summary>
    public byte[]? Image { get; init; }

    /// <summary>
    /// The isolation layers of the compile child that compiled it, kept with an answer remembered from an earlier
    /// submission too (whose compile this submission's child never repeats); empty when nothing was compiled.
    /// </summary>
    public IReadOnlyList<string> Layers { get; init; } = [];

    /// <summary>True when there is an assembly to run.</summary>
    public bool Succeeded => Image is not null;
}
