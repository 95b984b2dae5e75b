using System.Collections.Concurrent;
using Backprop.Kernel.Checking;

namespace Backprop.Kernel;

/// <summary>
/// The latest self-check verdict of each item in this process (one notebook's kernel), so that a failing answer which
/// calls the student's own function of another item (dJ_dWr calls dJ_dg) can say to fix that one first.
/// </summary>
internal static class SelfCheckHistory
{
    private static readonly ConcurrentDictionary<string, bool> Passed = new(StringComparer.Ordinal);

    /// <summary>Remembers the latest verdict of <paramref name="id"/>.</summary>
    public static void Record(string id, bool passed) => Passed[id] = passed;

    /// <summary>
    /// For a failing <paramref name="item"/>: each used item whose latest self-check failed (fix it first) or has not
    /// run in this kernel (run it first); null when every used item passed, or there are none.
    /// </summary>
    public static string? NoteFor(CheckItem item)
    {
        var lines = new List<string>();
        foreach (var used in item.UsedItems)
        {
            string check = $"Check.P{used.Problem}.{used.FunctionName}({used.FunctionName})";
            if (!Passed.TryGetValue(used.Id, out bool passed))
            {
                lines.Add($"Your {item.FunctionName} may call your {used.FunctionName} ({used.Id}), whose self-check has not run yet: run {check} first.");
            }
            else if (!passed)
            {
                lines.Add($"Your {item.FunctionName} may call your {used.FunctionName} ({used.Id}), which fails its own self-check: fix {used.FunctionName} first.");
            }
        }

        return lines.Count == 0 ? null : string.Join(Environment.NewLine, lines);
    }
}
