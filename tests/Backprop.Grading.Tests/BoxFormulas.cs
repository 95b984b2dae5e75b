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
    public sealed record Haystack(string Text, string Delimited)
    {
        public static Haystack Of(string text) => new(Normalise(text), Normalise(text, keepParentheses: true));

        /// <summary>True when the form occurs: a long one anywhere, a short one only apart from letters and digits, so
        /// that "y − p" is found in "Wuᵀ (y − p)" but not in "copy-paste".</summary>
        public bool Contains(Form form) =>
            form.Text.Length > ShortNeedle ? Text.Contains(form.Text, StringComparison.Ordinal) : Occurs(Delimited, form.Delimited);
    }

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
        foreach (string path in Directory.EnumerateFiles(notebooksFolder, "*.ipynb").Order(StringComparer.Ordinal))
        {
            var notebook = NotebookReader.Read(path, out string? problem) ?? throw new InvalidDataException(problem);
            foreach (var cell in notebook.Cells)
            {
                string where = $"{notebook.Name}, cell {cell.Index}";
                if (cell.IsCode)
                {
                    CollectCode(cell.Source, where, codeForms, openLines);
                    continue;
                }

                var lines = Lines(cell.Source);
                var regions = SolutionRegions.Find(cell.Source, markdown: true, where);
                var inside = regions.SelectMany(r => Enumerable.Range(r.Begin, r.End - r.Begin + 1)).ToHashSet();
                string shown = string.Join("\n", lines.Where((_, i) => !inside.Contains(i)));
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
            CollectCode(File.ReadAllText(file), file, codeForms, openLines);
        }

        // A fragment that the instructor's code shows outside every region (a loop header, a declaration) is no secret.
        string openCode = Normalise(string.Join("\n", openLines));
        foreach (var (line, where) in codeForms.Where(c => !openCode.Contains(Normalise(c.Line), StringComparison.Ordinal)).DistinctBy(c => c.Line))
        {
            formulas.Forms.Add(new Form(Normalise(line), line, "code", Boxed: false, where));
        }

        return formulas;
    }

    /// <summary>The forms that must not appear in a homework release: boxed ones always, others unless the instructor shows them.</summary>
    public IEnumerable<Form> Secrets()
    {
        string open = Open.ToString();
        var shown = new Haystack(open, OpenDelimited.ToString());
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
        }
    }

    /// <summary>A right-hand side worth searching for: it has an operator and is not just the name of a derivative or a word.</summary>
    private static bool IsMeaningful(string plain)
    {
        string n = Normalise(plain);
        return n.Length >= 3 && n.IndexOfAny(['-', '+', '⊙', '∂', '^', '·']) >= 0 && !LoneDerivative().IsMatch(plain.Trim());
    }

    private static void CollectCode(string text, string where, List<(string, string)> secret, HashSet<string> open)
    {
        var regions = SolutionRegions.Find(text, markdown: false, where);
        var lines = Lines(text);
        var inside = regions.SelectMany(r => Enumerable.Range(r.Begin, r.End - r.Begin + 1)).ToHashSet();
        open.UnionWith(lines.Where((_, i) => !inside.Contains(i)).Select(l => l.Trim()));
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
}
