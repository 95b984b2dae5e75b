namespace Backprop.Course;

/// <summary>Dispatches <c>backprop &lt;command&gt; [args]</c> to the command of that name.</summary>
internal static class CommandLine
{
    /// <summary>Every command, in the order <c>--help</c> lists them.</summary>
    public static IReadOnlyList<ICommand> Commands { get; } =
    [
        // One line per command, each in its own file under Commands/.
        new Commands.CheckCommand(),
        new Commands.RunCommand(),
        new Commands.ExportCommand(),
        new Commands.SetupCommand(),
        new Commands.DoctorCommand(),
#if GRADING
        new Commands.AssignCommand(),
        new Commands.GradeCommand(),
#endif
    ];

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellation = default)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            output.WriteLine(Help());
            return args.Length == 0 ? 2 : 0;
        }

        var command = Commands.FirstOrDefault(c => c.Name == args[0]);
        if (command is null)
        {
            error.WriteLine($"backprop: unknown command '{args[0]}'. The commands are: {string.Join(", ", Commands.Select(c => c.Name))}. See 'backprop --help'.");
            return 2;
        }

        var rest = args.Skip(1).ToArray();
        if (rest.Any(a => a is "-h" or "--help"))
        {
            output.WriteLine(command.Usage);
            return 0;
        }

        try
        {
            return await command.RunAsync(rest, output, error, cancellation);
        }
        catch (UsageException e)
        {
            error.WriteLine($"backprop {command.Name}: {e.Message}");
            error.WriteLine(command.Usage);
            return 2;
        }
    }

    private static string Help() =>
        "backprop: the Backprop.Notebooks course tool.\n\nUsage: dotnet run --project src/Backprop.Course -- <command> [options]\n\nCommands:\n" +
        string.Join("\n", Commands.Select(c => $"  {c.Name,-8} {c.Summary}")) +
        "\n\nRun 'backprop <command> --help' for a command's options.";
}

/// <summary>A mistake in the command's arguments; the message says what and how to fix it.</summary>
internal sealed class UsageException(string message) : Exception(message);
