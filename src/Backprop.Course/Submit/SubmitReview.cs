using Backprop.Kernel.Written;

namespace Backprop.Course.Submit;

/// <summary>What the grader's reading and compiling of a submission mean for the student, as findings with one-line fixes.</summary>
internal static class SubmitReview
{
    /// <summary>Files the grader cannot read, and items whose answer cell it cannot find (renamed, deleted or duplicated).</summary>
    public static IEnumerable<SubmitFinding> OfReading(SubmissionView view)
    {
        foreach (var file in view.FileProblems)
        {
            yield return new SubmitFinding(file.File, null, $"the grader cannot read it: {file.Problem}", "open it in Jupyter or VS Code, save it, and run submit again");
        }

        var known = view.Items.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var item in view.Items.Where(i => i.Problem is not null))
        {
            string marker = item.Manual ? $"<!-- answer: {item.Id} -->" : $"// answer: {item.Id}";
            var renamed = view.Cells.FirstOrDefault(c => c.Claims is { } claim && !known.Contains(claim) && Near(claim, item.Id)
                                                         && c.Kind == (item.Manual ? "markdown" : "code"));
            if (renamed is not null)
            {
                yield return new SubmitFinding($"{renamed.File}, cell {renamed.Number}", renamed.Source,
                    $"this cell is marked {renamed.Claims}, but the grader looks for {item.Id}, so {item.Id} scores 0",
                    $"make the cell's first line exactly {marker}");
                continue;
            }

            var claimants = view.Cells.Where(c => c.Claims == item.Id).ToList();
            if (claimants.Count > 1)
            {
                yield return new SubmitFinding(string.Join("; ", claimants.Select(c => $"{c.File}, cell {c.Number}")), claimants[0].Source,
                    $"{claimants.Count} different cells are marked {item.Id}, so the grader cannot tell which is your answer",
                    "delete all but one of them (keep the one with your answer)");
                continue;
            }

            var check = view.Cells.FirstOrDefault(c => c.Checks == item.Id);
            string what = item.Manual ? "written answer" : "answer";
            yield return new SubmitFinding(check is null ? "your files" : $"{check.File}, before cell {check.Number}", null,
                $"there is no {what} cell for {item.Id}, so it scores 0",
                item.Manual
                    ? $"add a markdown cell whose first line is {marker}, with your derivation below it"
                    : $"add a code cell whose first line is {marker}, defining {item.Signature ?? item.FunctionName ?? "the function"}{(check is null ? "" : ", just before its check cell")}");
        }
    }

    /// <summary>Answers the grader's compiler rejects, with the compiler's message and the cell.</summary>
    public static IEnumerable<SubmitFinding> OfCompiling(SubmissionView view, IReadOnlyDictionary<string, string> problems)
    {
        foreach (var item in view.Items.Where(i => problems.ContainsKey(i.Id)))
        {
            var cell = view.Cells.FirstOrDefault(c => c.Claims == item.Id && c.Kind == "code");
            var lines = problems[item.Id].Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
            if (lines.Count > 0 && lines[0].TrimEnd(':') == "does not compile")
            {
                lines.RemoveAt(0);
            }

            string message = string.Join(" ", lines);
            string? firstError = lines.FirstOrDefault(l => l.StartsWith("line ", StringComparison.Ordinal) && l.Contains(": CS", StringComparison.Ordinal));
            bool becauseOfAnother = message.Contains("that cell does not compile", StringComparison.Ordinal);
            yield return new SubmitFinding(cell is null ? item.Location ?? item.Id : $"{cell.File}, cell {cell.Number}", cell?.Source,
                $"{item.Id} does not compile as the grader compiles it: {(message.Length > 600 ? message[..597] + "..." : message)}",
                becauseOfAnother
                    ? "fix the answer cell it is compiled with first (named above), then run submit again"
                    : $"fix {(firstError is null ? "the compiler's first error" : firstError + " (line numbers count from the cell's first line)")}"
                      + (item.Signature is null ? "" : $"; the cell must define {item.Signature}"));
        }
    }

    /// <summary>
    /// Written answers not written yet, and written derivations whose boxed result does not check. A written answer in
    /// prose (e.g. p3.why_residual) that still holds the release's placeholder line, or nothing, is not answered yet. A
    /// derivation's boxed result may be missing, wrong on the public cases (what is wrong, not what is right, and no
    /// mistake named: the student's own check, as <c>Check.Written</c> gives it), or not readable.
    /// </summary>
    public static IEnumerable<SubmitFinding> OfWritten(SubmissionView view)
    {
        foreach (var item in view.Items.Where(i => i.Manual && i.Code is not null))
        {
            if (!item.Id.EndsWith(".derivation", StringComparison.Ordinal))
            {
                if (Unwritten(item.Id, item.Code!))
                {
                    var prose = view.Cells.FirstOrDefault(c => c.Claims == item.Id && c.Kind == "markdown");
                    yield return new SubmitFinding(prose is null ? item.Location ?? item.Id : $"{prose.File}, cell {prose.Number}", prose?.Source,
                        $"{item.Id} is not answered yet: its cell is empty or still holds the line {WrittenItems.AnswerPlaceholder}",
                        $"write your answer in that cell in place of the line {WrittenItems.AnswerPlaceholder}, keeping its first line <!-- answer: {item.Id} -->");
                }

                continue;
            }

            var verdict = WrittenCheckRun.Check(item.Id, item.Code!);
            if (verdict.Status is WrittenStatus.Agrees or WrittenStatus.NotChecked)
            {
                continue;
            }

            var cell = view.Cells.FirstOrDefault(c => c.Claims == item.Id && c.Kind == "markdown");
            string code = item.Id[..^".derivation".Length];
            string where = cell is null ? item.Location ?? item.Id : $"{cell.File}, cell {cell.Number}";
            yield return verdict.Status switch
            {
                WrittenStatus.NoResult => new SubmitFinding(where, cell?.Source,
                    $"{item.Id} has no boxed result, so the grader's check of your result finds nothing to read",
                    $"end the cell with your result on a line of its own, $$\\boxed{{… = …}}$$ with the derivative on the left, then run Check.Written(\"{code}\") under it"),
                WrittenStatus.Wrong => new SubmitFinding(where, cell?.Source,
                    $"the boxed result of {item.Id} is wrong on the public cases: {Shorten(verdict.Message)}",
                    $"redo the last step of your derivation and compare the box with your code answer; Check.Written(\"{code}\") shows the same verdict"),
                _ => new SubmitFinding(where, cell?.Source,
                    $"the boxed result of {item.Id} cannot be checked automatically: {Shorten(verdict.Message)}",
                    "write the box in the problem set's notation, with only the derivatives the item gives, or leave it to the person grading"),
            };
        }
    }

    /// <summary>
    /// Whether a written answer cell is not written yet: nothing under its marker line, or the release's placeholder line
    /// still in it (the release puts the question above it; the answer goes in its place).
    /// </summary>
    private static bool Unwritten(string id, string source)
    {
        var lines = source.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        if (lines.Count > 0 && lines[0] == $"<!-- answer: {id} -->")
        {
            lines.RemoveAt(0);
        }

        return lines.Count == 0 || lines.Contains(WrittenItems.AnswerPlaceholder);
    }

    private static string Shorten(string message) => message.Length > 400 ? message[..397] + "..." : message;

    // A renamed marker: the same id in another case, or at most two edits away.
    private static bool Near(string claim, string id) =>
        string.Equals(claim, id, StringComparison.OrdinalIgnoreCase) || (Math.Abs(claim.Length - id.Length) <= 2 && Distance(claim, id) <= 2)
        || claim.EndsWith("." + id.Split('.').Last(), StringComparison.Ordinal) || id.EndsWith("." + claim.Split('.').Last(), StringComparison.Ordinal);

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (int i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }
}
