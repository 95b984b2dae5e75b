using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;

namespace Backprop.Course;

/// <summary>
/// The <c>backprop</c> command tree on System.CommandLine: one <see cref="ICommand"/> per subcommand, each in its own
/// file under Commands/, giving generated <c>--help</c> for the root and every command, typed options whose errors name
/// the option, and completions (the <c>[suggest]</c> directive that dotnet-suggest uses).
/// </summary>
internal static class CommandLine
{
    /// <summary>The exit code for a mistake in the arguments (unchanged from the hand-written dispatcher).</summary>
    public const int UsageExitCode = 2;

    /// <summary>
    /// Every command, in the order <c>--help</c> lists them. Adding a command is one line here. Fresh instances each
    /// time: a command's options belong to the one tree built from them.
    /// </summary>
    public static IReadOnlyList<ICommand> Commands =>
    [
        new Commands.CheckCommand(),
        new Commands.RunCommand(),
        new Commands.ExportCommand(),
        new Commands.SetupCommand(),
        new Commands.DoctorCommand(),
        new Commands.SubmitCommand(),
#if GRADING
        new Commands.AssignCommand(),
        new Commands.GradeCommand(),
#endif
    ];

    /// <summary>The root command with every subcommand, writing through <paramref name="context"/>.</summary>
    public static RootCommand Build(CommandContext context)
    {
        var root = new RootCommand("backprop: the Backprop.Notebooks course tool. Run it with: dotnet run --project src/Backprop.Course -- <command> [options]");
        foreach (var command in Commands)
        {
            root.Subcommands.Add(command.Build(context));
        }

        // The root's list shows each command's first line; 'backprop NAME --help' shows the whole description.
        if (root.Options.OfType<HelpOption>().FirstOrDefault() is { Action: HelpAction help } option)
        {
            option.Action = new SummaryHelpAction(help);
        }

        return root;
    }

    /// <summary>Parses <paramref name="args"/> and runs the command; returns the process exit code.</summary>
    /// <param name="args">The arguments after <c>backprop</c>.</param>
    /// <param name="output">Standard output.</param>
    /// <param name="error">Standard error.</param>
    /// <param name="cancellation">Ctrl+C.</param>
    /// <param name="styled">Forces styled (true) or plain (false) output; null detects it per stream.</param>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellation = default, bool? styled = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var context = new CommandContext(Terminal.For(output, styled), Terminal.For(error, styled));
        var root = Build(context);
        var invocation = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
        if (args.Length == 0)
        {
            // Bare 'backprop' shows the help, but is not a successful run.
            await root.Parse(["--help"]).InvokeAsync(invocation, cancellation);
            return UsageExitCode;
        }

        if (args[0] == "help")
        {
            // 'backprop help' and 'backprop help grade', as the hand-written dispatcher accepted.
            args = [.. args.Skip(1), "--help"];
        }

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0 && parsed.Action is not (HelpAction or SummaryHelpAction))
        {
            ReportErrors(parsed, root, error);
            return UsageExitCode;
        }

        return await parsed.InvokeAsync(invocation, cancellation);
    }

    // One line per error, naming the command and what is wrong, then where the help is.
    private static void ReportErrors(ParseResult parsed, RootCommand root, TextWriter error)
    {
        var command = parsed.CommandResult.Command;
        string name = command is RootCommand ? "backprop" : $"backprop {command.Name}";
        if (command is RootCommand && parsed.UnmatchedTokens.FirstOrDefault() is { } unknown && !unknown.StartsWith('-'))
        {
            error.WriteLine($"backprop: unknown command '{unknown}'. The commands are: {string.Join(", ", root.Subcommands.Select(c => c.Name))}. See 'backprop --help'.");
            return;
        }

        // Tokens that match nothing: said in the words the hand-written dispatcher used, which scripts and tests know.
        var unmatched = parsed.UnmatchedTokens.Distinct().ToArray();
        foreach (var token in unmatched)
        {
            error.WriteLine(token.StartsWith('-') ? $"{name}: unknown option '{token}'." : $"{name}: unexpected argument '{token}'.");
        }

        foreach (var problem in parsed.Errors.Select(e => e.Message).Distinct().Where(m => !unmatched.Any(t => m.Contains($"'{t}'", StringComparison.Ordinal))))
        {
            error.WriteLine($"{name}: {problem}");
        }

        error.WriteLine($"See '{name} --help'.");
    }
}
