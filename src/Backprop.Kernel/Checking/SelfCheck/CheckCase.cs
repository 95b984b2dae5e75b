namespace Backprop.Kernel.Checking;

/// <summary>
/// One case of one item: the inputs handed to the answer, and the expected output, computed by central
/// differences of the forward pass (never by the reference boxes).
/// </summary>
/// <param name="Item">The item id, e.g. "p2.dJ_dWr".</param>
/// <param name="Spec">How the case was built.</param>
/// <param name="Description">Sizes and step, e.g. "N=8 M=4 T=3, t=2".</param>
/// <param name="Inputs">The answer's arguments, in signature order.</param>
/// <param name="Expected">The expected output.</param>
public sealed record CheckCase(string Item, CheckCaseSpec Spec, string Description, IReadOnlyList<object> Inputs, CheckValue Expected)
{
    /// <summary>Deep copies of the inputs, so an answer that writes into its arguments cannot spoil the case.</summary>
    public object[] FreshInputs() => Inputs.Select(CheckValue.Copy).ToArray();
}
