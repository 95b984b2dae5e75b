using System.Globalization;
using Backprop.Kernel.Written.Latex;

namespace Backprop.Kernel.Written.Syntax;

/// <summary>One side of a boxed equation: an expression, or words such as \text{error} that are not checked.</summary>
/// <param name="Expression">The parsed expression, or null for words.</param>
/// <param name="Words">The words, when there is no expression.</param>
internal sealed record Piece(Expr? Expression, string? Words);

/// <summary>A parsed boxed result: its pieces between '=' signs, and how ambiguous notation was read.</summary>
/// <param name="Pieces">The pieces, left to right.</param>
/// <param name="Readings">Each reading of ambiguous notation, in words (e.g. "h_t^2 is read element-wise").</param>
internal sealed record ParsedResult(IReadOnlyList<Piece> Pieces, IReadOnlyList<string> Readings);

/// <summary>Why a boxed result could not be read.</summary>
internal enum ParseFailure
{
    /// <summary>Notation the checker does not read.</summary>
    Unreadable,

    /// <summary>Notation with two readings that the checker will not choose between.</summary>
    Ambiguous,

    /// <summary>A size or depth bound of <see cref="WrittenLimits"/> was reached.</summary>
    TooLarge,
}

/// <summary>A boxed result that cannot be read; the message says why, in words a student can act on.</summary>
/// <param name="failure">The kind of failure.</param>
/// <param name="message">What could not be read and why.</param>
internal sealed class ResultParseException(ParseFailure failure, string message) : Exception(message)
{
    /// <summary>The kind of failure.</summary>
    public ParseFailure Failure { get; } = failure;
}

/// <summary>
/// A recursive-descent parser for the problem set's notation. Every recursion passes through <see cref="Enter"/>, which
/// stops at <see cref="WrittenLimits.MaxDepth"/>; every node counts against <see cref="WrittenLimits.MaxNodes"/>; every
/// loop consumes a token. So its cost is linear in the (bounded) number of tokens and it cannot overflow the stack.
/// </summary>
internal sealed class ResultParser
{
    private static readonly HashSet<string> FontCommands = new(StringComparer.Ordinal) { "mathbf", "boldsymbol", "bm", "vec", "mathit", "mathrm", "mathsf", "mathnormal", "mathbb", "pmb" };
    private static readonly HashSet<string> MacroCommands = new(StringComparer.Ordinal) { "def", "newcommand", "renewcommand", "let", "edef", "gdef", "xdef", "providecommand", "DeclareMathOperator", "input", "include", "expandafter", "csname", "catcode", "futurelet" };
    private static readonly string[] TransposeMarks = ["T", "top", "intercal", "mathsfT"];

    private readonly IReadOnlyList<Token> _tokens;
    private readonly Budget _budget;
    private readonly int _end;
    private int _pos;

    private ResultParser(IReadOnlyList<Token> tokens, int start, int end, Budget budget)
    {
        _tokens = tokens;
        _pos = start;
        _end = end;
        _budget = budget;
    }

    /// <summary>Parses a boxed result, "∂J/∂W^r = …" or an expression alone.</summary>
    /// <param name="latex">The LaTeX inside the box.</param>
    /// <exception cref="ResultParseException">The result cannot be read; the message says why.</exception>
    public static ParsedResult Parse(string latex)
    {
        IReadOnlyList<Token> tokens;
        try
        {
            tokens = LatexLexer.Tokenize(latex);
        }
        catch (WrittenLimitException e)
        {
            throw new ResultParseException(ParseFailure.TooLarge, e.Message);
        }

        if (tokens.FirstOrDefault(t => t.Kind == TokenKind.Command && MacroCommands.Contains(t.Text)) is { } macro)
        {
            throw new ResultParseException(ParseFailure.Unreadable, $"\\{macro.Text} defines or expands macros, which the checker never does.");
        }

        var budget = new Budget();
        var parser = new ResultParser(tokens, 0, tokens.Count, budget);
        var pieces = new List<Piece>();
        while (true)
        {
            pieces.Add(parser.ParsePiece());
            if (parser.AtEnd)
            {
                break;
            }

            if (parser.Peek.Is('='))
            {
                parser._pos++;
                continue;
            }

            if (parser.Peek.Is(',') || parser.Peek.Is('.'))
            {
                parser._pos++;
                if (parser.AtEnd)
                {
                    break;
                }
            }

            throw Unreadable($"“{parser.Peek}” cannot follow {pieces[^1].Expression?.Text ?? "the text before it"}");
        }

        if (pieces.Count == 0 || pieces.All(p => p.Expression is null))
        {
            throw new ResultParseException(ParseFailure.Unreadable, "the box holds no expression, only words.");
        }

        return new ParsedResult(pieces, budget.Readings);
    }

    private bool AtEnd => _pos >= _end;

    private Token Peek => _pos < _end ? _tokens[_pos] : new Token(TokenKind.Symbol, "\0", _tokens.Count == 0 ? 0 : _tokens[^1].Position + 1);

    private Token? PeekAt(int offset) => _pos + offset < _end ? _tokens[_pos + offset] : null;

    private Piece ParsePiece()
    {
        if (Peek.Kind == TokenKind.Command && Peek.Text is "text" or "textrm" or "mbox" && !IsFunctionWord(_pos))
        {
            string words = ReadWordGroup();
            if (AtEnd || Peek.Is('=') || Peek.Is(',') || Peek.Is('.'))
            {
                return new Piece(null, words);
            }

            throw Unreadable($"\\text{{{words}}} is followed by maths; write the result without words in between");
        }

        if (AtEnd || Peek.Is('='))
        {
            throw Unreadable("an '=' has nothing on one of its sides");
        }

        return new Piece(ParseExpr(), null);
    }

    private Expr ParseExpr()
    {
        using var _ = Enter();
        bool negative = false;
        if (Peek.Is('-') || Peek.Is('+'))
        {
            negative = Peek.Is('-');
            _pos++;
        }

        Expr left = ParseTerm();
        if (negative)
        {
            left = Node(new Negate(left));
        }

        while (Peek.Is('+') || Peek.Is('-'))
        {
            bool plus = Peek.Is('+');
            _pos++;
            Expr right = ParseTerm();
            if (SumVariable(left) is string v && UsesVariable(right, v))
            {
                throw new ResultParseException(ParseFailure.Ambiguous,
                    $"the term “{right.Text}” after the sum uses its index {v}, but a sum only reaches the next + or −: put the sum's body in parentheses, \\sum_{{{v}}} \\left( … + … \\right), or write one sum per term.");
            }

            left = Node<Expr>(plus ? new Add(left, right) : new Subtract(left, right));
        }

        return left;
    }

    private static string? SumVariable(Expr e) => e switch
    {
        Sum s => s.Variable,
        Add a => SumVariable(a.Right),
        Subtract s => SumVariable(s.Right),
        Negate n => SumVariable(n.Operand),
        _ => null,
    };

    private static bool UsesVariable(Expr e, string v)
    {
        var pending = new Stack<Expr>();
        pending.Push(e);
        while (pending.Count > 0)
        {
            var next = pending.Pop();
            switch (next)
            {
                case Symbol { At.Variable: var x } when x == v:
                case Derivative { Of.At.Variable: var y } when y == v:
                    return true;
                case Sum s when s.Variable == v:
                    continue;
            }

            foreach (var child in next.Children)
            {
                pending.Push(child);
            }
        }

        return false;
    }

    /// <summary>A product chain: factors joined by juxtaposition, \cdot, \times, ⊙ or /.</summary>
    private Expr ParseTerm()
    {
        using var _ = Enter();
        var factors = new List<Expr> { ParseFactor() };
        var operators = new List<char>();
        while (!AtEnd)
        {
            var t = Peek;
            char op;
            if (t.IsCommand("cdot") || t.IsCommand("times") || t.Is('*'))
            {
                if (t.IsCommand("times"))
                {
                    _budget.Read("\\times is read as a matrix product, like \\cdot.");
                }

                op = 'p';
                _pos++;
            }
            else if (t.IsCommand("odot") || t.IsCommand("circ"))
            {
                op = 'h';
                _pos++;
            }
            else if (t.Is('/'))
            {
                op = '/';
                _pos++;
            }
            else if (StartsFactor(t))
            {
                op = 'p';
            }
            else
            {
                break;
            }

            operators.Add(op);
            factors.Add(ParseFactor());
        }

        if (factors.Count == 1)
        {
            return factors[0];
        }

        bool hadamard = operators.Contains('h'), product = operators.Any(o => o != 'h');
        if (!(hadamard && product))
        {
            return Fold(factors, operators, 0, factors.Count);
        }

        // Mixed: keep both readings.
        var hadamardFirst = Group(factors, operators, tight: 'h');
        var productFirst = Group(factors, operators, tight: 'p');
        string source = factors[0].Text;
        for (int i = 0; i < operators.Count; i++)
        {
            source += (operators[i] == 'h' ? " ⊙ " : operators[i] == '/' ? " / " : " ") + Product.Factor(factors[i + 1]);
        }

        return Node(new Ambiguous(hadamardFirst, productFirst, source));
    }

    /// <summary>Groups runs joined by the <paramref name="tight"/> kind first, then joins the runs with the other kind.</summary>
    private Expr Group(List<Expr> factors, List<char> operators, char tight)
    {
        bool IsTight(char op) => tight == 'h' ? op == 'h' : op != 'h';
        var runs = new List<Expr>();
        var joins = new List<char>();
        int start = 0;
        for (int i = 0; i <= operators.Count; i++)
        {
            if (i == operators.Count || !IsTight(operators[i]))
            {
                runs.Add(Fold(factors, operators, start, i + 1));
                if (i < operators.Count)
                {
                    joins.Add(operators[i]);
                }

                start = i + 1;
            }
        }

        return Fold(runs, joins, 0, runs.Count);
    }

    private Expr Fold(List<Expr> factors, List<char> operators, int from, int to)
    {
        Expr result = factors[from];
        for (int i = from + 1; i < to; i++)
        {
            result = Node<Expr>(operators[i - 1] switch
            {
                'h' => new Hadamard(result, factors[i]),
                '/' => new Divide(result, factors[i]),
                _ => new Product(result, factors[i]),
            });
        }

        return result;
    }

    private static bool StartsFactor(Token t) => t.Kind switch
    {
        TokenKind.Letter or TokenKind.Number => true,
        TokenKind.Symbol => t.Is('(') || t.Is('[') || t.Is('{'),
        TokenKind.Command => t.Text is "frac" or "dfrac" or "tfrac" or "partial" or "nabla" or "tanh" or "sum" or "alpha" or "operatorname" or "text" or "textrm"
            or "mathcal" or "{" or "sech" or "diag" || FontCommands.Contains(t.Text),
        _ => false,
    };

    /// <summary>A primary with its postfix superscripts: ^T, ^\top, ^2, '.</summary>
    private Expr ParseFactor()
    {
        using var _ = Enter();
        Expr e = ParsePrimary();
        while (!AtEnd)
        {
            if (Peek.Is('^'))
            {
                _pos++;
                var (start, end) = ReadScript();
                e = ApplySuperscript(e, start, end);
            }
            else if (Peek.Is('\''))
            {
                _pos++;
                _budget.Read("a prime ' after a matrix or vector is read as its transpose.");
                e = Node(new Transpose(e));
            }
            else if (Peek.Is('_'))
            {
                throw Unreadable($"a subscript after “{e.Text}” is not read; put indices on the symbol itself");
            }
            else
            {
                break;
            }
        }

        return e;
    }

    private Expr ApplySuperscript(Expr e, int start, int end)
    {
        string script = ScriptText(start, end);
        if (IsTransposeMark(script))
        {
            return Node(new Transpose(e));
        }

        if (script == "2")
        {
            _budget.Read($"“{e.Text}^2” is read element-wise, {e.Text} ⊙ {e.Text} (for a vector).");
            return Node(new Square(e));
        }

        throw Unreadable($"the superscript ^{{{script}}} on “{e.Text}” is not read (the checker reads ^T for a transpose and ^2 element-wise)");
    }

    private static bool IsTransposeMark(string script) => script is "T" or "top" or "intercal" or "mathsfT" or "mathrmT" or "textsfT" or "t" or "tr" or "textT" or "prime" or "'";

    private Expr ParsePrimary()
    {
        using var _ = Enter();
        if (AtEnd)
        {
            throw Unreadable("the result ends where a term was expected");
        }

        var t = Peek;
        if (t.Kind == TokenKind.Number)
        {
            _pos++;
            return Node(new Number(double.Parse(t.Text, CultureInfo.InvariantCulture)));
        }

        if (t.Is('(') || t.Is('[') || (t.Kind == TokenKind.Command && t.Text == "{") || t.Is('{'))
        {
            return ParseGroup();
        }

        if (t.Kind == TokenKind.Letter)
        {
            if (IsFunctionWord(_pos))
            {
                string word = string.Concat(Enumerable.Range(_pos, 4).Select(i => _tokens[i].Text));
                _pos += 4;
                return ParseFunction(word);
            }

            if (t.Text == "d" && PeekAt(1) is { Kind: TokenKind.Letter, Text: "J" } && PeekAt(2) is { } slash && slash.Is('/'))
            {
                _pos += 3;
                return ParseSlashDenominator(total: true);
            }

            return ParseSymbol();
        }

        if (t.Kind != TokenKind.Command)
        {
            throw Unreadable($"“{t}” cannot start a term");
        }

        switch (t.Text)
        {
            case "frac" or "dfrac" or "tfrac":
                _pos++;
                return ParseFraction();
            case "partial":
                _pos++;
                ExpectObjective();
                if (!Peek.Is('/'))
                {
                    throw Unreadable("∂J must be followed by /∂ and a quantity");
                }

                _pos++;
                return ParseSlashDenominator(total: false);
            case "nabla":
                _pos++;
                return ParseNabla();
            case "tanh" or "sech":
                _pos++;
                return ParseFunction(t.Text);
            case "diag":
                _pos++;
                return ParseFunction("diag");
            case "operatorname" or "mathrm" or "text" or "textrm" when IsFunctionWord(_pos):
            {
                string word = ReadWordGroup();
                return ParseFunction(word);
            }

            case "sum":
                _pos++;
                return ParseSum();
            case "alpha":
                _pos++;
                return ParseScripts(new Symbol("alpha", null), "α");
            case "mathcal":
                throw Unreadable("𝒥 (\\mathcal{J}) appears outside a derivative");
        }

        if (FontCommands.Contains(t.Text))
        {
            return ParseSymbol();
        }

        if (MacroCommands.Contains(t.Text))
        {
            throw Unreadable($"\\{t.Text} defines or expands macros, which the checker never does");
        }

        throw Unreadable($"\\{t.Text} is not part of the notation the checker reads");
    }

    private Expr ParseGroup()
    {
        var open = Peek;
        _pos++;
        Expr inner = ParseExpr();
        bool closes = open.Text switch
        {
            "(" => Peek.Is(')'),
            "[" => Peek.Is(']'),
            "{" when open.Kind == TokenKind.Command => Peek.IsCommand("}"),
            _ => Peek.Is('}'),
        };
        if (!closes)
        {
            throw Unreadable(AtEnd ? $"“{open}” is never closed" : $"“{open}” is closed by “{Peek}”, or something inside it could not be read");
        }

        _pos++;
        return inner;
    }

    /// <summary>True when the tokens at <paramref name="at"/> spell diag, tanh or sech, as letters or in \operatorname{…}, \mathrm{…}, \text{…}.</summary>
    private bool IsFunctionWord(int at)
    {
        if (at < _end && _tokens[at].Kind == TokenKind.Command && _tokens[at].Text is "operatorname" or "mathrm" or "text" or "textrm")
        {
            at += 1;
            if (at < _end && _tokens[at].Is('{'))
            {
                at++;
            }
        }

        if (at + 4 > _end)
        {
            return false;
        }

        string word = string.Concat(Enumerable.Range(at, 4).Select(i => _tokens[i].Kind == TokenKind.Letter ? _tokens[i].Text : "#"));
        return word is "diag" or "tanh" or "sech";
    }

    /// <summary>Reads \text{…}, \mathrm{…}, \operatorname{…} and returns its letters.</summary>
    private string ReadWordGroup()
    {
        _pos++;
        if (!Peek.Is('{'))
        {
            return Peek.Kind == TokenKind.Letter ? _tokens[_pos++].Text : "";
        }

        _pos++;
        var word = new System.Text.StringBuilder();
        while (!AtEnd && !Peek.Is('}'))
        {
            if (Peek.Is('{'))
            {
                throw Unreadable("a group inside \\text{…} is not read");
            }

            word.Append(Peek.Kind == TokenKind.Command ? " " : Peek.Text);
            _pos++;
        }

        if (AtEnd)
        {
            throw Unreadable("\\text{ is never closed");
        }

        _pos++;
        return word.ToString();
    }

    private Call ParseFunction(string name)
    {
        string function = name;
        if (Peek.Is('^'))
        {
            _pos++;
            var (start, end) = ReadScript();
            string script = ScriptText(start, end);
            function = (name, script) switch
            {
                ("tanh", "2") => "tanh^2",
                ("tanh", "prime" or "'") => "tanh'",
                ("sech", "2") => "tanh'",
                _ => throw Unreadable($"{name}^{{{script}}} is not read"),
            };
        }
        else if (Peek.Is('\''))
        {
            _pos++;
            function = name == "tanh" ? "tanh'" : throw Unreadable($"{name}' is not read");
        }
        else if (name == "sech")
        {
            throw Unreadable("sech is read only squared, sech^2");
        }

        Expr argument = Peek.Is('(') || Peek.Is('[') || Peek.IsCommand("{") || Peek.Is('{') ? ParseGroup() : ParseArgumentFactor();
        if (function == "tanh'")
        {
            _budget.Read("tanh′(z) is read element-wise: the derivative of tanh at each entry of z.");
        }

        return Node(new Call(function, argument));
    }

    /// <summary>An unparenthesised argument, as in \tanh^2 g_t: one symbol with its scripts.</summary>
    private Expr ParseArgumentFactor()
    {
        if (AtEnd || !StartsFactor(Peek))
        {
            throw Unreadable("a function has no argument");
        }

        return ParsePrimary();
    }

    private Expr ParseFraction()
    {
        // \frac{\partial J}{\partial X} or \frac{dJ}{dX}: a derivative. Otherwise a quotient.
        if (!Peek.Is('{'))
        {
            throw Unreadable("\\frac must be followed by {numerator}{denominator}");
        }

        int save = _pos;
        _pos++;
        bool derivative = false, total = false;
        if (Peek.IsCommand("partial"))
        {
            _pos++;
            derivative = true;
        }
        else if (Peek is { Kind: TokenKind.Letter, Text: "d" } && PeekAt(1) is { } next && (next.Text == "J" || next.IsCommand("mathcal")))
        {
            _pos++;
            derivative = total = true;
        }

        if (derivative)
        {
            ExpectObjective();
            if (!Peek.Is('}'))
            {
                throw Unreadable("the numerator of a derivative must be ∂J alone");
            }

            _pos++;
            if (!Peek.Is('{'))
            {
                throw Unreadable("\\frac{∂J} must be followed by {∂ quantity}");
            }

            _pos++;
            if (Peek.IsCommand("partial") && !total)
            {
                _pos++;
            }
            else if (Peek is { Kind: TokenKind.Letter, Text: "d" })
            {
                _pos++;
            }
            else if (Peek.IsCommand("partial"))
            {
                _pos++;
            }
            else
            {
                throw Unreadable("the denominator of a derivative must start with ∂");
            }

            var of = ParseQuantity();
            if (!Peek.Is('}'))
            {
                throw Unreadable($"the denominator ∂{of.Text} is followed by “{Peek}”");
            }

            _pos++;
            return Node(new Derivative(of));
        }

        _pos = save + 1;
        Expr numerator = ParseExpr();
        if (!Peek.Is('}'))
        {
            throw Unreadable("the numerator of \\frac is not closed");
        }

        _pos++;
        if (!Peek.Is('{'))
        {
            throw Unreadable("\\frac{…} needs a {denominator}");
        }

        _pos++;
        Expr denominator = ParseExpr();
        if (!Peek.Is('}'))
        {
            throw Unreadable("the denominator of \\frac is not closed");
        }

        _pos++;
        return Node(new Divide(numerator, denominator));
    }

    private Derivative ParseSlashDenominator(bool total)
    {
        if (Peek.IsCommand("partial") && !total || Peek.IsCommand("partial"))
        {
            _pos++;
        }
        else if (Peek is { Kind: TokenKind.Letter, Text: "d" })
        {
            _pos++;
        }
        else
        {
            throw Unreadable("∂J/ must be followed by ∂ and a quantity");
        }

        var of = ParseQuantity();
        return Node(new Derivative(of));
    }

    private Derivative ParseNabla()
    {
        if (!Peek.Is('_'))
        {
            throw Unreadable("∇ needs a subscript, ∇_{h_t} J");
        }

        _pos++;
        Symbol of;
        if (Peek.Is('{'))
        {
            _pos++;
            of = ParseQuantity();
            if (!Peek.Is('}'))
            {
                throw Unreadable($"∇_{{{of.Text}}} is followed by “{Peek}” inside the braces");
            }

            _pos++;
        }
        else
        {
            of = ParseQuantity(allowScripts: false);
        }

        ExpectObjective();
        return Node(new Derivative(of));
    }

    /// <summary>J, \mathcal{J}, \mathcal J or 𝒥; a loss L is named as such.</summary>
    private void ExpectObjective()
    {
        if (Peek is { Kind: TokenKind.Letter, Text: "J" })
        {
            _pos++;
            return;
        }

        if (Peek.IsCommand("mathcal"))
        {
            _pos++;
            if (Peek.Is('{') && PeekAt(1) is { Text: "J" } && PeekAt(2) is { } close && close.Is('}'))
            {
                _pos += 3;
                return;
            }

            if (Peek is { Kind: TokenKind.Letter, Text: "J" })
            {
                _pos++;
                return;
            }
        }

        if (Peek is { Kind: TokenKind.Letter, Text: "L" or "E" or "\u2112" })
        {
            throw Unreadable($"the derivative is of {Peek.Text}; the problem set differentiates J = log p(y|s), the log-likelihood (a loss L = −J has the opposite sign)");
        }

        throw Unreadable("a derivative must be of J");
    }

    /// <summary>A quantity after ∂: a symbol with its scripts.</summary>
    private Symbol ParseQuantity(bool allowScripts = true)
    {
        var e = allowScripts ? ParseSymbol() : ParseSymbolBase(scripts: false);
        return e switch
        {
            Symbol s => s,
            _ => throw Unreadable($"∂J/∂ must name one quantity, not “{e.Text}”"),
        };
    }

    private Expr ParseSymbol() => ParseSymbolBase(scripts: true);

    private Expr ParseSymbolBase(bool scripts)
    {
        string letter;
        var t = Peek;
        if (t.Kind == TokenKind.Command && FontCommands.Contains(t.Text))
        {
            _pos++;
            bool braced = Peek.Is('{');
            if (braced)
            {
                _pos++;
            }

            var inner = Peek;
            _pos++;
            if (braced)
            {
                if (!Peek.Is('}'))
                {
                    throw Unreadable($"\\{t.Text}{{…}} must hold one letter or 1");
                }

                _pos++;
            }

            if (inner.Kind == TokenKind.Number && inner.Text == "1")
            {
                return Node(new Ones());
            }

            if (inner.Kind != TokenKind.Letter)
            {
                throw Unreadable($"\\{t.Text}{{{inner}}} is not a quantity the checker knows");
            }

            if (inner.Text == "I")
            {
                return ScriptsOnConstant(Node(new Identity()), "𝕀");
            }

            letter = inner.Text;
        }
        else if (t.Kind == TokenKind.Letter)
        {
            _pos++;
            letter = t.Text;
        }
        else
        {
            throw Unreadable($"“{t}” is not a quantity");
        }

        if (letter == "I")
        {
            return ScriptsOnConstant(Node(new Identity()), "I");
        }

        string? name = letter switch
        {
            "W" => "W",
            "h" or "g" or "x" or "y" or "p" or "s" or "D" => letter,
            _ => null,
        };
        if (name is null)
        {
            throw Unreadable(letter switch
            {
                "J" => "J appears outside a derivative",
                "t" or "T" => $"the index {letter} appears on its own, as a factor",
                _ => $"the symbol {letter} is not one of the problem set's quantities (W^u, W^e, W^r, h, g, x, y, p, s, α, 𝕀, 𝟙)",
            });
        }

        return scripts ? ParseScripts(new Symbol(name, null), letter) : new Symbol(name == "W" ? throw Unreadable("∇_W needs braces, ∇_{W^r} J") : name, null);
    }

    private Expr ScriptsOnConstant(Expr constant, string written)
    {
        if (Peek.Is('_'))
        {
            _pos++;
            var (start, end) = ReadScript();
            _budget.Read($"the subscript of {written}_{{{ScriptText(start, end)}}} (its size) is not needed: the size is taken from its neighbours.");
        }

        return constant;
    }

    /// <summary>Reads the sub- and superscripts of a symbol in any order and resolves its name, index and transpose.</summary>
    private Expr ParseScripts(Symbol symbol, string written)
    {
        string? sub = null, sup = null;
        while (Peek.Is('_') || Peek.Is('^'))
        {
            bool isSub = Peek.Is('_');
            if ((isSub ? sub : sup) is not null)
            {
                break;
            }

            _pos++;
            var (start, end) = ReadScript();
            string text = ScriptText(start, end);
            if (isSub)
            {
                sub = text;
            }
            else
            {
                sup = text;
            }
        }

        bool transpose = false, square = false;
        string name = symbol.Name;
        StepIndex? at = null;
        var supParts = sup is null ? [] : sup.Split(',', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (supParts.Count > 0 && IsTransposeMark(supParts[^1]))
        {
            transpose = true;
            supParts.RemoveAt(supParts.Count - 1);
        }
        else if (supParts.Count == 1 && supParts[0] == "2")
        {
            square = true;
            supParts.Clear();
        }
        else if (name == "W" && supParts.Count == 1 && WeightName(supParts[0]) is null
            && TransposeMarks.FirstOrDefault(m => supParts[0].EndsWith(m, StringComparison.Ordinal) && WeightName(supParts[0][..^m.Length]) is not null) is { } mark)
        {
            transpose = true; // W^{rT}, W^{u\top}
            supParts[0] = supParts[0][..^mark.Length];
        }

        if (name == "W")
        {
            // The weight's name is a superscript (W^r) or a subscript (W_r); with both, the subscript is a step: W^r_t, read as W^r.
            string? index = null;
            string weightText = string.Join(",", supParts);
            if (weightText.Length == 0)
            {
                weightText = sub ?? "";
            }
            else
            {
                index = sub;
            }

            name = WeightName(weightText.Trim('(', ')'))
                ?? throw Unreadable(weightText.Length == 0 ? "W needs its name, W^u, W^e or W^r" : $"W with “{weightText}” is not W^u, W^e or W^r");
            if (index is not null)
            {
                at = ParseIndex(index, "W");
            }
        }
        else
        {
            if (supParts.Count > 0)
            {
                throw Unreadable($"the superscript ^{{{sup}}} on {written} is not read");
            }

            if (sub is not null)
            {
                if (name is "y" or "p" or "s")
                {
                    throw Unreadable($"{written}_{{{sub}}} is an entry; write the result with the whole vector {written}");
                }

                at = ParseIndex(sub, written);
            }
        }

        if (name == "alpha" && (at is not null))
        {
            throw Unreadable("α takes no index");
        }

        Expr result = Node(new Symbol(name, at));
        if (transpose)
        {
            result = Node(new Transpose(result));
        }

        if (square)
        {
            _budget.Read($"“{result.Text}^2” is read element-wise, as {result.Text} ⊙ {result.Text}.");
            result = Node(new Square(result));
        }

        return result;
    }

    private static string? WeightName(string text) => text switch
    {
        "u" or "U" or "unembed" or "unemb" or "out" => "Wu",
        "e" or "E" or "embed" or "emb" or "in" => "We",
        "r" or "R" or "rec" or "recurrent" or "hh" => "Wr",
        _ => null,
    };

    /// <summary>t, t-1, t+1, T, T-1, a number, or a summation variable such as k.</summary>
    private static StepIndex ParseIndex(string text, string written)
    {
        string s = text.Replace(" ", "", StringComparison.Ordinal);
        if (s.Length == 0 || s.Contains(',', StringComparison.Ordinal) || (s.Length > 1 && s.All(char.IsAsciiLetter)))
        {
            throw Unreadable($"{written}_{{{text}}} names entries; write the result with whole vectors and matrices");
        }

        if (int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out int number))
        {
            return new StepIndex(null, number);
        }

        string variable = s[..1];
        if (!char.IsAsciiLetter(variable[0]) && variable != "τ")
        {
            throw Unreadable($"the index {text} of {written} is not read");
        }

        if (s.Length == 1)
        {
            return new StepIndex(variable, 0);
        }

        if (s.Length >= 3 && s[1] is '-' or '+' && int.TryParse(s[2..], NumberStyles.None, CultureInfo.InvariantCulture, out int offset))
        {
            return new StepIndex(variable, s[1] == '-' ? -offset : offset);
        }

        throw Unreadable($"the index {text} of {written} is not read (the checker reads t, t-1, t+1, T, T-1 and numbers)");
    }

    private Sum ParseSum()
    {
        string? lower = null, upper = null;
        while (Peek.Is('_') || Peek.Is('^'))
        {
            bool isLower = Peek.Is('_');
            _pos++;
            var (start, end) = ReadScript();
            string text = ScriptText(start, end).Replace(" ", "", StringComparison.Ordinal);
            if (isLower)
            {
                lower = text;
            }
            else
            {
                upper = text;
            }
        }

        if (lower is null)
        {
            throw new ResultParseException(ParseFailure.Ambiguous, "the sum has no index under it: write \\sum_{t=1}^{T} so that its range is clear.");
        }

        string variable;
        StepIndex from;
        int eq = lower.IndexOf('=', StringComparison.Ordinal);
        if (eq < 0)
        {
            variable = lower;
            from = new StepIndex(null, 1);
            if (upper is null)
            {
                _budget.Read($"\\sum_{variable} is read as the sum over {variable} = 1 … T.");
            }
        }
        else
        {
            variable = lower[..eq];
            from = ParseIndex(lower[(eq + 1)..], "the sum");
        }

        if (variable.Length != 1 || !(char.IsAsciiLetter(variable[0]) || variable == "τ") || variable == "T")
        {
            throw Unreadable($"the sum's index “{variable}” is not read; use a letter such as t");
        }

        StepIndex to;
        if (upper is null)
        {
            to = new StepIndex("T", 0);
        }
        else
        {
            to = ParseIndex(upper, "the sum");
            if (to is { Variable: null, Offset: 3 })
            {
                _budget.Read("the sum's upper limit 3 is read as T: the course instance has T = 3, and the check's other cases have other lengths.");
                to = new StepIndex("T", 0);
            }
        }

        if (from.Variable is not (null or "T") || to.Variable is not (null or "T"))
        {
            throw Unreadable("a sum's limits must be numbers or T");
        }

        Expr body = ParseTerm();
        return Node(new Sum(variable, from, to, body));
    }

    /// <summary>Reads a script after ^ or _: a {group} or one token (a command with its {group}); returns its token range.</summary>
    private (int Start, int End) ReadScript()
    {
        if (AtEnd)
        {
            throw Unreadable("a ^ or _ has nothing after it");
        }

        if (Peek.Is('{'))
        {
            int start = ++_pos;
            int depth = 1;
            while (!AtEnd)
            {
                if (Peek.Is('{'))
                {
                    depth++;
                    if (depth > WrittenLimits.MaxDepth)
                    {
                        throw new ResultParseException(ParseFailure.TooLarge, $"a script is nested more than {WrittenLimits.MaxDepth} braces deep.");
                    }
                }
                else if (Peek.Is('}') && --depth == 0)
                {
                    return (start, _pos++);
                }

                _pos++;
            }

            throw Unreadable("a { after ^ or _ is never closed");
        }

        int single = _pos++;
        if (_tokens[single].Kind == TokenKind.Command && Peek.Is('{'))
        {
            var (_, end) = ReadScript();
            return (single, end + 1);
        }

        if (_tokens[single].Kind == TokenKind.Command && _tokens[single].Text is "mathsf" or "mathrm" && Peek.Kind == TokenKind.Letter)
        {
            _pos++;
            return (single, _pos);
        }

        return (single, _pos);
    }

    /// <summary>A script's tokens as text: commands by name, font commands and braces dropped ("r,T", "t-1", "top", "unembed").</summary>
    private string ScriptText(int start, int end)
    {
        var text = new System.Text.StringBuilder();
        for (int i = start; i < end; i++)
        {
            var token = _tokens[i];
            if (token.Is('{') || token.Is('}'))
            {
                continue;
            }

            if (token.Kind == TokenKind.Command)
            {
                if (token.Text is "mathsf" or "mathrm" or "text" or "textrm" or "mathbf" or "operatorname" or "textsf" or "mathit")
                {
                    continue;
                }

                text.Append(token.Text switch { "tau" => "τ", _ => token.Text });
                continue;
            }

            text.Append(token.Text);
        }

        return text.ToString();
    }

    private T Node<T>(T node)
        where T : Expr
    {
        if (++_budget.Nodes > WrittenLimits.MaxNodes)
        {
            throw new ResultParseException(ParseFailure.TooLarge, $"the result has more than {WrittenLimits.MaxNodes:N0} parts, more than any result of the problem set needs.");
        }

        return node;
    }

    private DepthScope Enter()
    {
        if (++_budget.Depth > WrittenLimits.MaxDepth)
        {
            throw new ResultParseException(ParseFailure.TooLarge, $"the result is nested more than {WrittenLimits.MaxDepth} levels deep.");
        }

        return new DepthScope(_budget);
    }

    private static ResultParseException Unreadable(string why) => new(ParseFailure.Unreadable, why + ".");

    private sealed class Budget
    {
        private readonly List<string> _readings = [];

        public int Depth { get; set; }

        public int Nodes { get; set; }

        public IReadOnlyList<string> Readings => _readings;

        public void Read(string reading)
        {
            if (!_readings.Contains(reading))
            {
                _readings.Add(reading);
            }
        }
    }

    private readonly struct DepthScope(Budget budget) : IDisposable
    {
        public void Dispose() => budget.Depth--;
    }
}
