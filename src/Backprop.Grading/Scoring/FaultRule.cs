using System.Text;
using System.Text.RegularExpressions;
using Backprop.Grading.Answers;
using Backprop.Grading.Compilation;
using Backprop.Grading.Reports.Class;
using Backprop.Kernel;
using Backprop.Kernel.Checking;

namespace Backprop.Grading.Scoring;

/// <summary>
/// Who is charged when an answer builds on another item's function (dJ_dWr calls the student's dJ_dg). The answer is
/// compiled with the student's own cells of the items its row uses (<see cref="CheckItem.UsedItems"/>) and graded on
/// its own outputs, computed with the student's functions as the notebook runs them. So:
/// <list type="bullet">
/// <item>a compile failure of an answer whose used cells are missing or duplicated names the cell to add;</item>
/// <item>a failing answer that calls a used item whose own answer fails its check says so, and to fix that item first.</item>
/// </list>
/// "Calls" is read from the cells' text (comments left out): the answer names the used function, directly or through
/// another used cell of the student's that names it. Nothing is compiled again to decide it.
/// <para>And who is charged when the shared run child crashes or sends no usable reply
/// (<see cref="ChargeSharedChild"/>, which <see cref="Isolation.ItemRunner"/> follows).</para>
/// </summary>
public static partial class FaultRule
{
    /// <summary>
    /// A compile failure of an answer whose used cells are not all there says which cell to add: most likely the answer
    /// calls a function (dJ_dg) whose cell is missing or duplicated.
    /// </summary>
    /// <param name="row">The item compiled.</param>
    /// <param name="answers">The submission's answers, by item id (every used item included).</param>
    /// <param name="compiled">What the compile child said.</param>
    public static CompiledAnswer WithMissingUsedCells(CheckItem row, IReadOnlyDictionary<string, ExtractedAnswer> answers, CompiledAnswer compiled)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(answers);
        ArgumentNullException.ThrowIfNull(compiled);
        var missing = row.UsedItems.Where(u => !answers.TryGetValue(u.Id, out var a) || !a.Found).ToArray();
        if (compiled.Succeeded || missing.Length == 0)
        {
            return compiled;
        }

        var text = new StringBuilder(compiled.Problem);
        foreach (var u in missing)
        {
            string why = answers.TryGetValue(u.Id, out var a) ? a.Problem ?? "" : "";
            text.Append($"\nThis answer is compiled together with your {u.Id} answer cell, which defines {u.FunctionName}, but the grader could not take that cell: {why} "
                + $"Add it before this answer: a code cell whose first line is `// answer: {u.Id}`, defining {u.Signature}.");
        }

        return compiled with { Problem = text.ToString() };
    }

    /// <summary>
    /// A failing answer that calls used items whose own answers fail their checks gets a note naming them, in the
    /// order to fix them; any other result is returned as it is.
    /// </summary>
    /// <param name="result">The item's result.</param>
    /// <param name="items">Every item's result in the submission.</param>
    /// <param name="answers">The submission's answers, by item id.</param>
    public static ItemResult WithUsedFaults(ItemResult result, IReadOnlyList<ItemResult> items, IReadOnlyDictionary<string, ExtractedAnswer> answers)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(answers);
        if (result.Verdict != ItemVerdict.Failed || CheckItems.TryFind(result.Id) is not { } row || !answers.TryGetValue(row.Id, out var answer) || !answer.Found)
        {
            return result;
        }

        var failing = Called(row, answers).Where(u => items.FirstOrDefault(i => i.Id == u.Id) is { Verdict: ItemVerdict.Failed }).ToArray();
        if (failing.Length == 0)
        {
            return result;
        }

        string names = string.Join(" and ", failing.Select(f => $"your {f.FunctionName} ({f.Id})"));
        string note = $"Note: this answer calls {names}, which "
            + (failing.Length == 1 ? $"fails its own check: fix {failing[0].FunctionName} first. " : $"fail their own checks: fix them first, in this order: {string.Join(", ", failing.Select(f => f.FunctionName))}. ")
            + $"This answer was graded on its own outputs, computed with your {string.Join(" and ", failing.Select(f => f.FunctionName))} as your notebook runs it.";
        return result with { Output = Grader.Bound(note + "\n" + result.Output, Grader.MaxOutputLength) };
    }

    /// <summary>
    /// The used items (in notebook order) whose functions the answer calls: named in its code, or in the code of a
    /// used cell it calls. Only items with an answer cell count; a missing cell is a compile problem instead.
    /// </summary>
    /// <param name="row">The answer's item.</param>
    /// <param name="answers">The submission's answers, by item id.</param>
    public static IReadOnlyList<CheckItem> Called(CheckItem row, IReadOnlyDictionary<string, ExtractedAnswer> answers)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(answers);
        var used = row.UsedItems.Where(u => answers.TryGetValue(u.Id, out var a) && a.Found).ToArray();
        var called = new HashSet<string>(StringComparer.Ordinal);
        var reading = new Queue<string>([answers[row.Id].Code!]);
        while (reading.Count > 0)
        {
            string code = AnswerTokens.WithoutComments(reading.Dequeue());
            foreach (var u in used.Where(u => !called.Contains(u.Id) && Names(code, u.FunctionName)))
            {
                called.Add(u.Id);
                reading.Enqueue(answers[u.Id].Code!);
            }
        }

        return used.Where(u => called.Contains(u.Id)).ToArray();
    }

    /// <summary>
    /// Who is charged for what happened in one shared run child. The items run there in order, for speed. Only an item
    /// that passes there keeps its shared result. An item that fails runs again alone in a fresh child. When the child
    /// is lost (crash, hang, unreadable reply), an item that was alone in it is charged with that, finally; otherwise
    /// every item that ran in it runs again alone. When work an item left behind (a background thread, timer or
    /// finalizer) crashes the child after the last reply, no item of it keeps a shared result. So a fault lands only on
    /// an item whose own fresh child shows it; the others are graded as if the guilty item had never run.
    /// </summary>
    /// <param name="replies">The replies of the items that ran in the child, in order; only the last can be
    /// <see cref="SharedReply.ChildLost"/>.</param>
    /// <param name="leftWorkCrashed">True when the child, settled after its last reply, crashed; a lost child is not
    /// settled, so this is false then.</param>
    /// <returns>One charge per reply, in the same order.</returns>
    public static IReadOnlyList<SharedCharge> ChargeSharedChild(IReadOnlyList<SharedReply> replies, bool leftWorkCrashed)
    {
        ArgumentNullException.ThrowIfNull(replies);
        int lost = replies.Count(r => r == SharedReply.ChildLost);
        if (lost > 1 || (lost == 1 && replies[^1] != SharedReply.ChildLost))
        {
            throw new ArgumentException("A lost child runs nothing after it: only the last reply can be ChildLost.", nameof(replies));
        }

        if (lost == 1 && leftWorkCrashed)
        {
            throw new ArgumentException("A lost child is not settled: leftWorkCrashed must be false when the last reply is ChildLost.", nameof(leftWorkCrashed));
        }

        if (lost == 1)
        {
            return replies.Count == 1 ? [SharedCharge.Final] : [.. replies.Select(_ => SharedCharge.RunAlone)];
        }

        return [.. replies.Select(r => r == SharedReply.Passed && !leftWorkCrashed ? SharedCharge.Keep : SharedCharge.RunAlone)];
    }

    /// <summary>True when <paramref name="code"/> names <paramref name="function"/> as a whole identifier.</summary>
    private static bool Names(string code, string function) =>
        Identifier().Matches(code).Any(m => m.Value == function);

    [GeneratedRegex(@"(?<![\w@])[A-Za-z_]\w*")]
    private static partial Regex Identifier();
}
