namespace Backprop.Grading.Scoring;

/// <summary>What the grader decided about one item, whatever its points.</summary>
public enum ItemVerdict
{
    /// <summary>The answer met the pass rule on every hidden case.</summary>
    Passed,

    /// <summary>The answer is missing, did not compile or run, or broke the pass rule on some case.</summary>
    Failed,

    /// <summary>A written answer: graded by hand, not by the autograder.</summary>
    GradedByHand,
}
