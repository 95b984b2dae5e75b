using Backprop.Kernel.Checking;
using Backprop.Kernel.Written.Syntax;

namespace Backprop.Kernel.Written;

/// <summary>Which steps of a given derivative a result may use.</summary>
internal enum GivenStep
{
    /// <summary>Without a step index: ∂J/∂s, ∂J/∂h of problem 1.</summary>
    Unindexed,

    /// <summary>At one step of a one-step result, <see cref="Given.Offset"/> from the forward step t: ∂J/∂h_t.</summary>
    OneStep,

    /// <summary>At every step (the item receives the whole sequence): ∂J/∂h_t in a sum over t.</summary>
    EveryStep,

    /// <summary>At the last step only, the given end of a chain: ∂J/∂h_T.</summary>
    End,
}

/// <summary>A derivative a written item's result may use on the right of its '='.</summary>
/// <param name="Name">The quantity differentiated, as the parser names it: "h", "g", "s".</param>
/// <param name="Step">Which of its steps.</param>
/// <param name="Offset">For <see cref="GivenStep.OneStep"/>, the step relative to the forward step t (0 for ∂J/∂h_t).</param>
/// <param name="From">The used item it comes from (its result, or what its code receives), or null when the item's own code receives it.</param>
internal sealed record Given(string Name, GivenStep Step, int Offset = 0, string? From = null)
{
    /// <summary>The derivative as messages write it, e.g. "∂J/∂h_t", "∂J/∂h_T", "∂J/∂s".</summary>
    /// <param name="shift">Added to a one-step offset, for a result written one step later.</param>
    public string Text(int shift = 0) => "∂J/∂" + Step switch
    {
        GivenStep.Unindexed => Name,
        GivenStep.End => Name + "_T",
        GivenStep.EveryStep => Name + "_t",
        _ => Name + new StepIndex("t", Offset + shift).Subscript,
    };
}

/// <summary>
/// The one rule for what a boxed result may lean on. Every upstream derivative is bound numerically in the check, so
/// without a rule a result could "agree" by naming a derivative the item asks the student to derive (a chain to ∂J/∂h_0
/// that stops at ∂J/∂g_1). A result may use, on the right, only the derivatives its item gives: those its code receives (its
/// signature's ∂J/∂… parameters), the results of the items it builds on (<see cref="CheckItem.UsedItems"/>) with what
/// those receive, and, for a chain (a left-hand side with a step number, ∂J/∂h_1), only the chain's given end ∂J/∂h_T.
/// Anything else is left to hand grading with a message that names the derivative and what to write it with.
/// </summary>
internal static class Givens
{
    /// <summary>The derivatives <paramref name="item"/>'s result may use, derived from its code item's row.</summary>
    /// <param name="item">The written item.</param>
    public static IReadOnlyList<Given> Of(WrittenItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var own = item.Row.ParameterNames.Select(p => FromParameter(item.Item, p, null)).OfType<Given>().ToList();
        bool sequence = own.Any(g => g.Step == GivenStep.EveryStep);
        var used = new List<Given>();
        foreach (var row in item.Row.UsedItems)
        {
            used.AddRange(row.ParameterNames.Select(p => FromParameter(row.Id, p, row.Id)).OfType<Given>());
            if (WrittenItems.Find(row.Id)?.Target.Of is { } target)
            {
                used.Add(target.At switch
                {
                    null => new Given(target.Name, GivenStep.Unindexed, From: row.Id),
                    { Variable: "t" } at => new Given(target.Name, GivenStep.OneStep, at.Offset, row.Id),
                    _ => throw new InvalidOperationException($"{item.Item} uses {row.Id}, whose result {target.Text} has no rule in Givens.Of"),
                });
            }
        }

        // An item that receives every step (a weight gradient's sum over t) may use a used item's one-step result at every step.
        var all = own.Concat(used.Select(g => sequence && g.Step == GivenStep.OneStep ? g with { Step = GivenStep.EveryStep, Offset = 0 } : g));
        if (item.Chains)
        {
            all = all.Append(new Given("h", GivenStep.End));
        }

        // One entry per derivative and step; the item's own input wins over a used item's.
        return all.GroupBy(g => (g.Name, g.Step, g.Offset)).Select(group => group.OrderBy(g => g.From is not null).First()).ToArray();
    }

    /// <summary>
    /// Why <paramref name="form"/>, the result for <paramref name="lhs"/>, may not be accepted as <paramref name="item"/>'s
    /// answer: the first derivative it uses that the item does not give, or null when it uses only given ones. The
    /// derivative on the left itself is left to the evaluator ("the derivative it is meant to give"), and so is a
    /// derivative written without the step index its given form has.
    /// </summary>
    /// <param name="item">The written item.</param>
    /// <param name="lhs">The derivative the box gives, as written (∂J/∂h_t for a one-step map written one step later).</param>
    /// <param name="form">The result, the last form of the box.</param>
    /// <param name="courseT">T of the course instance, the step a chain written with numbers ends at.</param>
    public static string? Violation(WrittenItem item, Derivative lhs, Expr form, int courseT)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(lhs);
        ArgumentNullException.ThrowIfNull(form);
        var all = Of(item);
        bool chain = lhs.Of.At is { Variable: null } && all.Any(g => g.Step == GivenStep.End);
        var givens = all.Where(g => g.Step != GivenStep.End).ToArray(); // a chain's end is the one given of a chain, and only there
        int shift = lhs.Of.At is { Variable: "t" } at && StepTarget(item) is { } step ? at.Offset - step.At!.Offset : 0;
        return Walk(form, []);

        string? Walk(Expr node, HashSet<string> bound)
        {
            if (node is Derivative d)
            {
                return d == lhs || Allowed(d, bound) ? null : Message(d);
            }

            var inner = node is Sum s ? [.. bound, s.Variable] : bound;
            foreach (var child in node.Children)
            {
                if (Walk(child, inner) is { } found)
                {
                    return found;
                }
            }

            return null;
        }

        bool Allowed(Derivative d, HashSet<string> bound)
        {
            var at = d.Of.At;
            var named = givens.Where(g => g.Name == d.Of.Name).ToArray();
            if (chain)
            {
                return d.Of.Name == "h" && (at == new StepIndex("T", 0) || at == new StepIndex(null, courseT));
            }

            if (at is null && named.Length > 0)
            {
                return true; // the evaluator says it needs a step index
            }

            return named.Any(g => g.Step switch
            {
                GivenStep.Unindexed => at is null,
                GivenStep.EveryStep => true,
                _ => at is { Variable: "t" } && !bound.Contains("t") && at.Offset == g.Offset + shift,
            });
        }

        string Message(Derivative d)
        {
            string uses = $"the result uses {d.Text}, which this item does not give";
            if (chain)
            {
                string end = $"∂J/∂h_{courseT}";
                return $"the result uses {d.Text}, which this item asks you to express through {end} (∂J/∂h_T, the given end of the chain) and the "
                       + $"forward quantities: carry the chain on until {end} is the only derivative left";
            }

            var texts = givens.Select(g => g.Text(shift)).Where(t => t != lhs.Text).Distinct().ToArray();
            var from = givens.Where(g => g.Text(shift) != lhs.Text).Select(g => g.From).OfType<string>().Distinct().ToArray();
            string list = string.Join(" and ", texts);
            return (texts.Length, from.Length) switch
            {
                (0, _) => uses + ": it gives no derivative, so write the result with the forward quantities only",
                (_, 0) => $"{uses}: its code receives {list}. Write the result with {list} and the forward quantities",
                _ => $"{uses}: it gives {list} (what its code receives and what {string.Join(" and ", from)} give{(from.Length == 1 ? "s" : "")}). "
                     + "Write the result with those and the forward quantities",
            };
        }
    }

    /// <summary>The one-step result whose forward step t the one-step givens count from: the item's target, or the used one-step map's.</summary>
    private static Symbol? StepTarget(WrittenItem item) =>
        item.Target.Of.At is { Variable: "t" }
            ? item.Target.Of
            : item.Row.UsedItems.Select(u => WrittenItems.Find(u.Id)?.Target.Of).FirstOrDefault(t => t is { At.Variable: "t" } && t.Name == item.Target.Of.Name);

    /// <summary>The given derivative a code parameter holds, or null for a parameter that is not a derivative.</summary>
    private static Given? FromParameter(string item, string parameter, string? from) => parameter switch
    {
        "dJ_ds" => new Given("s", GivenStep.Unindexed, From: from),
        "dJ_dh" => new Given("h", GivenStep.Unindexed, From: from),
        "dJ_dh_t" => new Given("h", GivenStep.OneStep, 0, from),
        "dJ_dhs" => new Given("h", GivenStep.EveryStep, From: from),
        "dJ_dhT" => new Given("h", GivenStep.End, From: from),
        _ when parameter.StartsWith("dJ_", StringComparison.Ordinal) || parameter.StartsWith("dJd", StringComparison.Ordinal)
            => throw new InvalidOperationException($"{item}: the parameter {parameter} holds a derivative that Givens.Of has no rule for; add it there"),
        _ => null,
    };
}
