namespace Backprop.Course;

/// <summary>One subcommand of <c>backprop</c>, e.g. <c>backprop check</c>.</summary>
internal interface ICommand
{
    /// <summary>The word after <c>backprop</c>.</summary>
    string Name { get; }

    /// <summary>One line for <c>backprop --help</c>.</summary>
    string Summary { get; }

    /// <summary>Usage text for <c>backprop NAME --help</c>.</summary>
    string Usage { get; }

    /// <summary>Runs the command and returns the process exit code.</summary>
    Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellation);
}
