using System.Text;

namespace Backprop.Kernel.Written.Latex;

/// <summary>The kind of a LaTeX token.</summary>
internal enum TokenKind
{
    /// <summary>A control word or symbol, <c>\frac</c>, <c>\{</c>; its text is the name without the backslash.</summary>
    Command,

    /// <summary>One ASCII letter.</summary>
    Letter,

    /// <summary>Digits, with an optional decimal point.</summary>
    Number,

    /// <summary>Any other single character: ^ _ { } ( ) [ ] + - = ' , / |.</summary>
    Symbol,
}

/// <summary>One token of a boxed result.</summary>
/// <param name="Kind">What it is.</param>
/// <param name="Text">The command's name, the letter, the digits or the character.</param>
/// <param name="Position">Its offset in the normalised text, for messages.</param>
internal sealed record Token(TokenKind Kind, string Text, int Position)
{
    /// <summary>True for the symbol <paramref name="c"/>.</summary>
    public bool Is(char c) => Kind == TokenKind.Symbol && Text.Length == 1 && Text[0] == c;

    /// <summary>True for the command <c>\name</c>.</summary>
    public bool IsCommand(string name) => Kind == TokenKind.Command && Text == name;

    /// <inheritdoc/>
    public override string ToString() => Kind == TokenKind.Command ? "\\" + Text : Text;
}

/// <summary>
/// Splits a boxed result into tokens in one linear pass, with no regular expressions and no macro expansion. Unicode
/// forms (∂, ⊙, ᵀ, ², −, α, 𝟙 …) become their LaTeX commands; spacing and sizing commands (<c>\,</c>, <c>\quad</c>,
/// <c>\left</c>, <c>\Big</c>, <c>&amp;</c>) are dropped. The text and the token count are bounded by <see cref="WrittenLimits"/>.
/// </summary>
internal static class LatexLexer
{
    private static readonly HashSet<string> Dropped = new(StringComparer.Ordinal)
    {
        ",", ";", ":", "!", ">", " ", "\\", "quad", "qquad", "left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr",
        "biggl", "biggr", "Biggl", "Biggr", "displaystyle", "textstyle", "limits", "nolimits", "middle", "thinspace", "enspace",
    };

    /// <summary>The tokens of <paramref name="text"/>.</summary>
    /// <param name="text">A boxed result's LaTeX.</param>
    /// <exception cref="WrittenLimitException">The text or its tokens exceed <see cref="WrittenLimits"/>.</exception>
    public static IReadOnlyList<Token> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > WrittenLimits.MaxResultChars)
        {
            throw new WrittenLimitException($"the boxed result is {text.Length:N0} characters long; the checker reads at most {WrittenLimits.MaxResultChars:N0}.");
        }

        string s = Normalise(text);
        var tokens = new List<Token>();
        int i = 0;
        while (i < s.Length)
        {
            char c = s[i];
            if (char.IsWhiteSpace(c) || c == '&' || c == '~')
            {
                i++;
                continue;
            }

            int start = i;
            Token token;
            if (c == '\\')
            {
                i++;
                if (i < s.Length && IsAsciiLetter(s[i]))
                {
                    while (i < s.Length && IsAsciiLetter(s[i]))
                    {
                        i++;
                    }

                    token = new Token(TokenKind.Command, s[(start + 1)..i], start);
                }
                else
                {
                    token = new Token(TokenKind.Command, i < s.Length ? s[i].ToString() : " ", start);
                    i++;
                }

                if (Dropped.Contains(token.Text))
                {
                    continue;
                }
            }
            else if (IsAsciiLetter(c))
            {
                token = new Token(TokenKind.Letter, c.ToString(), start);
                i++;
            }
            else if (char.IsAsciiDigit(c))
            {
                while (i < s.Length && (char.IsAsciiDigit(s[i]) || (s[i] == '.' && i + 1 < s.Length && char.IsAsciiDigit(s[i + 1]))))
                {
                    i++;
                }

                token = new Token(TokenKind.Number, s[start..i], start);
            }
            else
            {
                token = new Token(TokenKind.Symbol, c.ToString(), start);
                i++;
            }

            tokens.Add(token);
            if (tokens.Count > WrittenLimits.MaxTokens)
            {
                throw new WrittenLimitException($"the boxed result has more than {WrittenLimits.MaxTokens:N0} tokens, more than any result of the problem set needs.");
            }
        }

        return tokens;
    }

    private static bool IsAsciiLetter(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z');

    /// <summary>Unicode maths to LaTeX, one character at a time.</summary>
    private static string Normalise(string text)
    {
        var output = new StringBuilder(text.Length + 16);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            string? replacement = c switch
            {
                '∂' => "\\partial ",
                '∇' => "\\nabla ",
                '⊙' => "\\odot ",
                '∘' => "\\circ ",
                '·' or '⋅' => "\\cdot ",
                '×' => "\\times ",
                '−' or '–' => "-",
                'ᵀ' => "^T",
                '²' => "^2",
                '⊤' => "\\top ",
                'α' => "\\alpha ",
                '′' => "'",
                '∑' => "\\sum ",
                '\u00a0' => " ",
                _ => null,
            };

            // 𝟙 (U+1D7D9) and 𝕀 (U+1D540) are surrogate pairs.
            if (c == '\uD835' && i + 1 < text.Length && text[i + 1] is '\uDFD9' or '\uDD40')
            {
                replacement = text[i + 1] == '\uDFD9' ? "\\mathbb{1}" : "\\mathbb{I}";
                i++;
            }

            if (replacement is null)
            {
                output.Append(c);
            }
            else
            {
                output.Append(replacement);
            }
        }

        return output.ToString();
    }
}
