namespace Backprop.Kernel;

/// <summary>The names the self-checks, the grader and the reports use, one per kind of mistake.</summary>
public static class MistakeNames
{
    /// <summary>∂J/∂s with the sign of the loss −J.</summary>
    public const string SignFlip = "sign flip p − y";

    /// <summary>An outer product or a matrix applied the wrong way round.</summary>
    public const string Transposed = "transposed gradient";

    /// <summary>The step through tanh left out.</summary>
    public const string MissingTanhFactor = "missing (1 − h²) factor";

    /// <summary>h_t paired with ∂J/∂g_t where h_{t−1} belongs.</summary>
    public const string CurrentInsteadOfPrevious = "h_t used where h_{t−1} belongs";

    /// <summary>The skip connection's own term left out.</summary>
    public const string MissingIdentity = "missing identity term in the residual Jacobian";

    /// <summary>A sum over t that keeps only t = T.</summary>
    public const string OnlyLastStep = "only the last time step summed";

    /// <summary>The BPTT loop shifted by one step, or stopping one step early.</summary>
    public const string OffByOne = "off-by-one in the BPTT loop";

    /// <summary>The leaky map with the weights of its two paths exchanged.</summary>
    public const string LeakWeightsSwapped = "α and 1 − α swapped in the leaky Jacobian";

    /// <summary>The leaky map without the α on its tanh path.</summary>
    public const string LeakOnlyOnIdentity = "α missing on the tanh path of the leaky Jacobian";

    /// <summary>Clipping that rescales every gradient to norm c.</summary>
    public const string AlwaysRescaled = "gradient rescaled to norm c even when it is shorter";

    /// <summary>Clipping each entry instead of the norm.</summary>
    public const string ClippedEntrywise = "entries clipped one by one instead of the norm";
}
