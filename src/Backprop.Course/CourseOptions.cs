using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Backprop.Course;

/// <summary>Typed options shared by the commands, whose parse errors name the option and show a valid example.</summary>
internal static class CourseOptions
{
    /// <summary>An option taking a whole number greater than zero.</summary>
    public static Option<int> PositiveInteger(string name, string description, int defaultValue, string example) =>
        new(name)
        {
            Description = description,
            HelpName = "N",
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result => int.TryParse(Token(result), NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value > 0
                ? value
                : Fail(result, $"{name} needs a positive whole number, e.g. {name} {example}.", defaultValue),
        };

    /// <summary>An option taking a number greater than zero.</summary>
    public static Option<double> PositiveNumber(string name, string description, double defaultValue, string example, string helpName = "NUMBER") =>
        new(name)
        {
            Description = description,
            HelpName = helpName,
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result => double.TryParse(Token(result), NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value > 0 && double.IsFinite(value)
                ? value
                : Fail(result, $"{name} needs a positive number, e.g. {name} {example}.", defaultValue),
        };

    /// <summary>An option naming a file or folder (not checked here: the command says what is wrong with it).</summary>
    public static Option<string?> Path(string name, string description, string helpName = "DIR") =>
        new(name) { Description = description, HelpName = helpName };

    private static string Token(ArgumentResult result) => result.Tokens.Count == 1 ? result.Tokens[0].Value : "";

    private static T Fail<T>(ArgumentResult result, string message, T placeholder)
    {
        result.AddError(message);
        return placeholder;
    }
}
