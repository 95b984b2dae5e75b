namespace Backprop.Course.Submit;

/// <summary>One thing to fix before handing in: where, what, the cell as the student sees it, and a one-line fix.</summary>
/// <param name="Where">"02-rnn-bptt.ipynb, cell 14", or the file alone.</param>
/// <param name="Cell">The first lines of the cell, or null.</param>
/// <param name="What">What is wrong.</param>
/// <param name="Fix">How to fix it, in one line.</param>
internal sealed record SubmitFinding(string Where, string? Cell, string What, string Fix)
{
    /// <summary>The finding as printed: what, the cell's first lines, the fix.</summary>
    public string Format()
    {
        var lines = new List<string> { $"submit: {Where}: {What}" };
        if (Cell is not null)
        {
            lines.AddRange(Cell.Split('\n').Take(4).Select(l => "    │ " + (l.Length > 100 ? l[..97] + "..." : l)));
        }

        lines.Add($"    fix: {Fix}");
        return string.Join('\n', lines);
    }
}
