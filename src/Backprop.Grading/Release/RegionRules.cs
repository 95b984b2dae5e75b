namespace Backprop.Grading.Release;

/// <summary>How one release treats the solution regions of one file (see <see cref="SolutionRegions"/>).</summary>
/// <param name="Mode">Homework or tutorial.</param>
/// <param name="Reveals">True for an item id whose solution the release shows (its problem is revealed).</param>
/// <param name="StubMessage">What the stub of an item's code region says, from the item's id and the signature of the function the region is in (null when none).</param>
public sealed record RegionRules(ReleaseMode Mode, Func<string, bool> Reveals, Func<string, string?, string> StubMessage);
