using Backprop.Kernel.Interactive;

namespace Backprop.Runner.Export;

/// <summary>
/// The source of <c>NotebookApp</c>, appended to every exported app: what the notebook's kernel did for the cells.
/// It prints a shown value as plain text, finds checks as <c>backprop run</c> does (a value implementing
/// <c>Backprop.Kernel.ICheckOutcome</c>), writes charts into one offline page beside the app (plotly.js, which
/// Plotly.NET carries inside its assembly, embedded once), carries on past items not answered yet as the kernel
/// extension does (<see cref="GuardedCell"/>, with <see cref="NotAnsweredYet"/>'s lines), and turns the checks into the
/// exit code (1 when one fails, else 4 when an item is not answered yet, else 0).
/// </summary>
internal static class NotebookAppRuntime
{
    /// <summary>The class's source; the chart part only when the app references Plotly.NET.</summary>
    public static string Source(bool charts) => Template
        .Replace("/*CHART-TEST*/", charts ? "value is Plotly.NET.GenericChart chart" : "false", StringComparison.Ordinal)
        .Replace("/*CHART-HTML*/", charts ? "Plotly.NET.GenericChart.toChartHTML(chart)" : "\"\"", StringComparison.Ordinal)
        .Replace("/*PLOTLY-ASSEMBLY*/", charts ? "typeof(Plotly.NET.GenericChart).Assembly" : "typeof(object).Assembly", StringComparison.Ordinal)
        .Replace("/*NOT-ANSWERED*/", Backprop.Kernel.Interactive.Unanswered.Lead, StringComparison.Ordinal)
        .Replace("/*ITEM-PATTERN*/", Literal(Backprop.Kernel.Interactive.Unanswered.ItemPatternText), StringComparison.Ordinal)
        .Replace("/*STOPPED-LINE*/", Literal(new NotAnsweredYet([Item], Ran: true, Where, Detail).ToString()), StringComparison.Ordinal)
        .Replace("/*NOT-RUN-LINE*/", Literal(new NotAnsweredYet([Item], Ran: false, "", "").ToString()), StringComparison.Ordinal)
        .Replace("/*NOT-RUN-LINES*/", Literal(new NotAnsweredYet([Item, Item], Ran: false, "", "").ToString()), StringComparison.Ordinal)
        .Replace("/*WHERE-ANSWER*/", Literal(NotAnsweredYet.WhereToAnswer(Item, answerCell: true)), StringComparison.Ordinal)
        .Replace("/*WHERE-STUB*/", Literal(NotAnsweredYet.WhereToAnswer(Item, answerCell: false)), StringComparison.Ordinal);

    // The kernel extension's lines, with these marks where the app puts the item(s), where to answer and the hint.
    private const string Item = "\u0001", Where = "\u0002", Detail = "\u0003";

    private static string Literal(string text) => Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(text, quote: true);

    private const string Template = """
        #region backprop export: what the notebook kernel did (show values, count checks, draw charts)
        /// <summary>Shows cell values, counts checks and writes charts, as the notebook kernel did for the notebook.</summary>
        static class NotebookApp
        {
            private static readonly List<(int Cell, string Name, bool Passed)> Checks = new();
            private static readonly HashSet<object> Seen = new(ReferenceEqualityComparer.Instance);
            private static readonly List<string> Charts = new();
            private static string _name = "notebook";
            private static string _folder = ".";

            private static readonly Dictionary<string, string[]> Needs = new(); // a variable or function a stub left unset → its items
            private static readonly List<string> NotAnswered = new(); // the items that stopped a cell, in order
            private static readonly Dictionary<int, int> ReadyLines = new(); // a cell → the line of its NotebookApp.Ready call
            private static HashSet<string> _answerCells = new();

            /// <summary>Called first: names the app and its answer cells' items, and reports an error that stops it with exit code 1.</summary>
            public static void Start(string name, string[] answerCells, [System.Runtime.CompilerServices.CallerFilePath] string file = "")
            {
                _name = name;
                _answerCells = new HashSet<string>(answerCells);
                _folder = Path.GetDirectoryName(file) is { Length: > 0 } folder && Directory.Exists(folder) ? folder : Environment.CurrentDirectory;
                AppDomain.CurrentDomain.UnhandledException += (_, e) =>
                {
                    Console.Out.Flush();
                    var stub = e.ExceptionObject is AggregateException all && all.Flatten().InnerExceptions.All(i => i is NotImplementedException)
                        ? all.Flatten().InnerExceptions[0]
                        : e.ExceptionObject as NotImplementedException;
                    if (stub is not null && stub.Message.StartsWith("/*NOT-ANSWERED*/", StringComparison.Ordinal))
                    {
                        // A stub of the homework release: one line, no stack trace.
                        Console.Error.WriteLine($"{_name}: stopped: {stub.Message} Answer it in {_name}.cs, then run the app again.");
                        Environment.Exit(1);
                    }

                    Console.Error.WriteLine($"{_name}: stopped by an error (the line numbers below are in {_name}.cs):");
                    Console.Error.WriteLine(e.ExceptionObject);
                    Environment.Exit(1);
                };
            }

            /// <summary>Gives a variable declared ahead of its cell the type of its initializer, which does not run here (the cell runs it).</summary>
            public static T Unset<T>(Func<T> initializer) => default;

            /// <summary>
            /// Whether cell <paramref name="cell"/> runs: not when it reads what a stub left unset; then what it declares
            /// waits for the same items, and it prints which.
            /// </summary>
            public static bool Ready(int cell, string[] reads, string[] declares, [System.Runtime.CompilerServices.CallerLineNumber] int callerLine = 0)
            {
                ReadyLines[cell] = callerLine;
                var items = reads.Where(Needs.ContainsKey).SelectMany(r => Needs[r]).Distinct().ToArray();
                if (items.Length == 0)
                {
                    return true;
                }

                foreach (var name in declares)
                {
                    Needs[name] = items;
                }

                var line = items.Length == 1 ? /*NOT-RUN-LINE*/ : /*NOT-RUN-LINES*/.Replace("\u0001, \u0001", "\u0001", StringComparison.Ordinal);
                Console.WriteLine($"[cell {cell}] " + line.Replace("\u0001", string.Join(", ", items), StringComparison.Ordinal));
                return false;
            }

            /// <summary>
            /// True when <paramref name="error"/> is a stub's (an item not answered yet): prints the item, and what the cell
            /// left unset waits for it. False for any other error, which stops the app.
            /// </summary>
            public static bool Stopped(int cell, Exception error, string[] unset, (int Line, string[] Unset)[] unsetFromLine = null)
            {
                var stubs = error is AggregateException all ? all.Flatten().InnerExceptions.ToList() : new List<Exception> { error };
                var items = stubs.Select(e => e is NotImplementedException ? System.Text.RegularExpressions.Regex.Match(e.Message, /*ITEM-PATTERN*/) : null).ToList();
                if (items.Count == 0 || items.Any(m => m is not { Success: true }))
                {
                    return false;
                }

                var item = items[0].Groups[1].Value;
                // The cell's statement that stopped (its line in this file, as the stack trace gives it) tells what ran before it.
                var main = new System.Diagnostics.StackTrace(error, true).GetFrames().FirstOrDefault(f => f.GetMethod()?.Name == "<Main>$");
                if (unsetFromLine is not null && main?.GetFileLineNumber() is > 0 and var stoppedAt && ReadyLines.TryGetValue(cell, out var first))
                {
                    foreach (var (offset, names) in unsetFromLine.Where(u => first + u.Line <= stoppedAt))
                    {
                        unset = names;
                    }
                }

                foreach (var name in unset)
                {
                    Needs[name] = new[] { item };
                }

                if (!NotAnswered.Contains(item))
                {
                    NotAnswered.Add(item);
                }

                var message = stubs[0].Message.Trim();
                var detail = message.StartsWith("/*NOT-ANSWERED*/" + item, StringComparison.Ordinal) ? message[("/*NOT-ANSWERED*/".Length + item.Length)..].TrimStart('.', ' ') : message;
                var where = (_answerCells.Contains(item) ? /*WHERE-ANSWER*/ : /*WHERE-STUB*/).Replace("\u0001", item, StringComparison.Ordinal);
                var line = /*STOPPED-LINE*/;
                line = detail.Length == 0 ? line.Replace(" \u0003", "", StringComparison.Ordinal) : line.Replace("\u0003", detail, StringComparison.Ordinal);
                Console.WriteLine($"[cell {cell}] " + line.Replace("\u0001", item, StringComparison.Ordinal).Replace("\u0002", where, StringComparison.Ordinal));
                return true;
            }

            /// <summary>What a notebook shows for a cell's last expression.</summary>
            public static void Show(int cell, object value)
            {
                if (/*CHART-TEST*/)
                {
                    Charts.Add($"<section><h2>cell {cell}</h2>\n{/*CHART-HTML*/}\n</section>");
                    WriteCharts();
                    Console.WriteLine($"[chart: {_name}.charts.html, chart {Charts.Count}]");
                    return;
                }

                Console.WriteLine(Text(value));
                foreach (var (name, passed) in ChecksIn(value))
                {
                    Checks.Add((cell, name, passed));
                    Console.WriteLine($"check {(passed ? "pass" : "FAIL")}: {name} (cell {cell})");
                }
            }

            /// <summary>Called last: lists every check with its verdict and the items not answered yet; 1 when a check failed, else 4 when an item is not answered yet, else 0.</summary>
            public static int Finish()
            {
                Console.WriteLine();
                foreach (var (cell, name, passed) in Checks)
                {
                    Console.WriteLine($"  cell {cell,3}  {(passed ? "pass" : "FAIL")}  {name}");
                }

                if (NotAnswered.Count > 0)
                {
                    Console.WriteLine($"{_name}: /*NOT-ANSWERED*/{string.Join(", ", NotAnswered)} (the cells that need them were not run; answer them in {_name}.cs and run the app again).");
                }

                int failed = Checks.Count(c => !c.Passed);
                Console.WriteLine(Checks.Count == 0
                    ? $"{_name}: no checks."
                    : $"{_name}: {Checks.Count - failed} of {Checks.Count} checks passed{(failed > 0 ? $"; {failed} FAILED" : ".")}");
                return failed > 0 ? 1 : NotAnswered.Count > 0 ? 4 : 0;
            }

            private static string Text(object value) => value switch
            {
                null => "<null>",
                string s => s,
                System.Collections.IEnumerable items when value.ToString() == value.GetType().ToString() =>
                    "[" + string.Join(", ", items.Cast<object>().Select(i => i?.ToString() ?? "<null>")) + "]",
                _ => value.ToString() ?? "",
            };

            // A report's own results count with it, and an object already counted is not counted again.
            private static IEnumerable<(string Name, bool Passed)> ChecksIn(object value)
            {
                if (value is null or string)
                {
                    yield break;
                }

                if (Verdict(value) is { } verdict)
                {
                    if (Seen.Add(value))
                    {
                        if (value is System.Collections.IEnumerable parts)
                        {
                            Seen.UnionWith(parts.Cast<object>().Where(p => p is not null));
                        }

                        yield return verdict;
                    }

                    yield break;
                }

                if (value is System.Collections.IEnumerable items)
                {
                    foreach (var item in items)
                    {
                        if (item is not null and not string && !item.GetType().IsValueType && Verdict(item) is { } inner && Seen.Add(item))
                        {
                            yield return inner;
                        }
                    }
                }
            }

            // As backprop run decides: a check implements Backprop.Kernel.ICheckOutcome (matched by name).
            private static (string Name, bool Passed)? Verdict(object value)
            {
                var outcome = value.GetType().GetInterface("Backprop.Kernel.ICheckOutcome");
                if (outcome is null)
                {
                    return null;
                }

                var name = outcome.GetProperty("Name")?.GetValue(value) as string;
                return (string.IsNullOrWhiteSpace(name) ? value.GetType().Name : name, (bool)outcome.GetProperty("Passed")!.GetValue(value)!);
            }

            // One page for all the charts, plotly.js embedded once: it opens offline, from the disk.
            private static void WriteCharts()
            {
                var assembly = /*PLOTLY-ASSEMBLY*/;
                var resource = assembly.GetManifestResourceNames().FirstOrDefault(n => n.StartsWith("Plotly.NET.plotly-", StringComparison.Ordinal) && n.EndsWith(".min.js", StringComparison.Ordinal));
                string plotly = "";
                if (resource is not null)
                {
                    using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
                    plotly = reader.ReadToEnd().Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase);
                }

                File.WriteAllText(Path.Combine(_folder, _name + ".charts.html"),
                    $"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{_name}: charts</title>\n<script type=\"text/javascript\" id=\"plotly-js\">{plotly}</script>\n</head>\n<body style=\"font-family: sans-serif\">\n<h1>{_name}: charts</h1>\n{string.Join("\n", Charts)}\n</body></html>\n");
            }
        }
        #endregion

        """;
}
