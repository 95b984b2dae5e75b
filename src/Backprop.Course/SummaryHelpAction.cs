using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Backprop.Course;

/// <summary>
/// System.CommandLine's own help, except that the root's command list shows only the first line of each command's
/// description (its summary); the full description stays for <c>backprop NAME --help</c>.
/// </summary>
internal sealed class SummaryHelpAction(HelpAction generated) : SynchronousCommandLineAction
{
    /// <inheritdoc/>
    public override bool ClearsParseErrors => true;

    /// <inheritdoc/>
    public override int Invoke(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        if (parseResult.CommandResult.Command is not RootCommand root)
        {
            return generated.Invoke(parseResult);
        }

        var full = root.Subcommands.ToDictionary(c => c, c => c.Description);
        try
        {
            foreach (var command in root.Subcommands)
            {
                command.Description = command.Description?.Split('\n')[0].Trim();
            }

            return generated.Invoke(parseResult);
        }
        finally
        {
            foreach (var (command, description) in full)
            {
                command.Description = description;
            }
        }
    }
}
