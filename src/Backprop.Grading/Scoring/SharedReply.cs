namespace Backprop.Grading.Scoring;

/// <summary>How one item's run in the shared run child went, as far as <see cref="FaultRule"/> cares.</summary>
public enum SharedReply
{
    /// <summary>The child replied and the item's outputs pass.</summary>
    Passed,

    /// <summary>The child replied and the item's outputs do not pass.</summary>
    Failed,

    /// <summary>No usable reply: the child crashed, hung, sent a reply that could not be read, or died.</summary>
    ChildLost,
}
