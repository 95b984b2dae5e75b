namespace Backprop.Kernel.Written.Syntax;

/// <summary>Walks and edits of an expression tree: pre-order positions, replacing nodes, shifting step indices.</summary>
internal static class ExprTree
{
    /// <summary>The symbol or derivative with its step index moved by <paramref name="shift"/>.</summary>
    internal static Expr Shift(Expr e, int shift) => e switch
    {
        Symbol s => s with { At = s.At! with { Offset = s.At.Offset + shift } },
        Derivative d => d with { Of = d.Of with { At = d.Of.At! with { Offset = d.Of.At.Offset + shift } } },
        _ => e,
    };

    /// <summary>Every node in pre-order, with whether it sits inside a tanh factor (diag, tanh, a square, 𝟙 − …).</summary>
    internal static List<(Expr Node, bool InTanhFactor)> Flatten(Expr root)
    {
        var list = new List<(Expr, bool)>();
        var pending = new Stack<(Expr, bool)>();
        pending.Push((root, false));
        while (pending.Count > 0)
        {
            var (node, inside) = pending.Pop();
            list.Add((node, inside));
            bool childInside = inside || node is Call or Square || node is Subtract { Left: Ones or Number };
            foreach (var child in node.Children.Reverse())
            {
                pending.Push((child, childInside));
            }
        }

        return list;
    }

    /// <summary>The tree with the node at pre-order position <paramref name="target"/> replaced.</summary>
    internal static Expr Replace(Expr root, int target, Func<Expr, Expr> edit) => ReplaceAll(root, new HashSet<int> { target }, edit);

    /// <summary>The tree with the nodes at the given pre-order positions replaced (depth bounded by the parser's node budget).</summary>
    internal static Expr ReplaceAll(Expr root, HashSet<int> targets, Func<Expr, Expr> edit)
    {
        int counter = 0;
        return Walk(root);

        Expr Walk(Expr node)
        {
            int position = counter++;
            if (targets.Contains(position))
            {
                counter += Flatten(node).Count - 1;
                return edit(node);
            }

            return node switch
            {
                Unary u => u.With(Walk(u.Operand)),
                Binary b => WalkBinary(b),
                Sum s => s with { Body = Walk(s.Body) },
                Ambiguous a => WalkAmbiguous(a),
                _ => node,
            };
        }

        Expr WalkBinary(Binary b)
        {
            var left = Walk(b.Left);
            return b.With(left, Walk(b.Right));
        }

        Expr WalkAmbiguous(Ambiguous a)
        {
            var first = Walk(a.HadamardFirst);
            return a with { HadamardFirst = first, ProductFirst = Walk(a.ProductFirst) };
        }
    }

    /// <summary>The tree with every index that uses t shifted by <paramref name="shift"/>.</summary>
    internal static Expr ShiftStep(Expr root, int shift)
    {
        var nodes = Flatten(root);
        var positions = nodes.Select((n, i) => (n.Node, i)).Where(n => n.Node is Symbol { At.Variable: "t" } or Derivative { Of.At.Variable: "t" }).Select(n => n.i).ToHashSet();
        return ReplaceAll(root, positions, e => Shift(e, shift));
    }
}
