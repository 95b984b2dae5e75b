using Spectre.Console;

namespace Backprop.Course;

/// <summary>
/// One output stream and how to write to it: styled (Spectre.Console colour, tables, live progress) when it is an
/// interactive terminal, plain text when it is redirected (CI logs, Gradescope), when <c>NO_COLOR</c> is set, or when
/// <c>TERM=dumb</c>. Plain output is the stable, machine-readable form.
/// </summary>
internal sealed class Terminal
{
    private Terminal(TextWriter writer, bool styled)
    {
        Writer = writer;
        Styled = styled;
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = styled ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = styled ? ColorSystemSupport.Standard : ColorSystemSupport.NoColors,
            Interactive = styled ? InteractionSupport.Yes : InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
    }

    /// <summary>The stream.</summary>
    public TextWriter Writer { get; }

    /// <summary>True when colour, tables and live progress may be used.</summary>
    public bool Styled { get; }

    /// <summary>Spectre.Console over <see cref="Writer"/>, with ANSI codes only when <see cref="Styled"/>.</summary>
    public IAnsiConsole Console { get; }

    /// <summary>
    /// Styled only when <paramref name="writer"/> is the process's own stdout or stderr, that stream is a terminal, and
    /// neither NO_COLOR nor TERM=dumb says otherwise. <paramref name="styled"/> overrides the detection (for tests).
    /// </summary>
    public static Terminal For(TextWriter writer, bool? styled = null) => new(writer, styled ?? Detect(writer));

    /// <summary>The rule: a terminal, and neither NO_COLOR (any non-empty value, see no-color.org) nor TERM=dumb.</summary>
    public static bool ShouldStyle(bool isTerminal, string? noColor, string? term) =>
        isTerminal && string.IsNullOrEmpty(noColor) && term != "dumb";

    private static bool Detect(TextWriter writer) =>
        ShouldStyle(
            (ReferenceEquals(writer, System.Console.Out) && !System.Console.IsOutputRedirected)
                || (ReferenceEquals(writer, System.Console.Error) && !System.Console.IsErrorRedirected),
            Environment.GetEnvironmentVariable("NO_COLOR"),
            Environment.GetEnvironmentVariable("TERM"));
}
