using System.Reflection;
using Backprop.Kernel;

namespace Backprop.Grading.Answers;

/// <summary>
/// One auto-graded item as the contract fixes it: the id (p2.dJ_dWr), the function an answer cell defines (dJ_dWr),
/// the delegate type its self-check takes, and the signature in C# for messages.
/// </summary>
/// <param name="Id">The item id.</param>
/// <param name="FunctionName">The name of the function the answer cell defines.</param>
/// <param name="DelegateType">The Func type of <c>Check.Pn.name</c>'s parameter: the answer's exact signature.</param>
/// <param name="Signature">The signature as students see it in docs/answer-cells.md.</param>
public sealed record GradedItem(string Id, string FunctionName, Type DelegateType, string Signature)
{
    /// <summary>Every auto-graded item, in the order of <see cref="CheckItems.All"/>.</summary>
    public static IReadOnlyList<GradedItem> All { get; } = CheckItems.All.Select(i => Create(i.Id)).ToArray();

    /// <summary>The item with this id, or null.</summary>
    /// <param name="id">An item id.</param>
    public static GradedItem? Find(string id) => All.FirstOrDefault(i => i.Id == id);

    /// <summary>The argument types, in order.</summary>
    public IReadOnlyList<Type> ParameterTypes => DelegateType.GetGenericArguments()[..^1];

    /// <summary>The return type.</summary>
    public Type ReturnType => DelegateType.GetGenericArguments()[^1];

    private static GradedItem Create(string id)
    {
        // "p2.dJ_dWr" → Check.P2.dJ_dWr(Func<…>) and Boxes.P2.dJ_dWr for the parameter names.
        string problem = "P" + id[1..id.IndexOf('.', StringComparison.Ordinal)];
        string name = id[(id.IndexOf('.', StringComparison.Ordinal) + 1)..];
        var check = typeof(Check).GetNestedType(problem)?.GetMethod(name, BindingFlags.Public | BindingFlags.Static)
            ?? throw new InvalidOperationException($"Check.{problem}.{name} is missing: every item in CheckItems needs a self-check.");
        var delegateType = check.GetParameters()[0].ParameterType;
        var box = typeof(Boxes).GetNestedType(problem)?.GetMethod(name, BindingFlags.Public | BindingFlags.Static);
        var types = delegateType.GetGenericArguments();
        var names = box?.GetParameters().Select(p => p.Name).ToArray() ?? types[..^1].Select((_, i) => "arg" + i).ToArray();
        string parameters = string.Join(", ", types[..^1].Select((t, i) => CSharpTypeName.Of(t, qualified: false) + " " + names[i]));
        return new GradedItem(id, name, delegateType, $"{CSharpTypeName.Of(types[^1], qualified: false)} {name}({parameters})");
    }
}
