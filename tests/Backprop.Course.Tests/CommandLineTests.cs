using System.CommandLine;
using Backprop.Course.Doctor;

namespace Backprop.Course.Tests;

/// <summary>The command tree on System.CommandLine: generated help, errors that name the option, completions, exit codes.</summary>
public class CommandLineTests
{
    private static readonly string[] CommandNames = ["check", "run", "setup", "doctor", "submit", "assign", "grade"];

    [Fact]
    public async Task The_root_help_is_generated_and_lists_every_command_with_its_summary()
    {
        var output = new StringWriter();
        Assert.Equal(0, await CommandLine.RunAsync(["--help"], output, new StringWriter()));
        string help = output.ToString();
        Assert.Contains("Usage:", help);
        Assert.Contains("Commands:", help);
        foreach (var name in CommandNames)
        {
            Assert.Matches($@"(?m)^\s+{name}\s+\S", help);
        }

        Assert.Contains("Check every graded item of the library (problems 1-4) and the models' derivatives against central differences.", help);
        // The list shows summaries; the details are in each command's own help.
        Assert.DoesNotContain("Runs the library's analytic derivatives", help);
        var word = new StringWriter();
        Assert.Equal(0, await CommandLine.RunAsync(["help"], word, new StringWriter()));
        Assert.Equal(help, word.ToString());
        var bare = new StringWriter();
        Assert.Equal(2, await CommandLine.RunAsync([], bare, new StringWriter()));
        Assert.Equal(help, bare.ToString());
    }

    [Theory]
    [InlineData("check", new[] { "--step", "--threshold", "Runs the library's analytic derivatives" })]
    [InlineData("run", new[] { "--out", "--timings", "--cell-timeout", "NOTEBOOK.ipynb" })]
    [InlineData("setup", new string[0])]
    [InlineData("doctor", new string[0])]
    [InlineData("assign", new[] { "--out", "--root" })]
    [InlineData("grade", new[] { "--out", "--single", "--jobs", "--timeout", "--points", "report.html", "items.csv" })]
    public async Task Every_command_has_generated_help_naming_its_options(string command, string[] expected)
    {
        var output = new StringWriter();
        Assert.Equal(0, await CommandLine.RunAsync([command, "--help"], output, new StringWriter()));
        string help = output.ToString();
        Assert.Contains($"Usage:\n  backprop {command}", help.Replace("\r", "", StringComparison.Ordinal).Replace("testhost", "backprop", StringComparison.Ordinal));
        Assert.Contains("-h, --help", help);
        var word = new StringWriter();
        Assert.Equal(0, await CommandLine.RunAsync(["help", command], word, new StringWriter()));
        Assert.Equal(help, word.ToString());
        foreach (var text in expected)
        {
            Assert.Contains(text, help);
        }
    }

    [Fact]
    public async Task A_mistyped_option_or_a_bad_value_is_named_and_exits_2()
    {
        var error = new StringWriter();
        Assert.Equal(2, await CommandLine.RunAsync(["check", "--stepp", "1e-5"], new StringWriter(), error));
        Assert.Contains("backprop check: unknown option '--stepp'.", error.ToString());
        Assert.Contains("backprop check --help", error.ToString());

        error = new StringWriter();
        Assert.Equal(2, await CommandLine.RunAsync(["check", "--threshold", "-1"], new StringWriter(), error));
        Assert.Contains("--threshold needs a positive number, e.g. --threshold 1e-7.", error.ToString());

        error = new StringWriter();
        Assert.Equal(2, await CommandLine.RunAsync(["doctor", "extra"], new StringWriter(), error));
        Assert.Contains("backprop doctor: unexpected argument 'extra'.", error.ToString());
    }

    [Fact]
    public void Completions_offer_commands_and_options()
    {
        var root = CommandLine.Build(new CommandContext(Terminal.For(new StringWriter(), false), Terminal.For(new StringWriter(), false)));
        Assert.Contains("check", root.Parse("ch").GetCompletions().Select(c => c.Label));
        var grade = root.Parse("grade folder --j").GetCompletions().Select(c => c.Label).ToArray();
        Assert.Contains("--jobs", grade);
        Assert.DoesNotContain("--step", grade);
    }

    [Fact]
    public async Task Check_on_a_terminal_draws_coloured_tables_and_redirected_prints_the_plain_text()
    {
        var terminal = new StringWriter();
        Assert.Equal(0, await CommandLine.RunAsync(["check"], terminal, new StringWriter(), styled: true));
        Assert.Contains("\u001b[", terminal.ToString());
        Assert.Contains("╭", terminal.ToString());
        Assert.Contains("pass", terminal.ToString());
        Assert.Contains("all 15 derivatives match", terminal.ToString());

        var redirected = new StringWriter();
        Assert.Equal(0, await CommandLine.RunAsync(["check"], redirected, new StringWriter(), styled: false));
        Assert.DoesNotContain("\u001b", redirected.ToString());
        Assert.DoesNotContain("╭", redirected.ToString());
        Assert.Contains("all 15 derivatives match", redirected.ToString());
    }

    [Fact]
    public void Output_is_plain_when_redirected_or_NO_COLOR_is_set_or_TERM_is_dumb()
    {
        Assert.True(Terminal.ShouldStyle(isTerminal: true, noColor: null, term: "xterm-256color"));
        Assert.True(Terminal.ShouldStyle(isTerminal: true, noColor: "", term: null));
        Assert.False(Terminal.ShouldStyle(isTerminal: false, noColor: null, term: "xterm"));
        Assert.False(Terminal.ShouldStyle(isTerminal: true, noColor: "1", term: "xterm"));
        Assert.False(Terminal.ShouldStyle(isTerminal: true, noColor: null, term: "dumb"));
        Assert.False(Terminal.For(new StringWriter()).Styled);
    }

    [Fact]
    public void Doctor_findings_on_a_terminal_are_a_table_with_the_verdict_in_colour()
    {
        var writer = new StringWriter();
        var terminal = Terminal.For(writer, styled: true);
        terminal.Console.Write(DoctorTable.Of([("NuGet", DoctorFinding.Problem("dead source", "edit NuGet.Config")), ("SDK", DoctorFinding.Ok("fine"))], Commands.DoctorCommand.Label));
        string text = writer.ToString();
        Assert.Contains("\u001b[", text);
        Assert.Contains("PROBLEM", text);
        Assert.Contains("edit NuGet.Config", text);
        Assert.Contains("OK", text);
    }

    [Fact]
    public void Batch_progress_shows_each_item_on_a_terminal_and_plain_lines_when_redirected()
    {
        (string, bool)[] first = [("p1.dJ_ds", true), ("p1.dJ_dh", false)];
        (string, bool)[] second = [("p1.dJ_ds", true), ("p1.dJ_dh", true)];
        int Grade(Action<int, int> progress, Action<IEnumerable<(string, bool)>> graded)
        {
            graded(first);
            progress(1, 2);
            graded(second);
            progress(2, 2);
            return 42;
        }

        var styled = new StringWriter();
        Assert.Equal(42, BatchProgress.Run(Terminal.For(styled, styled: true), 2, ["p1.dJ_ds", "p1.dJ_dh"], Grade));
        Assert.Contains("\u001b[", styled.ToString());
        Assert.Contains("graded 2/2", styled.ToString());
        Assert.Contains("p1.dJ_ds: ", styled.ToString());
        Assert.Contains("2 of 2 passed", styled.ToString());
        Assert.Contains("1 of 2 passed", styled.ToString());

        var plain = new StringWriter();
        Assert.Equal(42, BatchProgress.Run(Terminal.For(plain, styled: false), 2, ["p1.dJ_ds", "p1.dJ_dh"], Grade));
        var lines = plain.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("grade: 1/2 graded, about ", lines[0]);
        Assert.StartsWith("grade: 2/2 graded, in ", lines[1]);
        Assert.DoesNotContain("\u001b", plain.ToString());
    }
}
