using System.Text.RegularExpressions;
using Backprop.Grading.Scoring;

namespace Backprop.Grading.Reports.Class;

/// <summary>
/// Why an item got no marks, read from the feedback text the grader wrote: a wrong answer (with its named mistake and
/// the hidden cases it failed), or a failure to compile or to run, grouped by cause (the compiler's error code, a
/// timeout, a crash) so the report can say "14 students: CS0103 name does not exist".
/// </summary>
public static partial class FailureCause
{
    /// <summary>The kinds of outcome, in the report's order.</summary>
    public enum Kind
    {
        /// <summary>Full marks.</summary>
        Passed,

        /// <summary>Ran and returned wrong values.</summary>
        Wrong,

        /// <summary>Did not compile, or was rejected before running.</summary>
        CompileError,

        /// <summary>Stopped at the time limit.</summary>
        Timeout,

        /// <summary>Crashed the sandbox or could not run.</summary>
        Crash,

        /// <summary>No answer cell, or several that disagree.</summary>
        Missing,
    }

    /// <summary>The kind of outcome and, for compile errors, timeouts and crashes, the cause as a short group label.</summary>
    /// <param name="item">A graded auto item.</param>
    public static (Kind Kind, string? Cause) Of(ItemResult item)
    {
        ArgumentNullException.ThrowIfNull(item);
        string output = item.Output;
        if (item.Passed)
        {
            return (Kind.Passed, null);
        }

        if (output.Contains("does not compile:", StringComparison.Ordinal))
        {
            var code = CompilerError().Match(output);
            return (Kind.CompileError, code.Success ? $"{code.Groups["id"].Value}: {Shorten(code.Groups["message"].Value)}" : "does not compile");
        }

        if (output.Contains("does not define the function the grader calls", StringComparison.Ordinal))
        {
            return (Kind.CompileError, "wrong function signature");
        }

        if (output.Contains("was rejected before running", StringComparison.Ordinal) || output.Contains("could not be compiled", StringComparison.Ordinal))
        {
            return (Kind.CompileError, output.Contains("rejected", StringComparison.Ordinal) ? "uses an API the grader does not allow" : "could not be compiled");
        }

        if (output.Contains("did not finish within", StringComparison.Ordinal))
        {
            return (Kind.Timeout, "did not finish within the time limit (an infinite loop?)");
        }

        if (output.Contains("stack overflow", StringComparison.Ordinal))
        {
            return (Kind.Crash, "stack overflow");
        }

        if (output.Contains("out of memory", StringComparison.Ordinal))
        {
            return (Kind.Crash, "out of memory");
        }

        if (output.Contains("sandbox", StringComparison.Ordinal) && !output.Contains("hidden cases differ", StringComparison.Ordinal))
        {
            return (Kind.Crash, "crashed or stopped the sandbox");
        }

        if (output.StartsWith("No answer", StringComparison.Ordinal) || output.Contains("different answer cells claim", StringComparison.Ordinal))
        {
            return (Kind.Missing, null);
        }

        return (Kind.Wrong, null);
    }

    /// <summary>The hidden cases a wrong answer failed, by their description (e.g. "N=8 M=4 T=3, t=2").</summary>
    /// <param name="item">A graded auto item.</param>
    public static IEnumerable<string> FailedCases(ItemResult item)
    {
        ArgumentNullException.ThrowIfNull(item);
        int list = item.Output.IndexOf("hidden cases differ from central differences:", StringComparison.Ordinal);
        if (list < 0)
        {
            yield break;
        }

        foreach (Match line in CaseLine().Matches(item.Output[list..]))
        {
            if (line.Groups["verdict"].Value != "ok")
            {
                yield return line.Groups["case"].Value;
            }
        }
    }

    private static string Shorten(string message)
    {
        // Names in the message are the student's; the error's kind is the message with them blanked.
        string general = Quoted().Replace(message.Trim(), "'…'");
        return general.Length > 80 ? general[..80] + "…" : general;
    }

    [GeneratedRegex(@"line \d+: (?<id>CS\d{4}): (?<message>[^\n]*)")]
    private static partial Regex CompilerError();

    [GeneratedRegex(@"^  (?<case>[^:\n]+): (?<verdict>[^\n]*)$", RegexOptions.Multiline)]
    private static partial Regex CaseLine();

    [GeneratedRegex(@"'[^'\n]*'")]
    private static partial Regex Quoted();
}
