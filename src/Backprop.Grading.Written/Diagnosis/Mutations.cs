using Backprop.Kernel.Written;
using Backprop.Kernel.Written.Syntax;
using Backprop.Kernel;

namespace Backprop.Grading.Written.Diagnosis;

/// <summary>One small edit of a student's result: if the edited result is right, the edit names the mistake.</summary>
/// <param name="Name">The mistake's name.</param>
/// <param name="Explanation">What is wrong, in words; never the right formula.</param>
/// <param name="Edited">The result with the edit.</param>
internal sealed record Mutation(string Name, string Explanation, Expr Edited);

/// <summary>
/// The edits that undo the usual mistakes of a written result: the sign, a transpose, a step index, a sum's range, the
/// tanh factor's square, tanh taken of a state. The first edit that makes the result agree on every case names the mistake.
/// </summary>
internal static class Mutations
{
    /// <summary>The edits of <paramref name="root"/>, at most <see cref="WrittenLimits.MaxMutations"/>.</summary>
    /// <param name="root">A result's right-hand side.</param>
    public static IReadOnlyList<Mutation> Of(Expr root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var list = new List<Mutation>
        {
            new(MistakeNames.SignFlip, "the sign is flipped: J = log p_y is a log-likelihood, which training increases, not a loss.", new Negate(root)),
            new(MistakeNames.Transposed, "the result is the transpose of what it should be: a gradient has the shape of its variable.", new Transpose(root)),
        };

        var nodes = ExprTree.Flatten(root);
        for (int i = 0; i < nodes.Count && list.Count < WrittenLimits.MaxMutations; i++)
        {
            var (node, inTanhFactor) = nodes[i];
            switch (node)
            {
                case Transpose { Operand: Symbol { Name: "Wu" or "We" or "Wr" } w }:
                    list.Add(new(MistakeNames.Transposed, $"{w.Text} appears the wrong way round: its transpose is one too many.", ExprTree.Replace(root, i, _ => w)));
                    break;
                case Transpose { Operand: not Symbol } t when i > 0:
                    list.Add(new(MistakeNames.Transposed, "a transpose is one too many: going back, a step's Jacobian is transposed once, as a whole.", ExprTree.Replace(root, i, _ => t.Operand)));
                    break;
                case Symbol { Name: "Wu" or "We" or "Wr" } w when !IsTransposed(nodes, i):
                    list.Add(new(MistakeNames.Transposed, $"{w.Text} appears the wrong way round: going back, the gradient passes through it transposed.", ExprTree.Replace(root, i, _ => new Transpose(w))));
                    break;
                case Sum s when !(s.From is { Variable: null, Offset: 1 } && s.To is { Variable: "T", Offset: 0 }):
                    list.Add(new(WrittenMistakeNames.SumRange, $"the sum runs from {s.Variable} = {s.From} to {s.To}, but the weight is used at every step t = 1 … T.",
                        ExprTree.Replace(root, i, _ => s with { From = new StepIndex(null, 1), To = new StepIndex("T", 0) })));
                    break;
                case Subtract { Left: Ones or Number { Value: 1 }, Right: Symbol { Name: "h" } h } minus:
                    list.Add(new(MistakeNames.TanhFactorLinear, $"the tanh factor has {h.Text} once: tanh′ written with the state needs the state squared.",
                        ExprTree.Replace(root, i, _ => minus with { Right = new Square(h) })));
                    break;
                case Call { Function: "tanh^2" or "tanh'" or "tanh", Operand: Symbol { Name: "h" } h } call:
                    Expr fixedCall = call.Function switch
                    {
                        "tanh^2" => new Square(h),
                        "tanh'" => new Subtract(new Ones(), new Square(h)),
                        _ => h,
                    };
                    list.Add(new(MistakeNames.TanhOfState, $"tanh is applied to {h.Text}, which is already tanh's output.", ExprTree.Replace(root, i, _ => fixedCall)));
                    break;
            }
        }

        // Step indices: shift every occurrence of one indexed quantity by ±1.
        var indexed = nodes.Select((n, i) => (n.Node, n.InTanhFactor, i)).Where(n => KeyOf(n.Node) is not null).GroupBy(n => (KeyOf(n.Node)!, n.InTanhFactor)).ToList();
        foreach (var group in indexed)
        {
            if (list.Count >= WrittenLimits.MaxMutations)
            {
                break;
            }

            bool tanh = group.All(g => g.InTanhFactor);
            string written = group.First().Node.Text;
            foreach (int shift in new[] { 1, -1 })
            {
                var positions = group.Select(g => g.i).ToHashSet();
                var edited = ExprTree.ReplaceAll(root, positions, e => ExprTree.Shift(e, shift));
                list.Add(tanh
                    ? new(WrittenMistakeNames.TanhFactorWrongStep, $"the tanh factor is taken at the wrong step ({written}): it belongs to the step the gradient passes back through.", edited)
                    : new(MistakeNames.CurrentInsteadOfPrevious, $"{written} is taken at the wrong step.", edited));
            }
        }

        return list.Take(WrittenLimits.MaxMutations).ToArray();
    }

    private static bool IsTransposed(List<(Expr Node, bool InTanhFactor)> nodes, int i) =>
        i > 0 && nodes[i - 1].Node is Transpose t && ReferenceEquals(t.Operand, nodes[i].Node);

    private static string? KeyOf(Expr e) => e switch
    {
        Symbol { At.Variable: not null } s => s.Name + "@" + s.At,
        Derivative { Of.At.Variable: not null } d => "∂" + d.Of.Name + "@" + d.Of.At,
        _ => null,
    };
}
