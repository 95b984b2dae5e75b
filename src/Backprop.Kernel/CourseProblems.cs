using Backprop.Kernel.Checking;

namespace Backprop.Kernel;

/// <summary>
/// The fixed instances the course works through: the default vocabulary (N = 8), M = 4, and the sentence
/// "I love machine" (T = 3) followed by the target "learning". The notebooks and <c>backprop check</c> use these.
/// </summary>
public static class CourseProblems
{
    /// <summary>M, the hidden size used throughout the course.</summary>
    public const int HiddenSize = 4;

    /// <summary>The seed of every course model's weights.</summary>
    public const int Seed = 2026;

    /// <summary>The course vocabulary.</summary>
    public static Vocabulary Vocabulary => Vocabulary.Default;

    /// <summary>x_1 x_2 x_3 = "I love machine" as word indices.</summary>
    public static int[] Sentence => Vocabulary.Encode(Vocabulary.ProblemSentence);

    /// <summary>The target word y = "learning" as an index.</summary>
    public static int Target => Vocabulary.IndexOf(Vocabulary.ProblemTarget);

    /// <summary>Problem 1's input word: "machine", the last word of the sentence.</summary>
    public static int Problem1Word => Vocabulary.IndexOf("machine");

    /// <summary>Problem 1's model.</summary>
    public static WordMlp WordModel() => WordMlp.Random(Vocabulary.Count, HiddenSize, Seed);

    /// <summary>Problem 2's model.</summary>
    public static RecurrentModel TanhModel() => RecurrentModel.Random(Vocabulary.Count, HiddenSize, Recurrence.Tanh, Seed);

    /// <summary>Problem 3's residual model, with the same weights as <see cref="TanhModel"/>.</summary>
    public static RecurrentModel ResidualModel() => RecurrentModel.Random(Vocabulary.Count, HiddenSize, Recurrence.Residual, Seed);

    /// <summary>Checks every boxed derivative of problems 1–3 on the course instances.</summary>
    /// <param name="options">Step, threshold and sampling; null for the defaults.</param>
    public static IReadOnlyList<GradCheckReport> CheckAll(GradCheckOptions? options = null) =>
    [
        ModelGradChecks.WordMlp(WordModel(), Problem1Word, Target, options),
        ModelGradChecks.Rnn(TanhModel(), Sentence, Target, options),
        ModelGradChecks.JacobianChains(TanhModel(), ResidualModel(), Sentence, Target, options),
    ];
}
