namespace Backprop.Grading.Release;

/// <summary>What the student release shows of the instructor's solution regions.</summary>
public enum ReleaseMode
{
    /// <summary>
    /// Graded homework: every code region becomes a throwing stub with its nudge, every Markdown region with a
    /// question becomes that question, every other Markdown region a placeholder, and the doc comments of stubbed
    /// library members no longer describe what they compute.
    /// </summary>
    Homework,

    /// <summary>
    /// Self-study and lectures: code regions are stubbed as in homework, but the derivations and boxed results (Markdown
    /// regions with a question) stay in the notebooks, and the written-derivation cells that would ask for them are left out.
    /// </summary>
    Tutorial,
}
