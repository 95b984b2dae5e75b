using System.CommandLine;

namespace Backprop.Course;

/// <summary>Where a command writes (plain or styled, see <see cref="Terminal"/>) and how its action is wrapped.</summary>
/// <param name="Output">Standard output.</param>
/// <param name="Error">Standard error: diagnostics and progress.</param>
internal sealed record CommandContext(Terminal Output, Terminal Error)
{
    /// <summary>
    /// Sets <paramref name="command"/>'s action to <paramref name="action"/>; a <see cref="UsageException"/> from it is
    /// printed as "backprop NAME: message" with a pointer to the command's help, and exits 2 like a parse error.
    /// </summary>
    public void SetAction(Command command, Func<ParseResult, CancellationToken, Task<int>> action)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.SetAction(async (result, cancellation) =>
        {
            try
            {
                return await action(result, cancellation);
            }
            catch (UsageException e)
            {
                Error.Writer.WriteLine($"backprop {command.Name}: {e.Message}");
                Error.Writer.WriteLine($"See 'backprop {command.Name} --help'.");
                return CommandLine.UsageExitCode;
            }
        });
    }

    /// <summary>Like <see cref="SetAction(Command, Func{ParseResult, CancellationToken, Task{int}})"/> for a synchronous action.</summary>
    public void SetAction(Command command, Func<ParseResult, int> action) =>
        SetAction(command, (result, _) => Task.FromResult(action(result)));
}

/// <summary>A mistake in the command's arguments; the message says what and how to fix it.</summary>
internal sealed class UsageException(string message) : Exception(message);
