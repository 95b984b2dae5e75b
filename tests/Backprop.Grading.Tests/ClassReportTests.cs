using System.Globalization;
using System.Text.RegularExpressions;
using Backprop.Grading.Scoring;

namespace Backprop.Grading.Tests;

/// <summary>
/// Batch-grades a class of mixed submissions (correct, each named mistake, compile errors, a timeout, a near-copy)
/// through <c>backprop grade</c> and checks that report.html and items.csv say what gradebook.csv says.
/// </summary>
public class ClassReportTests
{
    private static readonly string CompileError = "    return y - q;";

    [Fact]
    public async Task The_class_report_and_items_csv_match_the_gradebook_on_a_mixed_batch()
    {
        string folder = TestPaths.NewTempFolder("class");
        string solution = Submissions.SolutionText;
        File.WriteAllText(Path.Combine(folder, "alice.ipynb"), solution);
        File.WriteAllText(Path.Combine(folder, "bob.ipynb"), solution);
        int n = 0;
        foreach (var row in MistakeTests.Mistakes)
        {
            File.WriteAllText(Path.Combine(folder, $"mistake{n++}.ipynb"), Submissions.Replace(solution, (string)row[1], (string)row[2]));
        }

        File.WriteAllText(Path.Combine(folder, "compile1.ipynb"), Submissions.Replace(solution, "    return error;", CompileError));
        File.WriteAllText(Path.Combine(folder, "compile2.ipynb"), Submissions.Replace(solution, "    return Wu.TransposeThisAndMultiply(dJ_ds);", "    return Wu.TransposeThisAndMultiply(dJ_dz);"));
        File.WriteAllText(Path.Combine(folder, "loops.ipynb"), Submissions.Replace(solution, "    return error;", "    while (true) { }"));
        File.WriteAllText(Path.Combine(folder, "=copy.ipynb"), Submissions.Replace(Submissions.Replace(Submissions.Replace(solution, "var dWe =", "var sum ="), "dWe +=", "sum +="), "return dWe;", "return sum;"));
        string outDir = TestPaths.NewTempFolder("class-out");
        var output = new StringWriter();

        int code = await Course.CommandLine.RunAsync(["grade", folder, "--out", outDir, "--jobs", "2", "--timeout", "4"], output, new StringWriter());

        Assert.Equal(0, code);
        Assert.Contains("report.html", output.ToString());
        var gradebook = Csv(File.ReadAllText(Path.Combine(outDir, "gradebook.csv")));
        string html = File.ReadAllText(Path.Combine(outDir, "report.html"));
        var points = PointsFile.BuiltIn.Where(p => !p.Manual).ToArray();
        var header = gradebook[0];
        var rows = gradebook.Skip(1).ToArray();
        Assert.Equal(2 + MistakeTests.Mistakes.Count + 4, rows.Length); // alice, bob, one per named mistake, compile1, compile2, loops, =copy
        Assert.Equal(rows.Length.ToString(CultureInfo.InvariantCulture), Attribute(html, "p", "summary", "data-submissions"));

        // Per item: the pass count and each named mistake's count are the gradebook's.
        foreach (var item in points)
        {
            int column = Array.IndexOf(header, item.Id);
            int passed = rows.Count(r => double.Parse(r[column], CultureInfo.InvariantCulture) >= item.Points);
            var section = Regex.Match(html, $"<section class=\"item\" data-item=\"{Regex.Escape(item.Id)}\" data-passed=\"(\\d+)\" data-submissions=\"(\\d+)\".*?</section>", RegexOptions.Singleline);
            Assert.True(section.Success, $"no section for {item.Id}");
            Assert.Equal(passed, int.Parse(section.Groups[1].Value, CultureInfo.InvariantCulture));
            Assert.Equal(rows.Length, int.Parse(section.Groups[2].Value, CultureInfo.InvariantCulture));

            var expected = rows.SelectMany(r => r[^2].Split("; ", StringSplitOptions.RemoveEmptyEntries))
                .Where(m => m.StartsWith(item.Id + ": ", StringComparison.Ordinal)).Select(m => m[(item.Id.Length + 2)..])
                .GroupBy(m => m).ToDictionary(g => g.Key, g => g.Count());
            var shown = Regex.Matches(section.Value, "<tr class=\"mistake\" data-mistake=\"([^\"]+)\" data-count=\"(\\d+)\"")
                .ToDictionary(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value), m => int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
            Assert.Equal(expected.OrderBy(e => e.Key), shown.OrderBy(e => e.Key));
        }

        // The planted batch, counted by hand: 2 correct + 1 copy pass p1.dJ_ds, and so on.
        Assert.Matches("data-mistake=\"flipped sign\" data-count=\"1\"", html);
        Assert.Matches(new Regex("data-item=\"p2.dJ_dhs\".*?data-mistake=\"off-by-one in the BPTT loop\" data-count=\"2\"", RegexOptions.Singleline), html);
        var p1 = Regex.Match(html, "<section class=\"item\" data-item=\"p1.dJ_ds\".*?</section>", RegexOptions.Singleline).Value;
        Assert.Matches("<li class=\"cause\" data-kind=\"compile\" data-count=\"1\">CS0103: The name &#39;…&#39; does not exist in the current context: 1</li>", p1);
        Assert.Matches("<li class=\"cause\" data-kind=\"run\" data-count=\"1\">did not finish within the time limit", p1);
        var dh = Regex.Match(html, "<section class=\"item\" data-item=\"p1.dJ_dh\".*?</section>", RegexOptions.Singleline).Value;
        Assert.Matches("data-kind=\"compile\" data-count=\"1\">CS0103", dh);
        // The sign-flip example is the wrong code, without its comments.
        Assert.Matches(new Regex("data-mistake=\"flipped sign\".*?<pre>[^<]*return p - y;[^<]*</pre>", RegexOptions.Singleline), p1);
        Assert.DoesNotMatch(new Regex("data-mistake=\"flipped sign\".*?<pre>[^<]*HINT", RegexOptions.Singleline), p1);
        // The hidden case that fails most is one that a wrong answer's feedback lists as failed.
        var hardest = Regex.Match(p1, "data-case=\"([^\"]+)\" data-count=\"(\\d+)\"");
        Assert.True(hardest.Success);
        Assert.Contains($"  {System.Net.WebUtility.HtmlDecode(hardest.Groups[1].Value)}: ", File.ReadAllText(Path.Combine(outDir, "mistake0", "feedback.md")));

        // The score histogram plots exactly the gradebook's totals.
        var plotted = Regex.Match(html, "renderPlotly_scores = function\\(\\) \\{ Plotly.newPlot\\('scores', \\[\\{\"type\":\"histogram\",\"x\":\\[([^\\]]*)\\]").Groups[1].Value
            .Split(',').Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(rows.Select(r => double.Parse(r[1], CultureInfo.InvariantCulture)).Order(), plotted);
        Assert.Equal(1, Regex.Count(html, "id=\"plotly-js\""));
        Assert.DoesNotMatch("<script[^>]+src=", html);

        // The students' table links every feedback page that exists, and escapes names.
        // gradebook.csv shows the name that looks like a formula as text (a leading '), like items.csv.
        Assert.Contains(rows, r => r[0] == "'=copy");
        foreach (var row in rows)
        {
            string name = row[0].StartsWith("'=", StringComparison.Ordinal) ? row[0][1..] : row[0];
            Assert.Contains($"data-student=\"{System.Net.WebUtility.HtmlEncode(name)}\" data-score=\"{row[1]}\"", html);
            Assert.True(File.Exists(Path.Combine(outDir, name, "feedback.md")));
        }

        // items.csv: the gradebook's scores per item and the total; the name that looks like a formula is defused.
        var items = Csv(File.ReadAllText(Path.Combine(outDir, "items.csv")));
        Assert.Equal(points.Select(p => p.Id).Prepend("student").Append("total"), items[0]);
        foreach (var row in rows)
        {
            var line = items.Single(r => r[0] == row[0]);
            Assert.Equal(points.Select(p => row[Array.IndexOf(header, p.Id)]).Append(row[1]), line.Skip(1));
        }

        Assert.StartsWith("submission_a,submission_b,item,why", File.ReadAllText(Path.Combine(outDir, "similarity.csv")));
    }

    private static string Attribute(string html, string element, string id, string attribute) =>
        Regex.Match(html, $"<{element} id=\"{id}\"[^>]*{attribute}=\"([^\"]*)\"").Groups[1].Value;

    // Enough CSV for these files: quoted cells with doubled quotes, no newlines inside cells.
    private static string[][] Csv(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => Regex.Matches(line, "(?:^|,)(\"(?:[^\"]|\"\")*\"|[^,]*)").Select(m => m.Groups[1].Value is var v && v.StartsWith('"') ? v[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : m.Groups[1].Value).ToArray())
            .ToArray();
}
