using Backprop.Course.Doctor;
using Spectre.Console;

namespace Backprop.Course;

/// <summary>Doctor's findings as a Spectre.Console table, for a terminal: OK in green, PROBLEM in red with its fix.</summary>
internal static class DoctorTable
{
    /// <summary>One row per check, in the order they ran.</summary>
    public static Table Of(IReadOnlyList<(string Check, DoctorFinding Finding)> findings, Func<DoctorStatus, string> label)
    {
        ArgumentNullException.ThrowIfNull(findings);
        ArgumentNullException.ThrowIfNull(label);
        var table = new Table { Border = TableBorder.Rounded };
        table.AddColumns("", "check", "finding", "fix");
        foreach (var (check, finding) in findings)
        {
            string colour = finding.Status switch { DoctorStatus.Ok => "green", DoctorStatus.Problem => "red bold", _ => "grey" };
            table.AddRow(
                new Markup($"[{colour}]{Markup.Escape(label(finding.Status))}[/]"),
                new Text(check),
                new Text(finding.Detail),
                finding.Fix is null ? Text.Empty : new Markup($"[yellow]{Markup.Escape(finding.Fix)}[/]"));
        }

        return table;
    }
}
