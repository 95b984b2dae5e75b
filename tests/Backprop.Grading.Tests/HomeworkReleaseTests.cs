using System.Text.Json.Nodes;
using Backprop.Grading.Answers;
using Backprop.Grading.Notebooks;
using Backprop.Grading.Release;
using Backprop.Grading.Reports;
using Backprop.Grading.Scoring;
using Backprop.Kernel;
using System.Text.RegularExpressions;
using Backprop.Kernel.Checking;
using Xunit.Abstractions;

namespace Backprop.Grading.Tests;

/// <summary>The course notebooks' two releases: homework asks for every derivation and gives none away; tutorial shows them.</summary>
[Collection(ReleaseBuilds.Name)]
public class HomeworkReleaseTests(CourseReleaseFixture release, ITestOutputHelper log) : IClassFixture<CourseReleaseFixture>
{
    /// <summary>
    /// The notebooks that hold the graded items' answer cells, found from the item table (<see cref="CheckItems.All"/>):
    /// every item's answer cell is in exactly one instructor notebook, so an item added to the table is checked here too.
    /// </summary>
    private string[] Owned
    {
        get
        {
            var names = Directory.EnumerateFiles(release.InstructorNotebooks, "*.ipynb").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToArray();
            var answers = names.ToDictionary(n => n, n => Read(release.InstructorNotebooks, n).Cells.Select(c => c.Identity.Answer).OfType<string>().ToHashSet());
            foreach (var item in CheckItems.All)
            {
                Assert.True(answers.Count(a => a.Value.Contains(item.Id)) == 1, $"{item.Id}: its answer cell should be in exactly one notebook of {release.InstructorNotebooks}");
            }

            return names.Where(n => answers[n].Overlaps(CheckItems.All.Select(i => i.Id))).ToArray();
        }
    }

    // The secrets come from the instructor's notebooks, the library's regions and the instructor-only project (the fast path).
    private BoxFormulas Formulas => BoxFormulas.From(release.InstructorNotebooks, [Path.Combine(release.Root, "src", "Backprop.Kernel"), Path.Combine(release.Root, "src", "Backprop.Kernel.Instructor")]);

    [Fact]
    public void The_homework_release_holds_no_form_of_any_derivation_or_boxed_result_and_the_tutorial_release_holds_every_derivation()
    {
        var formulas = Formulas;
        var secrets = formulas.Secrets().ToList();
        // Enough material, built from the regions: the eight boxes of 01 and 02 alone give eight boxed equations.
        Assert.True(secrets.Count(f => f.Kind == "latex" && f.Boxed && f.Where.StartsWith("01-", StringComparison.Ordinal)) >= 4, "notebook 01 should have four boxed results in solution regions");
        Assert.True(secrets.Count(f => f.Kind == "latex" && f.Boxed && f.Where.StartsWith("02-", StringComparison.Ordinal)) >= 4, "notebook 02 should have four boxed results in solution regions");
        Assert.Contains(secrets, f => f.Kind == "plain" && f.Original == "y − p");
        Assert.Contains(secrets, f => f.Kind == "plain" && f.Original == "Wrᵀ diag(1 − h_t ⊙ h_t) ∂J/∂h_t");
        Assert.Contains(secrets, f => f.Kind == "code" && f.Original == "return y - p;");
        log.WriteLine($"{secrets.Count} secret forms: {secrets.Count(f => f.Kind == "latex")} LaTeX, {secrets.Count(f => f.Kind == "plain")} plain, {secrets.Count(f => f.Kind == "code")} code");

        // The tanh factor applied to an upstream gradient, ∂J/∂g_t, in every notation: the factors and their names come from
        // the regions and the open text, the C# shapes from the reference code and the open methods that return the factor.
        Assert.True(formulas.Factors.Count >= 2, "the boxes of 02 and 03 should give two tanh factors: " + string.Join(", ", formulas.Factors));
        Assert.Contains(formulas.Abbreviations, a => a.Key == "D_t");
        var canonical = secrets.Where(f => f.Kind == BoxFormulas.CanonicalKind).ToList();
        Assert.Contains(canonical, f => f.Text == BoxFormulas.Canonical("(1 − tanh² g_t) ⊙ ∂J/∂h_t"));
        Assert.Contains(canonical, f => f.Text == BoxFormulas.Canonical("D_t ∂J/∂h_t"));
        Assert.Contains(canonical, f => f.Text == BoxFormulas.Canonical("diag(1 − h_t ⊙ h_t) ∂J/∂h_t"));
        // (The library has no open method that returns the factor any more: RecurrentModel.TanhDerivative went with issue 21.)
        Assert.True(formulas.FactorCode.Count >= 2, "expected the vector and scalar shapes of the factor: " + string.Join("; ", formulas.FactorCode.Select(c => c.Description)));
        log.WriteLine($"{canonical.Count} canonical forms of ∂J/∂g_t and of boxed results with named factors; {formulas.FactorCode.Count} C# shapes: {string.Join("; ", formulas.FactorCode.Select(c => c.Description))}");

        var leaks = new List<string>();
        foreach (var (file, text) in CourseReleaseFixture.Texts(release.Homework))
        {
            var haystack = BoxFormulas.Haystack.Of(text);
            foreach (var form in secrets.Where(haystack.Contains))
            {
                leaks.Add($"{file}: {form.Kind} form \"{form.Original}\" (from {form.Where})");
            }

            leaks.AddRange(formulas.CodeLeaks(text).Select(leak => $"{file}: {leak}"));
        }

        Assert.True(leaks.Count == 0, "the homework release gives answers away:\n" + string.Join("\n", leaks));

        // Positive control: the same search finds every derivation the tutorial release shows, and the instructor's code.
        var tutorial = BoxFormulas.Haystack.Of(string.Join("\n", CourseReleaseFixture.Texts(release.Tutorial).Select(t => t.Text)));
        var asked = formulas.Forms.Where(f => f.Kind == "latex" && f.Asked).ToList();
        Assert.NotEmpty(asked);
        Assert.All(asked, f => Assert.True(tutorial.Contains(f), $"the tutorial release lacks \"{f.Original}\" from {f.Where}"));
        Assert.Contains(formulas.Forms, f => f.Kind == "plain" && f.Boxed && tutorial.Contains(f)); // the library's summaries stay in tutorial
        var filled = BoxFormulas.Haystack.Of(string.Join("\n", Owned.Select(n => string.Join("\n", Filled(n).Cells.Select(c => c.Source)))));
        var ownedCode = secrets.Where(f => f.Kind == "code" && Owned.Any(n => f.Where.StartsWith(n, StringComparison.Ordinal))).ToList();
        Assert.True(ownedCode.Count >= 10, $"only {ownedCode.Count} code forms from {string.Join(", ", Owned)}");
        Assert.All(ownedCode, f => Assert.True(filled.Contains(f), $"the filled notebooks lack \"{f.Original}\""));
    }

    [Fact]
    public void Notebooks_03_and_04_state_no_answer_of_problems_2_and_3_in_homework_and_the_instructors_notebooks_do()
    {
        // The forms issue 20 found in the text of the later notebooks, as the notebooks write them.
        string[] forms = [@"(\mathbb{I} + A_t)", @"\mathbb{I} + A_t", @"\mathbb{1} - \tanh^2 g_t", "1 − tanh²", "identity in place of $W_r$", @"\frac{\partial J}{\partial W_r} = \sum"];
        string Text(string folder, string prefix) =>
            string.Join("\n", Read(folder, Owned.Single(n => n.StartsWith(prefix, StringComparison.Ordinal))).Cells.Select(c => c.Source));
        foreach (string prefix in new[] { "03-", "04-" })
        {
            string homework = Text(Path.Combine(release.Homework, "notebooks"), prefix);
            Assert.All(forms, form => Assert.DoesNotContain(form, homework));
        }

        // Positive control: the instructor's notebook 03 states them (in its solution regions, which tutorial mode shows).
        string instructor = Text(release.InstructorNotebooks, "03-");
        Assert.Contains(@"\mathbb{I} + A_t", instructor);
        Assert.Contains(@"\mathbb{1} - \tanh^2 g_t", instructor);
        Assert.Contains(@"\mathbb{1} - \tanh^2 g_t", Text(Path.Combine(release.Tutorial, "notebooks"), "03-"));
    }

    [Fact]
    public void Every_homework_question_has_an_answer_cell_or_says_it_is_not_graded_and_no_slip_is_stated()
    {
        foreach (string name in Owned)
        {
            var cells = Read(Path.Combine(release.Homework, "notebooks"), name).Cells;
            for (int i = 0; i < cells.Count; i++)
            {
                foreach (var line in cells[i].Source.Split('\n').Where(l => l.StartsWith(SolutionRegions.QuestionLead, StringComparison.Ordinal)))
                {
                    // An answer cell follows before the next cell that asks something: a written-answer cell or an answer code cell.
                    bool answered = cells.Skip(i + 1).TakeWhile(c => c.Kind != "markdown" || !c.Source.Contains(SolutionRegions.QuestionLead, StringComparison.Ordinal))
                        .Any(c => c.Identity.Answer is not null || c.Identity.Manual is not null);
                    Assert.True(answered || line.Contains(SolutionRegions.NotGradedMark, StringComparison.Ordinal), $"{name}, cell {cells[i].Index}: a question with no answer cell that does not say it is not graded: {line}");
                }

                Assert.DoesNotContain("A slip in the problem set", cells[i].Source);
            }
        }

        // A derivation's rubric is its own item's question, not an ungraded slip question asked in the same cell.
        var rubric = Rubrics.FromFolder(release.InstructorNotebooks)["p2.dJ_dhPrev.derivation"];
        Assert.StartsWith("Derive", rubric.Question);
        Assert.DoesNotContain("classmate", rubric.Question);
        Assert.DoesNotContain("A slip", rubric.Solution);
    }

    [Fact]
    public void No_release_holds_a_later_hint_a_mistake_name_or_the_instructor_project_and_the_instructors_repository_does()
    {
        // What lives with the instructor only: every rung of each hint ladder after the first, every known mistake's name and
        // explanation. Searched in the same normalised way as the answers above.
        var secrets = ItemKeys.All.SelectMany(k => k.Hints.Skip(1).Concat(k.Mistakes.SelectMany(m => new[] { m.Name, m.Explanation }))).Distinct().ToList();
        Assert.True(secrets.Count >= 30, $"only {secrets.Count} instructor-only texts");
        foreach (string folder in new[] { release.Homework, release.Tutorial })
        {
            Assert.False(Directory.Exists(Path.Combine(folder, "src", "Backprop.Kernel.Instructor")), $"{folder} holds the instructor-only project");
            var haystack = BoxFormulas.Normalise(string.Join("\n", CourseReleaseFixture.Texts(folder).Select(t => t.Text)));
            var found = secrets.Where(t => haystack.Contains(BoxFormulas.Normalise(t), StringComparison.Ordinal)).ToList();
            Assert.True(found.Count == 0, $"{folder} shows instructor-only text:\n" + string.Join("\n", found));
        }

        // Positive control: the same search over the instructor's repository finds every one of them.
        var instructor = BoxFormulas.Normalise(string.Join("\n", Directory.EnumerateFiles(Path.Combine(release.Root, "src", "Backprop.Kernel.Instructor"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal)).Select(File.ReadAllText)));
        Assert.All(secrets.Where(t => !t.Contains("Wr", StringComparison.Ordinal)), t => Assert.Contains(BoxFormulas.Normalise(t), instructor, StringComparison.Ordinal));
    }

    [Fact]
    public void Whitespace_and_line_breaks_cannot_hide_a_leak()
    {
        var formulas = Formulas;
        var form = formulas.Secrets().First(f => f.Kind == "plain" && f.Original == "Wrᵀ diag(1 − h_t ⊙ h_t) ∂J/∂h_t");
        Assert.True(BoxFormulas.Haystack.Of("/// <summary>Wrᵀ  diag( 1 - h_t ⊙ h_t )\n///  ∂J/∂h_t</summary>").Contains(form));
        var code = formulas.Secrets().First(f => f.Kind == "code" && f.Original == "return y - p;");
        Assert.True(BoxFormulas.Haystack.Of("return   y\n   - p ;").Contains(code));
        var error = formulas.Secrets().First(f => f.Kind == "plain" && f.Original == "y − p");
        Assert.True(BoxFormulas.Haystack.Of("// from the output layer: Wuᵀ (y − p).").Contains(error));
        Assert.False(BoxFormulas.Haystack.Of("copy - paste").Contains(error));

        // ∂J/∂g_t, the tanh factor times the upstream gradient, in any notation and in code; the factor alone is a measure.
        var dJ_dg = formulas.Secrets().Where(f => f.Kind == BoxFormulas.CanonicalKind).ToList();
        foreach (string written in new[] { "/// (1 − tanh²(g_t)) ⊙ ∂J/∂h_t", "$\\partial J/\\partial g_t = a\\,D_t\\,\\partial J/\\partial h_t$", "diag(1 - tanh^2 g_t)  ∂J/∂h_t", "$\\frac{\\partial J}{\\partial h_t} \\odot (\\mathbb{1} - \\tanh^2 g_t)$" })
        {
            Assert.True(dJ_dg.Any(BoxFormulas.Haystack.Of(written).Contains), $"no canonical form finds \"{written}\"");
        }

        Assert.DoesNotContain(dJ_dg, BoxFormulas.Haystack.Of("the mean over units of 1 − tanh²(g_t), the average diagonal entry of $D_t$; ∂J/∂h_t").Contains);
        foreach (string computed in new[]
        {
            "var dg = (1 - h.PointwiseMultiply(h)).PointwiseMultiply(dh);",
            "dg[i] = dh[i] * (1.0 - a[i] * a[i]);",
        })
        {
            Assert.NotEmpty(formulas.CodeLeaks(computed));
        }

        Assert.Empty(formulas.CodeLeaks("slopes[t] = RecurrentModel.TanhDerivative(trace.Gs[t]).Average();\nreturn 1.0 - tanh.PointwiseMultiply(tanh);"));
    }

    [Fact]
    public void Homework_notebooks_ask_each_question_and_give_each_graded_derivative_a_written_and_a_code_item()
    {
        var points = PointsFile.Load(Path.Combine(release.Root, "notebooks", "grading.json"));
        foreach (string name in Owned)
        {
            var solution = Read(release.InstructorNotebooks, name);
            var homework = Read(Path.Combine(release.Homework, "notebooks"), name);
            string text = string.Join("\n", homework.Cells.Select(c => c.Source));
            int questions = 0;
            foreach (var cell in solution.Cells.Where(c => c.Kind == "markdown"))
            {
                foreach (var region in SolutionRegions.Find(cell.Source, true, name))
                {
                    if (SolutionRegions.Question(region, name) is { } question)
                    {
                        questions++;
                        Assert.Contains(SolutionRegions.QuestionLead + question.Text, text);
                    }
                }
            }

            var answers = solution.Cells.Select(c => c.Identity.Answer).OfType<string>().ToList();
            Assert.True(questions >= answers.Count, $"{name}: {questions} questions for {answers.Count} answer cells");
            foreach (var answer in answers)
            {
                string derivation = answer + NotebookRelease.DerivationSuffix;
                Assert.Contains(points, p => p.Id == answer && !p.Manual);
                if (!CheckItems.Find(answer).FunctionName.StartsWith("dJ_", StringComparison.Ordinal))
                {
                    continue; // not a derivative (clipping): no derivation to write
                }

                Assert.Contains(points, p => p.Id == derivation && p.Manual && p.Points > 0);
                var written = Assert.Single(homework.Cells, c => c.Identity.Manual == derivation);
                Assert.Equal($"<!-- answer: {derivation} -->\n{SolutionRegions.DerivationPlaceholder}", written.Source);
                Assert.Contains("`$$\\boxed{… = …}$$`", written.Source, StringComparison.Ordinal);
                Assert.Equal(derivation, written.Node["metadata"]!["backprop"]!["manual"]!.GetValue<string>());
            }
        }

        // No stale instructions: the release holds no solution markers, so it never asks to write between them.
        foreach (var (file, text) in CourseReleaseFixture.Texts(release.Homework))
        {
            Assert.False(text.Contains("BEGIN SOLUTION", StringComparison.Ordinal) || text.Contains("END SOLUTION", StringComparison.Ordinal), $"{file} mentions solution markers");
        }
    }

    [Fact]
    public void The_tutorial_keeps_every_derivation_and_leaves_out_the_written_derivation_cells()
    {
        foreach (string name in Owned)
        {
            var solution = Read(release.InstructorNotebooks, name);
            var tutorial = Read(Path.Combine(release.Tutorial, "notebooks"), name);
            Assert.DoesNotContain(tutorial.Cells, c => c.Identity.Manual?.EndsWith(NotebookRelease.DerivationSuffix, StringComparison.Ordinal) == true);
            string text = string.Join("\n", tutorial.Cells.Select(c => c.Source));
            Assert.DoesNotContain(SolutionRegions.QuestionLead, text);
            Assert.DoesNotContain("QUESTION", text);
            foreach (var cell in solution.Cells.Where(c => c.Kind == "markdown" && c.Identity.Manual is null))
            {
                foreach (var region in SolutionRegions.Find(cell.Source, true, name).Where(r => SolutionRegions.Question(r, name) is not null))
                {
                    Assert.Contains(SolutionRegions.Solution(region, name), text);
                }
            }
        }

        Assert.Contains("# Backpropagation tutorial", File.ReadAllText(Path.Combine(release.Tutorial, "README.md")));
        Assert.Contains("# Backpropagation homework", File.ReadAllText(Path.Combine(release.Homework, "README.md")));
        Assert.StartsWith("assign: homework release with", release.HomeworkOutput);
    }

    [Fact]
    public void In_homework_the_library_stubs_and_their_summaries_name_no_formula_and_in_tutorial_they_are_as_before()
    {
        string homework = File.ReadAllText(Path.Combine(release.Homework, "src", "Backprop.Kernel", "Boxes", "Boxes.P2.cs"));
        Assert.All(CheckItems.All.Where(i => i.Problem == 2), item => Assert.Contains($"throw new NotImplementedException(\"{SolutionRegions.LibraryStub(item.Id)}\");", homework));
        Assert.Equal(CheckItems.All.Count(i => i.Problem == 2), homework.Split($"/// <summary>{SolutionRegions.HomeworkSummary}</summary>").Length - 1);
        string tutorial = File.ReadAllText(Path.Combine(release.Tutorial, "src", "Backprop.Kernel", "Boxes", "Boxes.P2.cs"));
        Assert.Contains($"throw new NotImplementedException(\"{SolutionRegions.LibraryStub("p2.dJ_dWr")}\");", tutorial);
        Assert.Contains("/// <summary>∂J/∂Wr", tutorial); // tutorial keeps the summaries
    }

    [Fact]
    public void Each_homework_stub_stops_with_its_nudge_and_pasting_the_instructors_answers_makes_every_self_check_pass()
    {
        int items = 0;
        var formulas = Formulas;
        var secrets = formulas.Secrets().ToList();
        foreach (string name in Owned)
        {
            var solution = Read(release.InstructorNotebooks, name);
            var homework = Read(Path.Combine(release.Homework, "notebooks"), name);
            foreach (var cell in homework.Cells.Where(c => c.Identity.Answer is not null))
            {
                var item = CheckItems.Find(cell.Identity.Answer!);
                string nudge = item.Hint; // the table's first rung, and nothing else
                var stopped = Assert.Throws<NotImplementedException>(() => StudentReleaseTests.SelfCheck(item, cell.Source));
                Assert.Equal(SolutionRegions.AnswerStub(item.Id), stopped.Message);
                Assert.EndsWith(nudge, stopped.Message);
                var said = BoxFormulas.Haystack.Of(nudge);
                Assert.True(!secrets.Any(said.Contains) && !formulas.CodeLeaks(nudge).Any(), $"{item.Id}: the nudge \"{nudge}\" states a formula");
                var filled = Filled(name).Cells.Single(c => c.Identity.Answer == item.Id).Source;
                Assert.True(StudentReleaseTests.SelfCheck(item, filled).Passed, item.Id);
                items++;
            }
        }

        Assert.Equal(CheckItems.All.Count, items);
    }

    [Fact]
    public async Task Grading_a_filled_homework_scores_the_code_and_puts_each_written_derivation_next_to_its_rubric()
    {
        string submission = TestPaths.NewTempFolder("homework-submission");
        foreach (string name in Owned)
        {
            var notebook = Filled(name);
            var root = (JsonObject)notebook.Root.DeepClone();
            foreach (var cell in root["cells"]!.AsArray().OfType<JsonObject>())
            {
                string source = Notebook.JoinSource(cell["source"]);
                if (CellIdentity.FirstLineMarker("markdown", source) is { } id && id.EndsWith(NotebookRelease.DerivationSuffix, StringComparison.Ordinal))
                {
                    cell["source"] = Notebook.SplitSource($"<!-- answer: {id} -->\nMy derivation of {id}: $\\partial J = \\text{{student {id}}}$.");
                }
            }

            File.WriteAllText(Path.Combine(submission, name), NotebookRelease.Serialize(root));
        }

        string outDir = TestPaths.NewTempFolder("homework-grades");
        var output = new StringWriter();
        var error = new StringWriter();
        int code = await Course.CommandLine.RunAsync(["grade", submission, "--single", "--out", outDir, "--rubrics", release.InstructorNotebooks, "--timeout", "8"], output, error);

        Assert.True(code == 0, error.ToString());
        var results = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "results.json")))!["tests"]!.AsArray();
        Assert.All(CheckItems.All, item => Assert.Contains(results.OfType<JsonObject>(), t => t["name"]!.GetValue<string>().StartsWith(item.Id, StringComparison.Ordinal)));
        foreach (var test in results.OfType<JsonObject>())
        {
            string name = test["name"]!.GetValue<string>();
            if (name.Contains("(graded by hand)", StringComparison.Ordinal))
            {
                Assert.Equal(0, test["max_score"]!.GetValue<double>());
            }
            else
            {
                Assert.True(test["score"]!.GetValue<double>() > 0 && test["score"]!.GetValue<double>() == test["max_score"]!.GetValue<double>(), $"{name}: {test["output"]}");
            }
        }

        string page = File.ReadAllText(Path.Combine(outDir, WrittenAnswersPage.FileName));
        var rubrics = Rubrics.FromFolder(release.InstructorNotebooks);
        var derivations = PointsFile.Load(Path.Combine(release.Root, "notebooks", "grading.json"))
            .Where(p => p.Manual && p.Id.EndsWith(NotebookRelease.DerivationSuffix, StringComparison.Ordinal))
            .ToArray();
        Assert.Equal(CheckItems.All.Count(i => i.FunctionName.StartsWith("dJ_", StringComparison.Ordinal)), derivations.Length);
        foreach (var item in derivations)
        {
            int at = page.IndexOf($"## `{item.Id}`", StringComparison.Ordinal);
            Assert.True(at >= 0, $"{item.Id} is not on the page");
            string section = page[at..];
            section = section.IndexOf("\n## ", 3, StringComparison.Ordinal) is var next and > 0 ? section[..next] : section;
            Assert.Contains($"> My derivation of {item.Id}: $\\partial J = \\text{{student {item.Id}}}$.", section);
            var rubric = rubrics[item.Id];
            Assert.Contains("**Question.** " + rubric.Question, section);
            Assert.Contains(rubric.Solution, section);
        }

        Assert.Contains(@"\boxed{\frac{\partial J}{\partial W^r} = \sum_{t=1}^{3}", page);
        Assert.DoesNotContain("My derivation", File.ReadAllText(Path.Combine(outDir, "feedback.md")));
    }

    [Fact]
    public async Task The_homework_release_builds_its_run_lists_every_unanswered_item_and_carries_on_and_with_the_answers_pasted_in_it_passes()
    {
        // A copy, built and run with its own backprop: a notebook's #r must load the release's library, not this process's.
        string copy = TestPaths.NewTempFolder("homework-run");
        foreach (string relative in RepositoryFiles.Under(release.Homework, "."))
        {
            string target = Path.Combine(copy, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(release.Homework, relative), target);
        }

        var (built, buildLog) = await Dotnet(copy, "build", "src/Backprop.Course", "-nologo", "-v", "q");
        Assert.True(built == 0, buildLog);
        string[] notebooks = [.. Owned.Select(n => Path.Combine("notebooks", n))];
        string backprop = Path.Combine("src", "Backprop.Course", "bin", "Debug", "net10.0", "backprop.dll");

        var (stopped, stoppedLog) = await Dotnet(copy, [backprop, "run", .. notebooks, "--out", Path.Combine(copy, "artifacts", "stubs")]);
        // Nothing is answered: every notebook runs through, lists its items and says for each cell that needs one which
        // to answer first; no error is printed, no stack trace kept, and the exit code is the README's "not answered yet".
        Assert.True(stopped == 4, stoppedLog);
        Assert.DoesNotContain("backprop run:", stoppedLog);
        Assert.DoesNotContain(" of 0 checks", stoppedLog);
        Assert.Contains("01-word-mlp.ipynb", stoppedLog);
        Assert.Contains("  cell 12 (Check.P1.dJ_ds(dJ_ds)): stopped at p1.dJ_ds, not answered yet: answer it first", stoppedLog);
        foreach (string name in Owned)
        {
            var homework = Read(Path.Combine(copy, "notebooks"), name);
            var listed = new Regex($@"{Regex.Escape(name)}: ran \d+ of \d+ code cells[^\n]*\n  not answered yet: (?<items>[^\n]+)").Match(stoppedLog);
            Assert.True(listed.Success, $"{name} should list what is not answered yet:\n{stoppedLog}");
            var items = listed.Groups["items"].Value.Split(", ");
            Assert.All(homework.Cells.Select(c => c.Identity.Answer).OfType<string>(), id => Assert.Contains(id, items));

            // The cells before the first stub (setup and forward pass) all run through.
            int firstStub = homework.Cells.First(c => c.IsCode && c.Source.Contains("throw new NotImplementedException", StringComparison.Ordinal)).Index;
            var held = new Regex(@"^  cell (?<n>\d+) \(.*\): (not run|stopped at)", RegexOptions.Multiline).Matches(stoppedLog[listed.Index..].Split("\n\n")[0]);
            Assert.DoesNotContain(held, m => int.Parse(m.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture) < firstStub);

            string executed = File.ReadAllText(Path.Combine(copy, "artifacts", "stubs", name));
            foreach (var output in JsonNode.Parse(executed)!["cells"]!.AsArray().SelectMany(c => c!["outputs"]?.AsArray() ?? []))
            {
                Assert.DoesNotContain(output!["traceback"]?.AsArray() ?? [], line => line!.GetValue<string>().Contains("   at ", StringComparison.Ordinal));
            }
        }

        foreach (string name in Owned)
        {
            File.WriteAllText(Path.Combine(copy, "notebooks", name), NotebookRelease.Serialize(Filled(name).Root));
        }

        var (passed, passedLog) = await Dotnet(copy, [backprop, "run", .. notebooks, "--out", Path.Combine(copy, "artifacts", "answers")]);
        Assert.True(passed == 0, passedLog);
        int allCells = 0;
        foreach (string name in Owned)
        {
            int cells = Read(Path.Combine(copy, "notebooks"), name).Cells.Count(c => c.IsCode);
            allCells += cells;
            Assert.True(new Regex($@"{Regex.Escape(name)}: ran {cells} of {cells} code cells in .*, (?<n>\d+) of \k<n> checks passed").IsMatch(passedLog), $"{name} should run all {cells} code cells and pass every check:\n{passedLog}");
        }

        Assert.Contains($"run: {Owned.Length} notebooks, {allCells} code cells, ", passedLog);
    }

    /// <summary>Runs dotnet with <paramref name="args"/> in <paramref name="folder"/>: its exit code and all it printed.</summary>
    private static async Task<(int Exit, string Log)> Dotnet(string folder, params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet", args) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(8)), $"dotnet {string.Join(' ', args)} did not finish in 8 minutes");
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>A homework notebook as it comes from the release.</summary>
    private static Notebook Read(string folder, string name) =>
        NotebookReader.Read(Path.Combine(folder, name), out string? problem) ?? throw new InvalidDataException(problem);

    /// <summary>The homework notebook with every stubbed code cell replaced by the instructor's cell of the same id.</summary>
    private Notebook Filled(string name)
    {
        var solution = Read(release.InstructorNotebooks, name);
        var homework = Read(Path.Combine(release.Homework, "notebooks"), name);
        var root = (JsonObject)homework.Root.DeepClone();
        var byId = solution.Cells.ToDictionary(c => c.Node["id"]!.GetValue<string>());
        int filled = 0;
        foreach (var cell in root["cells"]!.AsArray().OfType<JsonObject>())
        {
            string source = Notebook.JoinSource(cell["source"]);
            if (cell["cell_type"]!.GetValue<string>() == "code" && source.Contains("throw new NotImplementedException(", StringComparison.Ordinal))
            {
                cell["source"] = Notebook.SplitSource(byId[cell["id"]!.GetValue<string>()].Source);
                filled++;
            }
        }

        int answers = homework.Cells.Count(c => c.Identity.Answer is not null);
        Assert.True(answers >= 1 && filled >= answers, $"{name}: {filled} stubbed cells for {answers} answer cells");
        return NotebookReader.Parse(name, NotebookRelease.Serialize(root), out string? problem) ?? throw new InvalidDataException(problem);
    }
}
