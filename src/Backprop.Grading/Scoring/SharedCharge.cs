namespace Backprop.Grading.Scoring;

/// <summary>What <see cref="FaultRule"/> makes of one item's run in the shared run child.</summary>
public enum SharedCharge
{
    /// <summary>The item keeps its shared result.</summary>
    Keep,

    /// <summary>The item was alone in a child that was lost: the fault is its own, and the result is final.</summary>
    Final,

    /// <summary>The shared result does not count: the item runs again alone in a fresh child, and that result is final.</summary>
    RunAlone,
}
