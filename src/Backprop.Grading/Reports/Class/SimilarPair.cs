namespace Backprop.Grading.Reports.Class;

/// <summary>Two submissions whose answers to some items share unusual code: evidence for a conversation, never a penalty.</summary>
/// <param name="First">One submission's name.</param>
/// <param name="Second">The other's.</param>
/// <param name="Items">The items whose answers match, with both cells.</param>
public sealed record SimilarPair(string First, string Second, IReadOnlyList<SimilarItem> Items)
{
    /// <summary>Shared distinctive fingerprints over all matching items: the ordering of the list.</summary>
    public int Shared => Items.Sum(i => i.Shared);
}

/// <summary>One item on which two answers match.</summary>
/// <param name="Item">The item id.</param>
/// <param name="Why">"identical structure" or "identical mistake: …".</param>
/// <param name="Shared">Distinctive fingerprints (found in few submissions) the two answers share.</param>
/// <param name="Overlap">Shared / the smaller answer's distinctive fingerprints, 0..1.</param>
/// <param name="FirstCell">The first submission's cell, as written.</param>
/// <param name="SecondCell">The second's.</param>
public sealed record SimilarItem(string Item, string Why, int Shared, double Overlap, string FirstCell, string SecondCell);
