using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Backprop.Kernel.Checking;

namespace Backprop.Kernel.Tests;

/// <summary>The table of graded items is the single source: the self-checks, boxes, docs and notebooks must agree with it.</summary>
public class ContractTests
{
    private static readonly string Root = FindRoot();

    [Fact]
    public void Every_row_has_a_self_check_whose_parameter_is_the_rows_delegate_type()
    {
        foreach (var row in CheckItems.All)
        {
            var check = typeof(Check).GetNestedType("P" + row.Problem)?.GetMethod(row.FunctionName, BindingFlags.Public | BindingFlags.Static);
            Assert.True(check is not null, $"Check.P{row.Problem}.{row.FunctionName} is missing for {row.Id}");
            Assert.Equal(row.DelegateType, Assert.Single(check.GetParameters()).ParameterType);
        }
    }

    [Fact]
    public void Every_rows_reference_is_the_box_of_the_same_name_and_passes_its_self_check()
    {
        foreach (var row in CheckItems.All)
        {
            var box = typeof(Boxes).GetNestedType("P" + row.Problem)?.GetMethod(row.FunctionName, BindingFlags.Public | BindingFlags.Static);
            Assert.True(box is not null, $"Boxes.P{row.Problem}.{row.FunctionName} is missing for {row.Id}");
            var reference = (Delegate)row.GetType().GetProperty("Reference")!.GetValue(row)!;
            Assert.Equal(box, reference.Method);
            Assert.Equal(box.GetParameters().Select(p => p.Name), row.ParameterNames);
            var verdict = CheckEngine.Run(row, row.RunReference, CheckCaseSpec.Public);
            Assert.True(verdict.Passed, verdict.ToString());
        }
    }

    [Fact]
    public void Every_row_property_is_listed_in_All_once_and_ids_are_unique()
    {
        var declared = typeof(CheckItems).GetNestedTypes()
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Static))
            .Where(p => typeof(CheckItem).IsAssignableFrom(p.PropertyType))
            .Select(p => (CheckItem)p.GetValue(null)!)
            .ToArray();
        Assert.Equal(declared.Select(r => r.Id).Order(), CheckItems.All.Select(r => r.Id).Order());
        Assert.Equal(CheckItems.All.Count, CheckItems.All.Select(r => r.Id).Distinct().Count());
        Assert.All(CheckItems.All, r => Assert.Equal($"p{r.Problem}.{r.FunctionName}", r.Id));
    }

    [Fact]
    public void The_signature_table_in_docs_answer_cells_md_is_the_tables()
    {
        string docs = File.ReadAllText(Path.Combine(Root, "docs", "answer-cells.md"));
        var rows = Regex.Matches(docs, @"^\| `(p\d\.[^`]+)` \| `([^`]+)` \|$", RegexOptions.Multiline)
            .Select(m => (Id: m.Groups[1].Value, Signature: m.Groups[2].Value)).ToArray();
        Assert.Equal(CheckItems.All.Select(r => (r.Id, r.Signature)), rows);
    }

    [Fact]
    public void Every_notebook_answer_and_check_cell_names_a_row_and_every_row_has_both_with_its_signature()
    {
        var answers = new Dictionary<string, string>();
        var checks = new HashSet<string>();
        foreach (var (id, kind, source) in NotebookCells())
        {
            if (kind == "answer")
            {
                Assert.True(CheckItems.All.Any(r => r.Id == id), $"an answer cell names \"{id}\", which is not a row of CheckItems");
                Assert.True(answers.TryAdd(id, source), $"two answer cells for {id}");
            }
            else if (kind == "check")
            {
                // A written check cell (Check.Written) names a row's derivation, "<row>.derivation".
                string row = id.EndsWith(".derivation", StringComparison.Ordinal) ? id[..^".derivation".Length] : id;
                Assert.True(CheckItems.All.Any(r => r.Id == row), $"a check cell names \"{id}\", which is not a row of CheckItems or its derivation");
                checks.Add(id);
            }
        }

        foreach (var row in CheckItems.All)
        {
            Assert.True(answers.TryGetValue(row.Id, out string? source), $"no answer cell for {row.Id}");
            Assert.Contains(row.Signature, Regex.Replace(source, @"\s+", " "), StringComparison.Ordinal);
            Assert.Contains(row.Id, checks);
        }
    }

    [Fact]
    public void Every_notebook_solution_region_is_its_box_token_for_token()
    {
        foreach (var (id, kind, source) in NotebookCells().Where(c => c.Kind == "answer"))
        {
            var row = CheckItems.Find(id);
            string box = File.ReadAllText(Path.Combine(Root, "src", "Backprop.Kernel", "Boxes", $"Boxes.P{row.Problem}.cs"));
            var boxMethod = Regex.Match(box, @"public static [^\n]* " + Regex.Escape(row.FunctionName) + @"\((?s:.*?)// BEGIN SOLUTION(?<body>(?s:.*?))// END SOLUTION");
            Assert.True(boxMethod.Success, $"no solution region in Boxes.P{row.Problem}.{row.FunctionName}");
            var cellRegion = Regex.Match(source, @"// BEGIN SOLUTION(?<body>(?s:.*?))// END SOLUTION");
            Assert.True(cellRegion.Success, $"no solution region in the answer cell of {id}");
            Assert.Equal(Tokens(boxMethod.Groups["body"].Value), Tokens(cellRegion.Groups["body"].Value));
        }
    }

    [Fact]
    public void Hints_and_mistake_texts_never_hold_the_boxed_formula()
    {
        // The code forms of the boxes: what a hint must not say. Taken from the boxes' own return lines.
        string[] formulas = ["y - p", "y − p", "TransposeThisAndMultiply", "OuterProduct", "Wuᵀ", "Wrᵀ", "hᵀ", "xᵀ", "1 − h_t ⊙ h_t", "1 − tanh²", "diag("];
        foreach (var row in CheckItems.All)
        {
            foreach (string text in ItemKeys.For(row).Hints.Append(row.Title).Concat(ItemKeys.For(row).Mistakes.Select(m => m.Explanation)))
            {
                Assert.All(formulas, f => Assert.DoesNotContain(f, text, StringComparison.Ordinal));
            }
        }
    }

    [Fact]
    public void Every_named_mistake_fails_its_self_check_and_is_named_by_the_instructors_key()
    {
        foreach (var row in CheckItems.All)
        {
            foreach (var mistake in ItemKeys.For(row).Mistakes.Where(m => m.Explanation != ItemKeys.StopsEarly))
            {
                var verdict = CheckEngine.Run(row, a => mistake.Compute(a), CheckCaseSpec.Public);
                Assert.False(verdict.Passed, $"{row.Id}: {mistake.Name} passed");
                var cases = CheckCaseSpec.Public.Select(row.Build).ToArray();
                var outputs = cases.Select(c => (CheckValue?)CheckValue.From(mistake.Compute(c.FreshInputs()))).ToArray();
                Assert.Equal(mistake.Name, MistakeFinder.Diagnose(row, cases, outputs)?.Name);
            }
        }
    }

    [Fact]
    public void The_grading_fixture_answers_every_row_once_with_the_rows_signature()
    {
        string fixture = Path.Combine(Root, "tests", "Backprop.Grading.Tests", "Fixtures", "solution.ipynb");
        var answers = NotebookCells([fixture]).Where(c => c.Kind == "answer").ToArray();
        Assert.Equal(CheckItems.All.Select(r => r.Id).Order(), answers.Select(a => a.Id).Order());
        foreach (var (id, _, source) in answers)
        {
            Assert.Contains(CheckItems.Find(id).Signature, Regex.Replace(source, @"\s+", " "), StringComparison.Ordinal);
        }
    }

    private static IEnumerable<(string Id, string Kind, string Source)> NotebookCells() =>
        NotebookCells(Directory.EnumerateFiles(Path.Combine(Root, "notebooks"), "*.ipynb").Where(f => !f.EndsWith(".executed.ipynb", StringComparison.Ordinal)).Order().ToArray());

    private static IEnumerable<(string Id, string Kind, string Source)> NotebookCells(IReadOnlyList<string> notebooks)
    {
        Assert.NotEmpty(notebooks);
        foreach (string path in notebooks)
        {
            var cells = JsonNode.Parse(File.ReadAllText(path))!["cells"]!.AsArray();
            foreach (var cell in cells)
            {
                if (cell?["metadata"]?["backprop"] is not JsonObject backprop)
                {
                    continue;
                }

                string source = cell["source"] is JsonArray lines ? string.Concat(lines.Select(l => l!.GetValue<string>())) : cell["source"]!.GetValue<string>();
                foreach (string kind in new[] { "answer", "check" })
                {
                    if (backprop[kind]?.GetValue<string>() is string id)
                    {
                        yield return (id, kind, source);
                    }
                }
            }
        }
    }

    /// <summary>C# tokens without comments, HINT lines or whitespace.</summary>
    private static string[] Tokens(string code)
    {
        string noComments = Regex.Replace(code, @"//[^\n]*", "");
        return Regex.Matches(noComments, @"[A-Za-z_][A-Za-z0-9_]*|\d+(\.\d+)?|[^\sA-Za-z0-9_]").Select(m => m.Value).ToArray();
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Backprop.Notebooks.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Backprop.Notebooks.sln not found above " + AppContext.BaseDirectory);
    }
}
