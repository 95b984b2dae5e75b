using System.Text;

namespace Backprop.Grading.Reports.Class;

/// <summary>
/// A bounded, hand-rolled C# tokenizer for similarity: untrusted answer text is never parsed by Roslyn here. It drops
/// whitespace and comments, turns every identifier that is not a member name into <c>ID</c> (so renaming variables
/// changes nothing) and every string or character literal into <c>STR</c>; keywords, operators, numbers and member
/// names after '.' (the MathNet API, which a copier cannot rename) stay as written.
/// </summary>
public static class AnswerTokens
{
    /// <summary>Only this much of a cell is read; an answer box is a few lines.</summary>
    public const int MaxCharacters = 20_000;

    /// <summary>At most this many tokens per cell.</summary>
    public const int MaxTokens = 4_000;

    private static readonly HashSet<string> Keywords =
    [
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const", "continue",
        "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern", "false", "finally",
        "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface", "internal", "is", "lock",
        "long", "namespace", "new", "null", "object", "operator", "out", "override", "params", "private", "protected",
        "public", "readonly", "ref", "return", "sbyte", "sealed", "short", "sizeof", "stackalloc", "static", "string",
        "struct", "switch", "this", "throw", "true", "try", "typeof", "uint", "ulong", "unchecked", "unsafe", "ushort",
        "using", "virtual", "void", "volatile", "while", "var", "yield", "async", "await", "select", "from", "where",
    ];

    private static readonly string[] Operators =
    [
        ">>=", "<<=", "??=", "=>", "==", "!=", "<=", ">=", "&&", "||", "++", "--", "+=", "-=", "*=", "/=", "%=", "&=", "|=",
        "^=", "??", "?.", "::", "<<",
    ];

    /// <summary>The normalised tokens of <paramref name="code"/>.</summary>
    /// <param name="code">An answer cell's source (untrusted).</param>
    public static IReadOnlyList<string> Of(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        string text = code.Length > MaxCharacters ? code[..MaxCharacters] : code;
        var tokens = new List<string>();
        int i = 0;
        string? previous = null;
        while (i < text.Length && tokens.Count < MaxTokens)
        {
            char c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '/' && At(text, i + 1) == '/')
            {
                i = SkipTo(text, i, "\n");
            }
            else if (c == '/' && At(text, i + 1) == '*')
            {
                i = SkipTo(text, i + 2, "*/");
            }
            else if (c == '#')
            {
                // Preprocessor and #r lines say nothing about the answer's structure.
                i = SkipTo(text, i, "\n");
            }
            else if (c is '"' or '\'' || (c is '@' or '$' && At(text, i + 1) is '"' or '@' or '$'))
            {
                i = SkipLiteral(text, i);
                Add("STR");
            }
            else if (char.IsDigit(c) || (c == '.' && char.IsDigit(At(text, i + 1))))
            {
                int start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '.' or '_') && !(text[i] == '.' && !char.IsDigit(At(text, i + 1))))
                {
                    i++;
                }

                Add(text[start..i].Replace("_", "", StringComparison.Ordinal));
            }
            else if (char.IsLetter(c) || c is '_' or '@')
            {
                int start = i++;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }

                string word = text[start..i];
                Add(Keywords.Contains(word) ? word : previous is "." or "?." ? word : "ID");
            }
            else
            {
                string op = Operators.FirstOrDefault(o => string.CompareOrdinal(text, i, o, 0, o.Length) == 0) ?? c.ToString();
                i += op.Length;
                Add(op);
            }
        }

        return tokens;

        void Add(string token)
        {
            tokens.Add(token);
            previous = token;
        }
    }

    /// <summary>The code with comments removed and blank lines dropped, for showing an example without names in it.</summary>
    /// <param name="code">An answer cell's source (untrusted).</param>
    public static string WithoutComments(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        string text = code.Length > MaxCharacters ? code[..MaxCharacters] : code;
        var kept = new StringBuilder();
        int i = 0;
        while (i < text.Length)
        {
            if (text[i] == '/' && At(text, i + 1) == '/')
            {
                i = SkipTo(text, i, "\n") - 1;
                if (i < text.Length && text[i] == '\n')
                {
                    kept.Append('\n');
                }

                i++;
            }
            else if (text[i] == '/' && At(text, i + 1) == '*')
            {
                i = SkipTo(text, i + 2, "*/");
            }
            else if (text[i] is '"' or '\'')
            {
                int end = SkipLiteral(text, i);
                kept.Append(text, i, end - i);
                i = end;
            }
            else
            {
                kept.Append(text[i++]);
            }
        }

        var lines = kept.ToString().Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0);
        return string.Join("\n", lines);
    }

    private static char At(string text, int i) => i < text.Length ? text[i] : '\0';

    // Index just past the first occurrence of end at or after from (or the end of text).
    private static int SkipTo(string text, int from, string end)
    {
        int found = text.IndexOf(end, from, StringComparison.Ordinal);
        return found < 0 ? text.Length : found + end.Length;
    }

    // Index just past a string or char literal starting at start: regular, verbatim (@), interpolated ($) or raw (""").
    private static int SkipLiteral(string text, int start)
    {
        int i = start;
        bool verbatim = false;
        while (i < text.Length && text[i] is '@' or '$')
        {
            verbatim |= text[i] == '@';
            i++;
        }

        if (i >= text.Length)
        {
            return i;
        }

        char quote = text[i];
        int quotes = 0;
        while (i < text.Length && text[i] == quote && quote == '"')
        {
            quotes++;
            i++;
        }

        if (quote == '"' && quotes >= 3)
        {
            return SkipTo(text, i, new string('"', quotes));
        }

        if (quote == '"' && quotes == 2)
        {
            return i; // ""
        }

        if (quote == '\'')
        {
            i++;
        }

        while (i < text.Length && text[i] != '\n')
        {
            if (text[i] == '\\' && !verbatim)
            {
                i += 2;
                continue;
            }

            if (text[i] == quote)
            {
                if (verbatim && At(text, i + 1) == quote)
                {
                    i += 2;
                    continue;
                }

                return i + 1;
            }

            i++;
        }

        return Math.Min(i, text.Length);
    }
}
