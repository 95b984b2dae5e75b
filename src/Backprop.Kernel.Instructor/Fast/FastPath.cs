namespace Backprop.Kernel.Fast;

/// <summary>
/// How the fast path attaches to the teaching models: a workspace per model, made here so that the models, which
/// students receive, know nothing of it.
/// </summary>
public static class FastPath
{
    /// <summary>Buffers for fast, allocation-free forward and backward steps; see <see cref="WordMlpWorkspace"/>.</summary>
    /// <param name="model">The model whose weights the workspace reads.</param>
    public static WordMlpWorkspace CreateWorkspace(this WordMlp model) => new(model);

    /// <summary>
    /// Buffers for fast, allocation-free forward and backward steps over sequences of <paramref name="T"/> words;
    /// see <see cref="RnnWorkspace"/>.
    /// </summary>
    /// <param name="model">The model whose weights the workspace reads.</param>
    /// <param name="T">Sequence length, T ≥ 1.</param>
    public static RnnWorkspace CreateWorkspace(this RecurrentModel model, int T) => new(model, T);
}
