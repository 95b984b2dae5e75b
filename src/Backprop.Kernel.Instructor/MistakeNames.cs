namespace Backprop.Kernel;

/// <summary>The names the self-checks, the grader and the reports use, one per kind of mistake.</summary>
public static class MistakeNames
{
    /// <summary>The output-layer error with its sign reversed.</summary>
    public const string SignFlip = "flipped sign";

    /// <summary>An outer product or a matrix applied the wrong way round.</summary>
    public const string Transposed = "transposed gradient";

    /// <summary>The step through tanh left out.</summary>
    public const string MissingTanhFactor = "missing tanh factor";

    /// <summary>The tanh factor written with h_t once instead of squared.</summary>
    public const string TanhFactorLinear = "tanh factor linear in h_t";

    /// <summary>tanh′ evaluated at the state h_t, as if it were the pre-activation.</summary>
    public const string TanhOfState = "tanh′ taken at h_t";

    /// <summary>A step paired with the hidden state of the neighbouring step.</summary>
    public const string CurrentInsteadOfPrevious = "the state of the wrong step";

    /// <summary>The skip connection's direct path left out.</summary>
    public const string MissingIdentity = "missing direct path of the residual step";

    /// <summary>A sum over t that keeps only t = T.</summary>
    public const string OnlyLastStep = "only the last time step summed";

    /// <summary>The BPTT loop shifted by one step, or stopping one step early.</summary>
    public const string OffByOne = "off-by-one in the BPTT loop";

    /// <summary>The leaky map with the weights of its two paths exchanged.</summary>
    public const string LeakWeightsSwapped = "the two leak weights swapped";

    /// <summary>The leaky map without the α on its tanh path.</summary>
    public const string LeakOnlyOnIdentity = "leak weight missing on the tanh path";

    /// <summary>Clipping that rescales a gradient already within the threshold.</summary>
    public const string AlwaysRescaled = "rescaled even when short";

    /// <summary>Clipping each entry instead of the norm.</summary>
    public const string ClippedEntrywise = "clipped entry by entry";
}
