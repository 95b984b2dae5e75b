using System.Text;
using System.Text.RegularExpressions;
using Backprop.Grading.Notebooks;
using Backprop.Grading.Release;

namespace Backprop.Grading.Tests;

/// <summary>
/// The answers of the problem set as the instructor's sources state them, built from the solution regions only (never
/// from a hand-typed list): every equation in a Markdown region, in its LaTeX form and in the plain form comments and
/// messages use (∂J/∂s, Wuᵀ, ⊙), and every reference line of a C# region. Text is compared after
/// <see cref="Normalise"/>, so reformatting cannot hide a leak.
/// </summary>
internal sealed partial class BoxFormulas
{
    /// <summary>One form of one formula.</summary>
    /// <param name="Text">The form, normalised.</param>
    /// <param name="Original">The form as found, for messages.</param>
    /// <param name="Kind">"latex", "plain" or "code".</param>
    /// <param name="Boxed">True for a boxed result's form: those are secret even where the instructor shows them.</param>
    /// <param name="Where">The notebook cell or file it came from.</param>
    /// <param name="Asked">True when its region has a question, so that the tutorial release shows it.</param>
    public sealed record Form(string Text, string Original, string Kind, bool Boxed, string Where, bool Asked = false)
    {
        /// <summary>The form normalised with its parentheses kept, for the boundary check of short needles.</summary>
        public string Delimited { get; } = Normalise(Original, keepParentheses: true);
    }

    /// <summary>A text to search, normalised both ways.</summary>
    /// <param name="Text">Normalised.</param>
    /// <param name="Delimited">Normalised with parentheses kept.</param>
    /// <param name="Canonical">In one notation for LaTeX and plain text alike (<see cref="BoxFormulas.Canonical(string)"/>).</param>
    public sealed record Haystack(string Text, string Delimited, string Canonical)
    {
        public static Haystack Of(string text) => new(Normalise(text), Normalise(text, keepParentheses: true), BoxFormulas.Canonical(text));

        /// <summary>True when the form occurs: a long one anywhere, a short one only apart from letters and digits, so
        /// that "y − p" is found in "Wuᵀ (y − p)" but not in "copy-paste". A canonical form is looked for in the canonical text.</summary>
        public bool Contains(Form form) =>
            form.Kind == CanonicalKind ? Canonical.Contains(form.Text, StringComparison.Ordinal)
            : form.Text.Length > ShortNeedle ? Text.Contains(form.Text, StringComparison.Ordinal) : Occurs(Delimited, form.Delimited);
    }

    /// <summary>The kind of a form searched in <see cref="Canonical(string)"/> notation, whether the text writes it in LaTeX or plain.</summary>
    public const string CanonicalKind = "canonical";

    /// <summary>One way of writing the tanh factor applied to an upstream gradient in C#, derived from the reference code.</summary>
    /// <param name="Pattern">Matches the C# (whitespace removed) that computes it.</param>
    /// <param name="Description">What it is, for messages.</param>
    /// <param name="Where">The region or file it was derived from.</param>
    public sealed record CodePattern(Regex Pattern, string Description, string Where);

    /// <summary>The C# shapes of "the tanh factor times an upstream gradient", see <see cref="CodeLeaks"/>.</summary>
    public List<CodePattern> FactorCode { get; } = [];

    /// <summary>The tanh factors the boxes use, as written inside <c>\operatorname{diag}(…)</c>, e.g. <c>\mathbb{1} - \tanh^2 g_t</c>.</summary>
    public HashSet<string> Factors { get; } = new(StringComparer.Ordinal);

    /// <summary>The names the open text gives a factor's diagonal matrix, e.g. D_t, with their factor.</summary>
    public Dictionary<string, string> Abbreviations { get; } = new(StringComparer.Ordinal);

    private readonly List<(string Latex, string Where)> boxedParts = [];

    private readonly List<(string Latex, string Where)> regionEquations = [];

    private readonly StringBuilder openMarkdown = new();

    public List<Form> Forms { get; } = [];

    /// <summary>Normalised text outside every region, and the questions: what the instructor shows students anyway.</summary>
    public StringBuilder Open { get; } = new();

    private StringBuilder OpenDelimited { get; } = new();

    /// <summary>Reads the solution notebooks in <paramref name="notebooksFolder"/> and the C# of <paramref name="sourceFolders"/>.</summary>
    public static BoxFormulas From(string notebooksFolder, IEnumerable<string> sourceFolders)
    {
        var formulas = new BoxFormulas();
        var openLines = new HashSet<string>(StringComparer.Ordinal);
        var codeForms = new List<(string Line, string Where)>();
        var openCodeText = new StringBuilder();
        foreach (string path in Directory.EnumerateFiles(notebooksFolder, "*.ipynb").Order(StringComparer.Ordinal))
        {
            var notebook = NotebookReader.Read(path, out string? problem) ?? throw new InvalidDataException(problem);
            foreach (var cell in notebook.Cells)
            {
                string where = $"{notebook.Name}, cell {cell.Index}";
                if (cell.IsCode)
                {
                    CollectCode(cell.Source, where, codeForms, openLines, openCodeText);
                    continue;
                }

                var lines = Lines(cell.Source);
                var regions = SolutionRegions.Find(cell.Source, markdown: true, where);
                var inside = regions.SelectMany(r => Enumerable.Range(r.Begin, r.End - r.Begin + 1)).ToHashSet();
                string shown = string.Join("\n", lines.Where((_, i) => !inside.Contains(i)));
                formulas.openMarkdown.Append(shown).Append('\n');
                formulas.Open.Append(Normalise(shown)).Append('\n');
                formulas.OpenDelimited.Append(Normalise(shown, keepParentheses: true)).Append('\n');
                foreach (var region in regions)
                {
                    var question = SolutionRegions.Question(region, where);
                    if (question is not null)
                    {
                        formulas.Open.Append(Normalise(question.Value.Text)).Append('\n');
                        formulas.OpenDelimited.Append(Normalise(question.Value.Text, keepParentheses: true)).Append('\n');
                    }

                    formulas.AddEquations(SolutionRegions.Solution(region, where), where, asked: question is not null);
                }
            }
        }

        foreach (string file in sourceFolders.SelectMany(f => Directory.EnumerateFiles(f, "*.cs", SearchOption.AllDirectories))
                     .Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal)))
        {
            CollectCode(File.ReadAllText(file), file, codeForms, openLines, openCodeText);
        }

        // A fragment that the instructor's code shows outside every region (a loop header, a declaration) is no secret.
        string openCode = Normalise(string.Join("\n", openLines));
        foreach (var (line, where) in codeForms.Where(c => !openCode.Contains(Normalise(c.Line), StringComparison.Ordinal)).DistinctBy(c => c.Line))
        {
            formulas.Forms.Add(new Form(Normalise(line), line, "code", Boxed: false, where));
        }

        formulas.AddTanhFactorForms(codeForms, openCodeText.ToString());
        return formulas;
    }

    /// <summary>
    /// The heart of every box of problems 2 and 3: the tanh factor applied to the gradient arriving at h_t, ∂J/∂g_t. The
    /// boxes' equations give the factors (each <c>\operatorname{diag}(F)</c> followed by a ∂J/∂h) and the open text or
    /// the regions their names (D_t = diag(F)); from them come canonical forms that are secret however they are written: diag(F) ∂J/∂h_t,
    /// F ⊙ ∂J/∂h_t, ∂J/∂h_t ⊙ F, D_t ∂J/∂h_t, and every boxed result with diag(F) written as its name. The reference
    /// code gives the C# shapes of the factor (vector and scalar), and the open code the methods that return it (a
    /// legitimate measure on its own); the factor, or such a method's result, multiplied pointwise with anything is the
    /// same secret in code.
    /// </summary>
    private void AddTanhFactorForms(List<(string Line, string Where)> regionCode, string openCode)
    {
        // A name may be defined in the open text or inside a solution region (then the release shows only its question).
        string definitions = openMarkdown + "\n" + string.Join("\n", regionEquations.Select(e => "$" + e.Item1 + "$"));
        foreach (Match name in AbbreviationDefinition().Matches(definitions))
        {
            string? body = Balanced(definitions, name.Index + name.Length - 1);
            if (body is not null)
            {
                Abbreviations[name.Groups["name"].Value] = body;
            }
        }

        foreach (var (latex, where) in regionEquations)
        {
            for (int at = latex.IndexOf(DiagOpen, StringComparison.Ordinal); at >= 0; at = latex.IndexOf(DiagOpen, at + 1, StringComparison.Ordinal))
            {
                string? factor = Balanced(latex, at + DiagOpen.Length - 1);
                if (factor is null)
                {
                    continue;
                }

                Factors.Add(factor);
                var upstream = Upstream().Match(latex[(at + DiagOpen.Length + factor.Length + 1)..]);
                if (!upstream.Success)
                {
                    continue;
                }

                string gradient = upstream.Groups["gradient"].Value;
                AddCanonical($"\\operatorname{{diag}}({factor})\\, {gradient}", where);
                AddCanonical($"({factor}) \\odot {gradient}", where);
                AddCanonical($"{gradient} \\odot ({factor})", where);
                foreach (var (abbreviation, body) in Abbreviations.Where(a => Canonical(a.Value) == Canonical(factor)))
                {
                    AddCanonical($"{abbreviation} {gradient}", where);
                }
            }
        }

        // Every boxed result once more, with each named diagonal matrix written as its name (diag(1 − tanh² g_2) as D_2).
        foreach (var (latex, where) in boxedParts)
        {
            string canonical = Canonical(latex);
            foreach (var (abbreviation, body) in Abbreviations)
            {
                int underscore = abbreviation.IndexOf('_', StringComparison.Ordinal);
                string index = abbreviation[(underscore + 1)..].Trim('{', '}');
                string pattern = Regex.Escape(Canonical($"\\operatorname{{diag}}({body})")).Replace("_" + index, "_(\\w)", StringComparison.Ordinal);
                canonical = Regex.Replace(canonical, pattern, abbreviation[..underscore] + "_$1");
            }

            if (canonical != Canonical(latex))
            {
                Forms.Add(new Form(canonical, latex + " (with named factors)", CanonicalKind, Boxed: true, where));
            }
        }

        // C#: the shapes of the factor in the reference code, and the open methods that return one.
        var shapes = new[] { ("the tanh factor 1 − a ⊙ a", VectorFactor()), ("the tanh factor 1 − a_i a_i", ScalarFactor()) };
        foreach (var (description, shape) in shapes)
        {
            string factor = shape.ToString();
            var timesGradient = new Regex($@"PointwiseMultiply\(\(?{factor}|{factor}\)?\.PointwiseMultiply\(|[\w\]\)]\*\({factor}\)|\({factor}\)\*[\w(]");
            var found = regionCode.FirstOrDefault(c => timesGradient.IsMatch(Squeeze(c.Line)));
            if (found.Line is not null)
            {
                FactorCode.Add(new CodePattern(timesGradient, description + " times a gradient", $"{found.Where}: {found.Line}"));
            }
        }

        foreach (Match method in FactorMethod().Matches(Squeeze(openCode)))
        {
            string name = method.Groups["name"].Value;
            FactorCode.Add(new CodePattern(
                new Regex($@"{name}\([^;]*?\)\.PointwiseMultiply\(|PointwiseMultiply\((?:\w+\.)?{name}\(|var(?<v>\w+)=(?:\w+\.)?{name}\([^;]*?\);(?s:.*?)(?:\k<v>\.PointwiseMultiply\(|PointwiseMultiply\(\k<v>\))"),
                $"{name}(…), the tanh factor, times a gradient", "the library's open code"));
        }
    }

    /// <summary>Every place in <paramref name="text"/> that computes the tanh factor times a gradient, by <see cref="FactorCode"/>.</summary>
    public IEnumerable<string> CodeLeaks(string text)
    {
        string squeezed = Squeeze(text);
        foreach (var code in FactorCode)
        {
            foreach (Match match in code.Pattern.Matches(squeezed))
            {
                yield return $"{code.Description} (shape from {code.Where}): \"{squeezed.Substring(Math.Max(0, match.Index - 30), Math.Min(squeezed.Length - Math.Max(0, match.Index - 30), match.Length + 60))}\"";
            }
        }
    }

    /// <summary>
    /// One notation for LaTeX and plain text: <see cref="Plain"/> (∂J/∂h_t, Wrᵀ, ⊙, diag) with tanh², α, 𝕀 and W_r
    /// written plainly too, then <see cref="Normalise"/>. "\operatorname{diag}(\mathbb{1} - \tanh^2 g_t)\, \frac{\partial J}{\partial h_t}"
    /// and "diag(1 − tanh²(g_t)) ∂J/∂h_t" are the same text in it.
    /// </summary>
    public static string Canonical(string text)
    {
        string s = text.Replace("\\tanh", "tanh", StringComparison.Ordinal).Replace("^{2}", "²", StringComparison.Ordinal).Replace("^2", "²", StringComparison.Ordinal)
            .Replace("\\alpha", "α", StringComparison.Ordinal).Replace("\\mathbb{I}", "I", StringComparison.Ordinal).Replace("\\Big", "", StringComparison.Ordinal).Replace("\\big", "", StringComparison.Ordinal);
        s = Plain(s).Replace("W_r", "Wr", StringComparison.Ordinal).Replace("W_e", "We", StringComparison.Ordinal).Replace("W_{r}", "Wr", StringComparison.Ordinal);
        return Normalise(s);
    }

    private void AddCanonical(string latex, string where)
    {
        string text = Canonical(latex);
        if (!Forms.Any(f => f.Kind == CanonicalKind && f.Text == text))
        {
            Forms.Add(new Form(text, Plain(latex), CanonicalKind, Boxed: true, where));
        }
    }

    /// <summary>The text inside the parentheses (or braces) that open at <paramref name="open"/>, or null when unbalanced.</summary>
    private static string? Balanced(string text, int open)
    {
        char opening = text[open], closing = opening == '(' ? ')' : '}';
        int depth = 0;
        for (int i = open; i < text.Length; i++)
        {
            depth += text[i] == opening ? 1 : text[i] == closing ? -1 : 0;
            if (depth == 0)
            {
                return text[(open + 1)..i];
            }
        }

        return null;
    }

    /// <summary>C# with whitespace and comments' slashes kept out of the way: only whitespace removed.</summary>
    private static string Squeeze(string text) => new(text.Where(c => !char.IsWhiteSpace(c)).ToArray());

    private const string DiagOpen = "\\operatorname{diag}(";

    /// <summary>The forms that must not appear in a homework release: boxed ones always, others unless the instructor shows them.</summary>
    public IEnumerable<Form> Secrets()
    {
        string open = Open.ToString();
        var shown = new Haystack(open, OpenDelimited.ToString(), Canonical: ""); // canonical forms are boxed: secret wherever they are
        return Forms.Where(f => f.Boxed || f.Kind == "code" || !shown.Contains(f));
    }

    /// <summary>Needles up to this length (normalised) must stand apart from letters and digits around them.</summary>
    public const int ShortNeedle = 8;

    /// <summary>True when <paramref name="needle"/> occurs in <paramref name="haystack"/> and is not part of a longer name.</summary>
    public static bool Occurs(string haystack, string needle)
    {
        for (int at = haystack.IndexOf(needle, StringComparison.Ordinal); at >= 0; at = haystack.IndexOf(needle, at + 1, StringComparison.Ordinal))
        {
            bool before = at > 0 && char.IsLetterOrDigit(haystack[at - 1]) && char.IsLetterOrDigit(needle[0]);
            int end = at + needle.Length;
            bool after = end < haystack.Length && char.IsLetterOrDigit(haystack[end]) && char.IsLetterOrDigit(needle[^1]);
            if (!before && !after)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whitespace, comment slashes, LaTeX spacing, braces and parentheses removed; −, ᵀ and escaped quotes unified.</summary>
    public static string Normalise(string text, bool keepParentheses = false)
    {
        var s = new StringBuilder(text.Replace("\\\"", "\"", StringComparison.Ordinal).Replace("///", "", StringComparison.Ordinal).Replace("//", "", StringComparison.Ordinal));
        foreach (string spacing in new[] { "\\left", "\\right", "\\big", "\\Big", "\\,", "\\;", "\\!", "\\quad", "\\qquad" })
        {
            s.Replace(spacing, "");
        }

        s.Replace('−', '-').Replace("ᵀ", "^T").Replace("^{T}", "^T");
        return new string(s.ToString().Where(c => !char.IsWhiteSpace(c) && c is not ('{' or '}') && (keepParentheses || c is not ('(' or ')'))).ToArray());
    }

    /// <summary>The plain form comments use: \frac{\partial J}{\partial s} → ∂J/∂s, W^{r,T} → Wrᵀ, \odot → ⊙, sums dropped.</summary>
    public static string Plain(string latex)
    {
        string s = latex;
        foreach (string spacing in new[] { "\\left", "\\right", "\\big", "\\Big", "\\,", "\\;", "\\!" })
        {
            s = s.Replace(spacing, " ", StringComparison.Ordinal);
        }

        s = SumPrefix().Replace(s, "");
        s = s.Replace("W_{\\text{unembed}}", "Wu").Replace("W_{\\text{embed}}", "We");
        s = s.Replace("W^{r,T}", "Wrᵀ").Replace("W^{e,T}", "Weᵀ").Replace("W^{u,T}", "Wuᵀ");
        s = WeightName().Replace(s, "W$1");
        s = Fraction().Replace(s, m => $"∂{m.Groups["top"].Value}/∂{m.Groups["bottom"].Value}");
        s = s.Replace("^{T}", "ᵀ").Replace("^T", "ᵀ").Replace("\\operatorname{diag}", "diag").Replace("\\mathbb{1}", "1")
            .Replace("\\odot", "⊙").Replace("\\partial", "∂").Replace("\\cdot", "·");
        s = Text().Replace(s, "$1");
        s = s.Replace('-', '−');
        return string.Join(' ', s.Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    private void AddEquations(string solution, string where, bool asked)
    {
        foreach (Match math in MathSpan().Matches(solution))
        {
            regionEquations.Add((math.Groups["display"].Success ? math.Groups["display"].Value : math.Groups["inline"].Value, where));
        }

        var boxed = BoxedContents(solution).ToList();
        foreach (string content in boxed)
        {
            AddParts(content, boxed: true, where, asked);
        }

        foreach (Match math in MathSpan().Matches(solution))
        {
            string body = math.Groups["display"].Success ? math.Groups["display"].Value : math.Groups["inline"].Value;
            if (!body.Contains("\\boxed", StringComparison.Ordinal))
            {
                AddParts(body, boxed: false, where, asked);
            }
        }
    }

    private void AddParts(string equation, bool boxed, string where, bool asked)
    {
        var parts = TopLevelSplit(equation.Trim().TrimEnd(',', '.', ';'), '=');
        foreach (string part in parts.Skip(1).Select(p => p.Trim().TrimEnd(',', '.')))
        {
            string plain = Plain(part);
            if (IsMeaningful(plain))
            {
                Forms.Add(new Form(Normalise(part), part, "latex", boxed, where, asked));
                Forms.Add(new Form(Normalise(plain), plain, "plain", boxed, where, asked));
            }
        }

        if (boxed)
        {
            Forms.Add(new Form(Normalise(equation), equation, "latex", true, where, asked));
            boxedParts.Add((equation, where));
            boxedParts.AddRange(parts.Skip(1).Select(p => (p.Trim().TrimEnd(',', '.'), where)));
        }
    }

    /// <summary>A right-hand side worth searching for: it has an operator and is not just the name of a derivative or a word.</summary>
    private static bool IsMeaningful(string plain)
    {
        string n = Normalise(plain);
        return n.Length >= 3 && n.IndexOfAny(['-', '+', '⊙', '∂', '^', '·']) >= 0 && !LoneDerivative().IsMatch(plain.Trim());
    }

    private static void CollectCode(string text, string where, List<(string, string)> secret, HashSet<string> open, StringBuilder openText)
    {
        var regions = SolutionRegions.Find(text, markdown: false, where);
        var lines = Lines(text);
        var inside = regions.SelectMany(r => Enumerable.Range(r.Begin, r.End - r.Begin + 1)).ToHashSet();
        open.UnionWith(lines.Where((_, i) => !inside.Contains(i)).Select(l => l.Trim()));
        openText.AppendJoin('\n', lines.Where((_, i) => !inside.Contains(i))).Append('\n');
        secret.AddRange(regions.SelectMany(SolutionRegions.ReferenceLines).Select(l => (l, where)));
    }

    private static IEnumerable<string> BoxedContents(string text)
    {
        for (int at = text.IndexOf("\\boxed{", StringComparison.Ordinal); at >= 0; at = text.IndexOf("\\boxed{", at + 1, StringComparison.Ordinal))
        {
            int start = at + "\\boxed{".Length, depth = 1, i = start;
            for (; i < text.Length && depth > 0; i++)
            {
                depth += text[i] == '{' ? 1 : text[i] == '}' ? -1 : 0;
            }

            yield return text[start..(i - 1)];
        }
    }

    private static List<string> TopLevelSplit(string text, char separator)
    {
        var parts = new List<string>();
        int depth = 0, start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            depth += text[i] is '{' or '(' ? 1 : text[i] is '}' or ')' ? -1 : 0;
            if (depth == 0 && text[i] == separator)
            {
                parts.Add(text[start..i]);
                start = i + 1;
            }
        }

        parts.Add(text[start..]);
        return parts;
    }

    private static string[] Lines(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');

    [GeneratedRegex(@"\\sum_\{[^}]*\}(\^\{[^}]*\})?\s*")]
    private static partial Regex SumPrefix();

    [GeneratedRegex(@"W\^\{?([uer])\}?")]
    private static partial Regex WeightName();

    [GeneratedRegex(@"\\frac\{\\partial (?<top>[^{}]+)\}\{\\partial (?<bottom>(?:[^{}]|\{[^{}]*\})+)\}")]
    private static partial Regex Fraction();

    [GeneratedRegex(@"\\text\{([^}]*)\}")]
    private static partial Regex Text();

    [GeneratedRegex(@"\$\$(?<display>.+?)\$\$|\$(?<inline>[^$]+)\$", RegexOptions.Singleline)]
    private static partial Regex MathSpan();

    [GeneratedRegex(@"^∂J/∂\S+$")]
    private static partial Regex LoneDerivative();

    /// <summary>A name defined as a diagonal matrix in the open text: "$D_t = \operatorname{diag}(".</summary>
    [GeneratedRegex(@"(?<name>[A-Z]_\{?[a-z0-9]\}?)\s*=\s*\\operatorname\{diag\}\(")]
    private static partial Regex AbbreviationDefinition();

    /// <summary>A gradient ∂J/∂… right after a factor, past LaTeX spacing.</summary>
    [GeneratedRegex(@"^\s*(?:\\[,;!]\s*)*(?<gradient>\\frac\{\\partial J\}\{\\partial (?:[^{}]|\{[^{}]*\})+\})")]
    private static partial Regex Upstream();

    /// <summary>The factor as vectors, whitespace removed: 1.0 - a.PointwiseMultiply(a), a any name or indexed name.</summary>
    [GeneratedRegex(@"1(?:\.0)?-(?<a>[A-Za-z_]\w*(?:\[[^\]]+\])?)\.PointwiseMultiply\(\k<a>\)")]
    private static partial Regex VectorFactor();

    /// <summary>The factor entry by entry, whitespace removed: 1.0 - a[i] * a[i].</summary>
    [GeneratedRegex(@"1(?:\.0)?-(?<s>[A-Za-z_]\w*\[[^\]]+\])\*\k<s>")]
    private static partial Regex ScalarFactor();

    /// <summary>A method of the open code whose result is the factor: "Vector&lt;double&gt; Name(…){ … return 1.0 - a.PointwiseMultiply(a);".</summary>
    [GeneratedRegex(@"(?<name>[A-Z]\w*)\([^()]*\)\{(?:(?!\}).)*?return1(?:\.0)?-(?<a>\w+)\.PointwiseMultiply\(\k<a>\);")]
    private static partial Regex FactorMethod();
}
