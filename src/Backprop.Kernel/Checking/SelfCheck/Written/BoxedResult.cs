using Backprop.Kernel.Written.Syntax;

namespace Backprop.Kernel.Written;

/// <summary>The marked result of a written-answer cell, as LaTeX, and how it was found.</summary>
/// <param name="Latex">"LHS = RHS" (or an expression alone), without the \boxed{…}.</param>
/// <param name="Marked">True for a \boxed{…}, false for the last displayed equation.</param>
internal sealed record BoxedResult(string Latex, bool Marked)
{
    /// <summary>
    /// Finds the result in a cell's Markdown: the last <c>\boxed{…}</c>, with the left-hand side taken from just before the
    /// box when the box holds only the right-hand side (<c>\frac{∂J}{∂h_1} = \boxed{…}</c>); without a box, the last
    /// <c>$$ … $$</c> equation. HTML comments and inline code (<c>`$$\boxed{… = …}$$`</c>, as the placeholder shows the
    /// form; Markdown shows it as text, not maths) are skipped. One linear pass per search; null when there is none.
    /// </summary>
    /// <param name="markdown">The cell's text.</param>
    /// <exception cref="ResultParseException">The cell is too long, or a box is never closed.</exception>
    public static BoxedResult? Find(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        if (markdown.Length > WrittenLimits.MaxCellChars)
        {
            throw new ResultParseException(ParseFailure.TooLarge, $"the cell is {markdown.Length:N0} characters long; the checker searches at most {WrittenLimits.MaxCellChars:N0}.");
        }

        string text = WithoutCodeSpans(WithoutComments(markdown));
        int box = text.LastIndexOf("\\boxed", StringComparison.Ordinal);
        if (box >= 0)
        {
            int open = box + "\\boxed".Length;
            while (open < text.Length && char.IsWhiteSpace(text[open]))
            {
                open++;
            }

            if (open >= text.Length || text[open] != '{')
            {
                throw new ResultParseException(ParseFailure.Unreadable, "\\boxed must be followed by {…}.");
            }

            int close = Matching(text, open);
            if (close < 0)
            {
                throw new ResultParseException(ParseFailure.Unreadable, "\\boxed{ is never closed: a } is missing.");
            }

            string inside = text[(open + 1)..close];
            if (TopLevelEquals(inside).Count > 0)
            {
                return new BoxedResult(inside, Marked: true);
            }

            string? lhs = LeftHandSide(text, box);
            return new BoxedResult(lhs is null ? inside : lhs + " = " + inside, Marked: true);
        }

        int end = text.LastIndexOf("$$", StringComparison.Ordinal);
        if (end < 2)
        {
            return null;
        }

        int start = text.LastIndexOf("$$", end - 1, StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        string display = text[(start + 2)..end].Trim();
        return display.Length == 0 ? null : new BoxedResult(display, Marked: false);
    }

    /// <summary>The derivative just before a box without its own '=', e.g. \frac{∂J}{∂h_1} in "\frac{∂J}{∂h_1} &amp;= \boxed{…}".</summary>
    private static string? LeftHandSide(string text, int box)
    {
        int mathStart = text.LastIndexOf("$$", box, StringComparison.Ordinal);
        string segment = text[(mathStart < 0 ? 0 : mathStart + 2)..box];
        if (segment.Length > WrittenLimits.MaxResultChars)
        {
            segment = segment[^WrittenLimits.MaxResultChars..];
        }

        var equals = TopLevelEquals(segment);
        for (int k = equals.Count - 1; k >= 0 && k >= equals.Count - 20; k--)
        {
            int pieceStart = k == 0 ? 0 : equals[k - 1] + 1;
            string piece = Tail(segment[pieceStart..equals[k]]);
            try
            {
                var parsed = ResultParser.Parse(piece);
                if (parsed.Pieces is [{ Expression: Derivative }])
                {
                    return piece;
                }
            }
            catch (ResultParseException)
            {
                // Not a derivative: look further left.
            }
        }

        return null;
    }

    /// <summary>The last clause of a piece: after the last line break, \qquad, \quad or \begin{…}.</summary>
    private static string Tail(string piece)
    {
        int cut = 0;
        foreach (string separator in new[] { "\\\\", "\\qquad", "\\quad", "}", "\\text{" })
        {
            int at = separator == "}" ? piece.LastIndexOf("\\begin{aligned}", StringComparison.Ordinal) : piece.LastIndexOf(separator, StringComparison.Ordinal);
            if (at >= 0)
            {
                cut = Math.Max(cut, at + (separator == "}" ? "\\begin{aligned}".Length : separator.Length));
            }
        }

        return piece[cut..].Trim().TrimEnd('&').Trim().TrimStart(',').Trim();
    }

    /// <summary>The positions of '=' outside every brace group.</summary>
    private static List<int> TopLevelEquals(string text)
    {
        var positions = new List<int>();
        int depth = 0;
        for (int i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '\\':
                    i++;
                    break;
                case '{':
                    depth++;
                    break;
                case '}':
                    depth--;
                    break;
                case '=' when depth == 0:
                    positions.Add(i);
                    break;
            }
        }

        return positions;
    }

    /// <summary>The index of the '}' that closes the '{' at <paramref name="open"/>, or −1.</summary>
    private static int Matching(string text, int open)
    {
        int depth = 0;
        for (int i = open; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\\')
            {
                i++;
            }
            else if (c == '{')
            {
                depth++;
            }
            else if (c == '}' && --depth == 0)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The text without inline code spans, `…` on one line; an unpaired backtick stays.</summary>
    private static string WithoutCodeSpans(string text)
    {
        var output = new System.Text.StringBuilder(text.Length);
        int i = 0;
        while (i < text.Length)
        {
            int start = text.IndexOf('`', i);
            if (start < 0)
            {
                output.Append(text, i, text.Length - i);
                break;
            }

            int end = text.IndexOf('`', start + 1);
            if (end < 0 || text.IndexOf('\n', start + 1, end - start - 1) >= 0)
            {
                output.Append(text, i, start + 1 - i); // an unpaired backtick: keep it, look on from the next character
                i = start + 1;
                continue;
            }

            output.Append(text, i, start - i);
            i = end + 1;
        }

        return output.ToString();
    }

    private static string WithoutComments(string text)
    {
        var output = new System.Text.StringBuilder(text.Length);
        int i = 0;
        while (i < text.Length)
        {
            int start = text.IndexOf("<!--", i, StringComparison.Ordinal);
            if (start < 0)
            {
                output.Append(text, i, text.Length - i);
                break;
            }

            output.Append(text, i, start - i);
            int end = text.IndexOf("-->", start + 4, StringComparison.Ordinal);
            i = end < 0 ? text.Length : end + 3;
        }

        return output.ToString();
    }
}
