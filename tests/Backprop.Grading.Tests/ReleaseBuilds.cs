namespace Backprop.Grading.Tests;

/// <summary>The test classes that build a whole release: one at a time, since two builds at once on two cores overrun their limits.</summary>
[CollectionDefinition(Name)]
public sealed class ReleaseBuilds
{
    public const string Name = "release builds";
}
