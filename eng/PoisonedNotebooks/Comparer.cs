using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PoisonedNotebooks;

/// <summary>
/// Compares two executed runs of the same notebooks, one with the instructor's answers and one with poisoned ones, cell by
/// cell. In every gradient cell (<see cref="GradientCells"/>) each reported unit — a line of text, or a chart's trace —
/// that holds a non-zero quantity must change: a line's decimal numbers (integers are labels, indices and counts; an
/// exact zero stays zero whatever the scale), or a trace's x, y and z data. A unit whose numbers all stay the same is
/// allowed only when every one of them is also printed by a forward-only cell of the notebook (J, p, a trace of the
/// forward pass). The poisoned run must also execute every cell the right run executed, with no new error.
/// </summary>
internal static partial class Comparer
{
    /// <summary>What one comparison found.</summary>
    public sealed record Result(List<string> Problems, List<string> Lines);

    public static Result Run(string rightFolder, string poisonedFolder, string libraryXml)
    {
        var problems = new List<string>();
        var lines = new List<string>();
        var notebooks = Directory.EnumerateFiles(rightFolder, "*.ipynb").Order(StringComparer.Ordinal).ToList();
        if (notebooks.Count == 0)
        {
            problems.Add($"no executed notebooks in {rightFolder}");
        }

        foreach (string right in notebooks)
        {
            string name = Path.GetFileName(right);
            string poisonedPath = Path.Combine(poisonedFolder, name);
            if (!File.Exists(poisonedPath))
            {
                problems.Add($"{name}: the poisoned run wrote no {poisonedPath}");
                continue;
            }

            var a = Notebook.CodeCells(right);
            var b = Notebook.CodeCells(poisonedPath);
            if (a.Count != b.Count)
            {
                problems.Add($"{name}: {a.Count} code cells in the right run, {b.Count} in the poisoned one");
                continue;
            }

            var cellsOfCode = new GradientCells(b.Select(c => c.Source).ToList(), libraryXml);
            var (gradient, answers) = (cellsOfCode.Gradient, cellsOfCode.Answers);
            var forward = a.Where((c, k) => !gradient[k]).SelectMany(c => Units(c.Outputs)).SelectMany(u => u.Numbers).ToHashSet(StringComparer.Ordinal);
            int changed = 0, allowed = 0, zero = 0;
            for (int k = 0; k < a.Count; k++)
            {
                string where = $"{name} cell {a[k].Index} ({Head(a[k].Source)})";
                if (Errors(b[k].Outputs) is { } error && Errors(a[k].Outputs) is null)
                {
                    problems.Add($"{where}: the poisoned run raised {error}; every cell must run with wrong answers too");
                }

                if (Executed(a[k].Outputs) && !Executed(b[k].Outputs) && Errors(a[k].Outputs) is null)
                {
                    problems.Add($"{where}: ran with the right answers but not with the poisoned ones");
                }

                if (!gradient[k])
                {
                    continue;
                }

                // Each line is paired with the poisoned run's line of the same text around its numbers (a trace with the
                // trace of the same name), in order: a failing check prints lines the passing one does not.
                var other = Units(b[k].Outputs).GroupBy(x => x.Key).ToDictionary(g => g.Key, g => new Queue<Unit>(g));
                foreach (var unit in Units(a[k].Outputs))
                {
                    var twin = other.TryGetValue(unit.Key, out var queue) && queue.Count > 0 ? queue.Dequeue() : null;
                    var nonZero = unit.Numbers.Where(n => Parse(n) is not (0 or double.NaN)).ToList();
                    if (nonZero.Count == 0)
                    {
                        zero++;
                        continue;
                    }

                    if (twin is null || !twin.Numbers.SequenceEqual(unit.Numbers, StringComparer.Ordinal))
                    {
                        changed++;
                    }
                    else if (nonZero.All(forward.Contains) || cellsOfCode.ForwardUnit(k, nonZero, unit.Text, unit.Trace))
                    {
                        allowed++;
                    }
                    else
                    {
                        problems.Add($"{where}: {unit.What} is the same with poisoned answers: {string.Join(", ", nonZero.Distinct().Take(8))}");
                    }
                }
            }

            int cells = gradient.Count(g => g);
            lines.Add($"{name}: {cells} of {a.Count} code cells report gradients ({string.Join(" ", a.Where((c, k) => gradient[k]).Select(c => c.Index))}) (answers: {string.Join(", ", answers.Order(StringComparer.Ordinal))}); " +
                      $"{changed} lines/traces changed, {allowed} the same but printed by a forward-only cell too, {zero} all zeros");
            if (changed == 0)
            {
                problems.Add($"{name}: no gradient-derived number was compared; the gradient cells print nothing this check reads");
            }
        }

        return new Result(problems, lines);
    }

    /// <summary>One reported unit: what it is (for the message) and its numbers as printed.</summary>
    /// <param name="What">The unit, for a message.</param>
    /// <param name="Numbers">Its numbers, as printed.</param>
    /// <param name="Text">A line's text.</param>
    /// <param name="Trace">A chart trace's name.</param>
    private sealed record Unit(string What, List<string> Numbers, string Text = "", string? Trace = null)
    {
        /// <summary>What pairs it with its twin in the other run: the line without its numbers, or the trace's name.</summary>
        public string Key => Trace is null ? "line " + Decimal().Replace(Text, "#").Trim() : "trace " + Trace;
    }

    /// <summary>The decimal numbers printed in a text.</summary>
    public static IEnumerable<string> Numbers(string text) => Decimal().Matches(text).Select(m => m.Value);

    /// <summary>A printed number's value (NaN if it is none).</summary>
    public static double Parse(string number) =>
        double.TryParse(number.Replace('−', '-'), NumberStyles.Float, CultureInfo.InvariantCulture, out double x) ? x : double.NaN;

    /// <summary>The units of a cell's outputs: each text line with a decimal number, and each chart trace.</summary>
    private static List<Unit> Units(JsonArray outputs)
    {
        var units = new List<Unit>();
        foreach (var output in outputs)
        {
            string text = Notebook.Source(output, "text") + Notebook.Source(output?["data"], "text/plain");
            foreach (string line in text.Split('\n'))
            {
                var numbers = Numbers(line).ToList();
                if (numbers.Count > 0)
                {
                    units.Add(new Unit($"the line \"{line.Trim()}\"", numbers, line));
                }
            }

            string html = Notebook.Source(output?["data"], "text/html");
            foreach (Match data in ChartData().Matches(html))
            {
                if (JsonNode.Parse(data.Groups[1].Value) is JsonArray traces)
                {
                    foreach (var trace in traces)
                    {
                        var numbers = new[] { "x", "y", "z" }.SelectMany(key => Flatten(trace?[key])).ToList();
                        string? name = (string?)trace?["name"];
                        units.Add(new Unit($"the chart trace \"{name ?? "(unnamed)"}\"", numbers, "", name ?? ""));
                    }
                }
            }
        }

        return units;
    }

    private static IEnumerable<string> Flatten(JsonNode? node) => node switch
    {
        JsonArray array => array.SelectMany(Flatten),
        JsonValue value when value.TryGetValue(out double x) => [x.ToString("R", CultureInfo.InvariantCulture)],
        _ => [],
    };

    private static string? Errors(JsonArray outputs) =>
        outputs.FirstOrDefault(o => (string?)o?["output_type"] == "error") is { } error ? $"{(string?)error["ename"]}: {(string?)error["evalue"]}" : null;

    private static bool Executed(JsonArray outputs) => outputs.Count > 0;

    private static string Head(string source)
    {
        string line = source.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && !l.StartsWith("//", StringComparison.Ordinal)) ?? "";
        return line.Length > 60 ? line[..60] + "…" : line;
    }

    /// <summary>A printed decimal number: digits with a decimal point, or with an exponent.</summary>
    [GeneratedRegex(@"(?<![\w.])[-−]?(?:\d+\.\d+(?:[eE][-+−]?\d+)?|\d+[eE][-+−]?\d+)(?!\w)(?!\.\d)")]
    private static partial Regex Decimal();

    /// <summary>The traces of a Plotly chart as Plotly.NET writes it into a cell's HTML.</summary>
    [GeneratedRegex(@"var data = (\[.*?\]);\s*var layout", RegexOptions.Singleline)]
    private static partial Regex ChartData();
}
