using System.Collections.Concurrent;
using System.Globalization;
using Backprop.Kernel.Written.Evaluation;
using Backprop.Kernel.Written.Syntax;
using Backprop.Kernel;
using Backprop.Kernel.Checking;

namespace Backprop.Kernel.Written;

/// <summary>
/// Checks the boxed result of a written answer as mathematics: finds it in the cell, parses it within
/// <see cref="WrittenLimits"/>, evaluates it on the item's cases (the same specs as the code answer's) and compares it
/// with the expected values under the one <see cref="PassRule"/>. A wrong result gets a named mistake where one matches;
/// anything that cannot be read without guessing is left to hand grading with the reason. Never throws for any input.
/// A student's own check (Check.Written) runs it on the public cases with no namer; the grader adds the
/// hidden cases and a namer that holds the known mistakes, which students never receive.
/// </summary>
internal static class WrittenCheckRun
{
    /// <summary>T of the course instance, "I love machine".</summary>
    private static readonly int CourseT = CourseProblems.Sentence.Length;

    private static readonly ConcurrentDictionary<(string, CheckCaseSpec), CheckCase> ItemCases = new();
    private static readonly ConcurrentDictionary<(Recurrence, CheckCaseSpec), RecurrentCase> Worlds = new();

    /// <summary>Checks one written item's cell.</summary>
    /// <param name="itemId">The written id, "p2.dJ_dWr.derivation" (or the code id, "p2.dJ_dWr").</param>
    /// <param name="cellMarkdown">The cell's Markdown, as the student wrote it.</param>
    /// <param name="specs">The cases: the public ones (the default, as in a notebook) or the grader's public and hidden ones.</param>
    /// <param name="cases">
    /// Where an item's case for a spec comes from when the caller has it already (the grader's hidden cases); null, or a
    /// null result, builds it here (once per process).
    /// </param>
    /// <param name="namer">Names the mistake of a wrong result (the grader's); null names none beyond shapes that do not fit.</param>
    public static WrittenVerdict Check(string itemId, string cellMarkdown, IReadOnlyList<CheckCaseSpec>? specs = null, Func<CheckItem, CheckCaseSpec, CheckCase?>? cases = null,
        MistakeNamer? namer = null)
    {
        ArgumentNullException.ThrowIfNull(itemId);
        ArgumentNullException.ThrowIfNull(cellMarkdown);
        specs ??= CheckCaseSpec.Public;
        var item = WrittenItems.Find(itemId);
        if (item is null)
        {
            return new WrittenVerdict(itemId, WrittenStatus.NotChecked, "This answer is prose; it is graded by hand only.", null, null, [], 0);
        }

        try
        {
            return new Run(item, specs, cases, namer).Check(cellMarkdown);
        }
        catch (Exception e) when (e is not OutOfMemoryException and not StackOverflowException)
        {
            return new WrittenVerdict(item.WrittenId, WrittenStatus.HandGrading,
                $"Left for hand grading: the checker could not evaluate this result ({e.GetType().Name}: {e.Message}).", null, null, [], 0);
        }
    }

    private static CheckCase ItemCase(WrittenItem item, CheckCaseSpec spec, Func<CheckItem, CheckCaseSpec, CheckCase?>? cases) =>
        cases?.Invoke(item.Row, spec) ?? ItemCases.GetOrAdd((item.Item, spec), key => item.Row.Build(key.Item2));

    private static RecurrentCase World(Recurrence recurrence, CheckCaseSpec spec) => Worlds.GetOrAdd((recurrence, spec), key => CheckItems.Recurrent(key.Item2, key.Item1));

    /// <summary>One case to evaluate on: the quantities and the expected value of the target.</summary>
    private sealed record EvalCase(CheckCase Case, Bindings Bindings, (string Name, int? StepIndex) Self);

    private sealed class Run(WrittenItem item, IReadOnlyList<CheckCaseSpec> specs, Func<CheckItem, CheckCaseSpec, CheckCase?>? source, MistakeNamer? namer)
    {
        private readonly HashSet<string> _readings = [];
        private int _spent;
        private string? _latex;

        public WrittenVerdict Check(string markdown)
        {
            BoxedResult? box;
            ParsedResult parsed;
            try
            {
                box = BoxedResult.Find(markdown);
                if (box is null)
                {
                    return Verdict(WrittenStatus.NoResult, $"No boxed result found. End the cell with \\boxed{{{item.Target.Text.Replace("∂J/∂", "\\frac{\\partial J}{\\partial ", StringComparison.Ordinal)}}} = …}} on a line of its own (see the README).", 0);
                }

                _latex = box.Latex;
                if (!box.Marked)
                {
                    _readings.Add("there is no \\boxed{…}, so the last displayed equation is read as the result.");
                }

                parsed = ResultParser.Parse(box.Latex);
            }
            catch (ResultParseException e)
            {
                return HandGrading(e.Failure == ParseFailure.Ambiguous ? "the result is ambiguous: " + e.Message : "the result cannot be read: " + e.Message);
            }

            foreach (string reading in parsed.Readings)
            {
                _readings.Add(reading);
            }

            return Judge(parsed);
        }

        private WrittenVerdict Judge(ParsedResult parsed)
        {
            var pieces = parsed.Pieces;
            Derivative lhs;
            List<Expr> forms;
            if (pieces[0].Expression is Derivative d && pieces.Count > 1)
            {
                lhs = d;
                forms = pieces.Skip(1).Where(p => p.Expression is not null).Select(p => p.Expression!).ToList();
                if (forms.Count == 0)
                {
                    return HandGrading($"the box gives {d.Text} only in words");
                }
            }
            else if (pieces.Count == 1 && pieces[0].Expression is { } alone and not Derivative)
            {
                lhs = item.Target;
                forms = [alone];
                _readings.Add($"the box has no left-hand side, so it is read as {item.Target.Text}, this item's result.");
            }
            else
            {
                return HandGrading($"the box does not start with the derivative it gives (such as {item.Target.Text} = …)");
            }

            var written = forms[^1]; // the result as written, before a shift of t
            if (CountAmbiguous(forms) > 4)
            {
                return HandGrading("the result has more than four chains that mix ⊙ with matrix products without parentheses");
            }

            // Which derivative, and on which cases.
            var target = item.Target.Of;
            if (lhs.Of.Name != target.Name)
            {
                return HandGrading($"the box gives {lhs.Text}, but this item asks for {item.Target.Text}");
            }

            bool onWorld = item.OnRecurrentCase;
            Syntax.StepIndex? lhsIndex = lhs.Of.At;
            if (target.At is null)
            {
                if (lhsIndex is not null)
                {
                    return HandGrading($"the box gives {lhs.Text}, with an index, but this item asks for {item.Target.Text}");
                }
            }
            else if (target.At.Variable == "t" && lhsIndex is { Variable: "t" } && lhsIndex.Offset != target.At.Offset)
            {
                int shift = target.At.Offset - lhsIndex.Offset;
                forms = forms.Select(f => ExprTree.ShiftStep(f, shift)).ToList();
                _readings.Add($"the result is written for {lhs.Text}; it is read with t shifted by {shift:+0;-0}, as {item.Target.Text}.");
                lhsIndex = target.At;
            }
            else if (target.At.Variable == "t" && lhsIndex is { Variable: null })
            {
                if (!item.Chains)
                {
                    return HandGrading($"the box gives {lhs.Text}, but this item's result is the one-step map {item.Target.Text}");
                }

                onWorld = true;
            }
            else if (lhsIndex is null || (lhsIndex.Variable is not null && lhsIndex.Variable != "t"))
            {
                return HandGrading($"the box gives {lhs.Text}, but this item asks for {item.Target.Text}");
            }

            if (lhsIndex != target.At && !onWorld)
            {
                return HandGrading($"the box gives {lhs.Text}, but this item asks for {item.Target.Text}");
            }

            // The result (the last form) may lean only on what the item gives; forms before it are steps of the derivation.
            if (Givens.Violation(item, lhs, written, CourseT) is { } outside)
            {
                return HandGrading(outside);
            }

            var cases = Cases(onWorld, lhsIndex, forms);
            if (cases.Count == 0)
            {
                return HandGrading($"no case of this item has the steps that {lhs.Text} = … uses");
            }

            // Every form must agree; the last one is the result.
            var final = forms[^1];
            for (int i = 0; i < forms.Count - 1; i++)
            {
                var earlier = Evaluate(forms[i], cases);
                if (earlier.Error is { IsFinding: false })
                {
                    _readings.Add($"the form “{forms[i].Text}” before the result is not checked ({earlier.Error.Message}).");
                }
                else if (!earlier.Passed)
                {
                    var verdict = Judge(forms[i], earlier, cases, onWorld, lhs);
                    return verdict with { Message = $"The form “{forms[i].Text}” (before the last '=') does not agree: " + verdict.Message };
                }
            }

            var outcome = Evaluate(final, cases);
            return Judge(final, outcome, cases, onWorld, lhs);
        }

        private WrittenVerdict Judge(Expr form, Outcome outcome, IReadOnlyList<EvalCase> cases, bool onWorld, Derivative lhs)
        {
            if (outcome.Passed)
            {
                int hidden = cases.Count(c => !CheckCaseSpec.Public.Contains(c.Case.Spec));
                string which = hidden > 0 ? $"{cases.Count - hidden} public and {hidden} hidden" : $"{cases.Count}";
                return Verdict(WrittenStatus.Agrees, $"Your boxed result agrees with the reference on every case ({which}).", cases.Count);
            }

            if (outcome.Error is { IsFinding: false } notFinding)
            {
                return HandGrading(notFinding.Failure == EvalFailure.Ambiguous ? "the result is ambiguous: " + notFinding.Message : notFinding.Message);
            }

            // Wrong: name the mistake if one matches.
            var named = NameMistake(form, outcome, cases, onWorld, lhs);
            string where = outcome.Error is { } error
                ? $"{error.Message} (case {outcome.ErrorCase})."
                : FirstFailure(outcome, cases);
            if (named is { } m)
            {
                return Verdict(WrittenStatus.Wrong, $"Your boxed result does not agree with the reference: {m.Name}. {Capitalise(m.Explanation)}" + (outcome.Error is null ? "" : " " + Capitalise(where)), cases.Count, m.Name);
            }

            if (outcome.Error is not null)
            {
                bool shapes = outcome.Error.Failure == EvalFailure.Dimension;
                return Verdict(WrittenStatus.Wrong, "Your boxed result has no value" + (shapes ? $" ({WrittenShapes.Mistake}): " : ": ") + where, cases.Count,
                    shapes ? WrittenShapes.Mistake : null);
            }

            return Verdict(WrittenStatus.Wrong, $"Your boxed result does not agree with the reference: {where} Hint: {item.Row.Hint}", cases.Count);
        }

        private static string FirstFailure(Outcome outcome, IReadOnlyList<EvalCase> cases)
        {
            for (int i = 0; i < cases.Count; i++)
            {
                if (outcome.Results[i] is { Passed: false } r)
                {
                    return double.IsPositiveInfinity(r.RelativeError)
                        ? $"on case {cases[i].Case.Description} it {r.Problem?.Replace("returned", "is", StringComparison.Ordinal)}."
                        : string.Create(CultureInfo.InvariantCulture, $"on case {cases[i].Case.Description} its relative error is {r.RelativeError:0.0e+00}.");
                }
            }

            return "";
        }

        private (string Name, string Explanation)? NameMistake(Expr form, Outcome outcome, IReadOnlyList<EvalCase> cases, bool onWorld, Derivative lhs) =>
            namer?.Invoke(new MistakeQuery(item, form, lhs, onWorld, cases.Select(c => c.Case).ToArray(), outcome,
                () => _spent < WrittenLimits.MaxTotalSteps, edited => Try(edited, cases)));

        private List<EvalCase> Cases(bool onWorld, Syntax.StepIndex? lhsIndex, List<Expr> forms)
        {
            var list = new List<EvalCase>();
            int largest = forms.Select(LargestNumericIndex).Append(lhsIndex is { Variable: null } ? lhsIndex.Offset : 0).Max();
            // A result written out with step numbers (h_3 … h_1) is the course instance's, T = 3: checked where T = 3.
            bool writtenOut = !onWorld && item.Recurrence is not null && largest > 0;
            foreach (var spec in specs)
            {
                if (writtenOut && World(item.Recurrence!, spec).Trace.T != CourseT)
                {
                    continue;
                }

                if (!onWorld)
                {
                    var @case = ItemCase(item, spec, source);
                    Bindings bindings = item.Recurrence is { } r ? new RecurrentBindings(World(r, spec), r) : new CaseBindings(item.Row, @case);
                    list.Add(new EvalCase(@case, bindings, (item.Target.Of.Name, ResolveIndex(item.Target.Of.At, bindings))));
                    continue;
                }

                var world = World(item.Recurrence!, spec);
                if (largest > world.Trace.T)
                {
                    continue; // this case has fewer steps than the result names
                }

                var worldBindings = new RecurrentBindings(world, item.Recurrence!);
                int? k = ResolveIndex(lhsIndex, worldBindings);
                if (k is not int index || index < 0 || index > world.Trace.T)
                {
                    continue;
                }

                var expected = new CheckCase(item.Item, spec, world.Description, [], CheckValue.From(world.Dhs[index]));
                list.Add(new EvalCase(expected, worldBindings, ("h", index)));
            }

            if (writtenOut)
            {
                _readings.Add($"the result is written out step by step for the course's T = {CourseT}, so it is checked on the {list.Count} of {specs.Count} cases with T = {CourseT}.");
            }

            if (onWorld && list.Count < specs.Count)
            {
                _readings.Add($"the result names steps up to {largest}, so it is checked on the {list.Count} of {specs.Count} cases with T ≥ {largest}.");
            }

            return list;
        }

        private static int? ResolveIndex(Syntax.StepIndex? index, Bindings bindings) => index switch
        {
            null => null,
            { Variable: null } => index.Offset,
            { Variable: "t" } => bindings.Step + index.Offset,
            { Variable: "T" } => bindings.T + index.Offset,
            _ => null,
        };

        /// <summary>Evaluates a form of the student's result; its readings of ambiguous notation are reported.</summary>
        private Outcome Evaluate(Expr form, IReadOnlyList<EvalCase> cases) => Evaluate(form, cases, _readings);

        /// <summary>Evaluates an edit or a known mistake while naming a mistake: its readings are not the student's, so they are dropped.</summary>
        private Outcome Try(Expr form, IReadOnlyList<EvalCase> cases) => Evaluate(form, cases, []);

        private Outcome Evaluate(Expr form, IReadOnlyList<EvalCase> cases, HashSet<string> readings)
        {
            var outputs = new CheckValue?[cases.Count];
            var results = new CheckCaseResult?[cases.Count];
            for (int i = 0; i < cases.Count; i++)
            {
                var c = cases[i];
                var evaluator = new Evaluator(c.Bindings, readings, c.Self, Math.Max(1, WrittenLimits.MaxTotalSteps - _spent));
                try
                {
                    var value = evaluator.Evaluate(form);
                    outputs[i] = ToCheckValue(value, c.Case.Expected, form);
                    results[i] = CheckEngine.Compare(c.Case, outputs[i]!);
                }
                catch (EvalException e)
                {
                    return new Outcome(outputs, results, e, c.Case.Description);
                }
                finally
                {
                    _spent += evaluator.Steps;
                }
            }

            return new Outcome(outputs, results, null, null);
        }

        /// <summary>The value in the expected value's form: an n×1 matrix for a vector, a matrix as it is.</summary>
        private CheckValue ToCheckValue(Value value, CheckValue expected, Expr form)
        {
            string target = item.Target.Text;
            bool vector = expected.Shape.StartsWith('(');
            switch (value)
            {
                case MatrixValue m when vector && m.M.ColumnCount == 1:
                    return CheckValue.From(m.M.Column(0));
                case MatrixValue m when vector:
                    throw new EvalException(EvalFailure.Dimension, $"the result {Short(form)} is {m.Shape}, but {target} is a column, {expected.Values.Length}×1"
                        + (m.M.RowCount == 1 ? " (a gradient has the shape of its variable: a column, not a row)" : ""));
                case MatrixValue m when m.M.RowCount * m.M.ColumnCount == expected.Values.Length && $"{m.M.RowCount}×{m.M.ColumnCount}" == expected.Shape:
                    return CheckValue.From(m.M);
                case MatrixValue m:
                    throw new EvalException(EvalFailure.Dimension, $"the result {Short(form)} is {m.Shape}, but {target} is {expected.Shape}");
                default:
                    throw new EvalException(EvalFailure.Dimension, $"the result {Short(form)} is {value.Shape}, but {target} is {(vector ? expected.Values.Length + "×1" : expected.Shape)}");
            }
        }

        private static string Short(Expr form) => form.Text.Length <= 80 ? form.Text : form.Text[..77] + "…";

        private static int LargestNumericIndex(Expr root) => ExprTree.Flatten(root).Select(n => n.Node switch
        {
            Syntax.Symbol { At.Variable: null } s => s.At!.Offset,
            Derivative { Of.At.Variable: null } d => d.Of.At!.Offset,
            _ => 0,
        }).DefaultIfEmpty(0).Max();

        private static int CountAmbiguous(IEnumerable<Expr> forms) => forms.Sum(f => ExprTree.Flatten(f).Count(n => n.Node is Ambiguous));

        private WrittenVerdict HandGrading(string why) => Verdict(WrittenStatus.HandGrading, "Left for hand grading: " + Capitalise(why).TrimEnd('.') + ".", 0);

        private WrittenVerdict Verdict(WrittenStatus status, string message, int cases, string? mistake = null) =>
            new(item.WrittenId, status, message, mistake, _latex, _readings.ToArray(), cases);

        private static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
    }
}

/// <summary>The outcome of one expression on every case: its values, their comparison, or the error that stopped it.</summary>
/// <param name="Outputs">The value on each case, as far as it got.</param>
/// <param name="Results">The comparison with each case's expected value.</param>
/// <param name="Error">What stopped the evaluation, or null.</param>
/// <param name="ErrorCase">The case it stopped on, or null.</param>
internal sealed record Outcome(CheckValue?[] Outputs, CheckCaseResult?[] Results, EvalException? Error, string? ErrorCase)
{
    /// <summary>True when the expression has a value on every case and each agrees.</summary>
    public bool Passed => Error is null && Results.All(r => r is { Passed: true });
}

/// <summary>A wrong result, for a <see cref="MistakeNamer"/> to name.</summary>
/// <param name="Item">The written item.</param>
/// <param name="Form">The wrong form, as read.</param>
/// <param name="Lhs">The derivative the box gives.</param>
/// <param name="OnWorld">True when the form is checked on whole recurrent cases, not the item's own cases.</param>
/// <param name="Cases">The cases it was checked on.</param>
/// <param name="Result">Its outcome on them.</param>
/// <param name="BudgetLeft">False once the check's <see cref="WrittenLimits.MaxTotalSteps"/> are spent.</param>
/// <param name="Try">Evaluates another form on the same cases (counted against the budget; its readings are dropped).</param>
internal sealed record MistakeQuery(WrittenItem Item, Expr Form, Derivative Lhs, bool OnWorld, CheckCase[] Cases, Outcome Result, Func<bool> BudgetLeft, Func<Expr, Outcome> Try);

/// <summary>Names the mistake of a wrong result, or returns null. The grader's holds the known mistakes.</summary>
/// <param name="query">The wrong result.</param>
internal delegate (string Name, string Explanation)? MistakeNamer(MistakeQuery query);
