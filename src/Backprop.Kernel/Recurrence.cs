namespace Backprop.Kernel;

/// <summary>The two recurrences of problem 3.</summary>
public enum Recurrence
{
    /// <summary>h_t = tanh(g_t), problem 2 and 3.1.</summary>
    Tanh,

    /// <summary>h_t = tanh(g_t) + h_{t−1}, problem 3.2.</summary>
    Residual,
}
