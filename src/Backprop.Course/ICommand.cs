using System.CommandLine;

namespace Backprop.Course;

/// <summary>One subcommand of <c>backprop</c>, e.g. <c>backprop check</c>, defined in its own file under Commands/.</summary>
internal interface ICommand
{
    /// <summary>
    /// The command's System.CommandLine definition: its name, description (the generated --help), typed arguments and
    /// options, and its action, which writes through <paramref name="context"/> and returns the process exit code.
    /// </summary>
    Command Build(CommandContext context);
}
