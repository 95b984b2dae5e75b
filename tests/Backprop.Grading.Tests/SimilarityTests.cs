using Backprop.Grading.Reports.Class;

namespace Backprop.Grading.Tests;

/// <summary>
/// Similarity on synthetic classes: six answers per item written independently (in different styles, as students do),
/// plus planted copies with renamed variables, new comments and new layout. The pairs must include every planted copy
/// and no pair of independent answers.
/// </summary>
public class SimilarityTests
{
    private const string DsHead = "// answer: p1.dJ_ds\nVector<double> dJ_ds(Vector<double> y, Vector<double> p)\n{\n";
    private const string HsHead = "// answer: p2.dJ_dhs\nVector<double>[] dJ_dhs(Matrix<double> Wr, IReadOnlyList<Vector<double>> hs, Vector<double> dJ_dhT)\n{\n";
    private const string WrHead = "// answer: p2.dJ_dWr\nMatrix<double> dJ_dWr(IReadOnlyList<Vector<double>> hs, IReadOnlyList<Vector<double>> dJ_dhs)\n{\n";

    // The one-line box: everyone's correct answer is alike.
    private static readonly string[] Ds =
    [
        "    return y - p;\n}",
        "    // J = log p_y\n    return y - p;\n}",
        "    return -(p - y);\n}",
        "    var r = y - p;\n    return r;\n}",
        "    return y.Subtract(p);\n}",
        "    return y - p; // softmax + log\n}",
    ];

    private static readonly string[] Hs =
    [
        """
            int T = hs.Count - 1;
            var result = new Vector<double>[T + 1];
            result[T] = dJ_dhT;
            for (int t = T; t >= 1; t--)
            {
                var back = result[t].PointwiseMultiply(1.0 - hs[t].PointwiseMultiply(hs[t]));
                result[t - 1] = Wr.TransposeThisAndMultiply(back);
            }
            return result;
        }
        """,
        """
            var grads = new Vector<double>[hs.Count];
            grads[hs.Count - 1] = dJ_dhT;
            int k = hs.Count - 1;
            while (k > 0)
            {
                var tanhPrime = hs[k].Map(v => 1 - v * v);
                grads[k - 1] = Wr.Transpose() * grads[k].PointwiseMultiply(tanhPrime);
                k--;
            }
            return grads;
        }
        """,
        """
            var list = new List<Vector<double>> { dJ_dhT };
            var current = dJ_dhT;
            for (int i = hs.Count - 1; i > 0; i--)
            {
                current = Wr.TransposeThisAndMultiply(current.PointwiseMultiply(hs[i].PointwiseMultiply(hs[i]).Negate() + 1.0));
                list.Add(current);
            }
            list.Reverse();
            return list.ToArray();
        }
        """,
        """
            Vector<double>[] outArr = Enumerable.Repeat<Vector<double>>(null, hs.Count).ToArray();
            outArr[^1] = dJ_dhT;
            for (var step = outArr.Length - 1; step > 0; --step)
            {
                Vector<double> ones = Vector<double>.Build.Dense(hs[step].Count, 1.0);
                Vector<double> deriv = ones - hs[step].PointwiseMultiply(hs[step]);
                outArr[step - 1] = Wr.TransposeThisAndMultiply(deriv.PointwiseMultiply(outArr[step]));
            }
            return outArr;
        }
        """,
        """
            int last = hs.Count - 1;
            var d = new Vector<double>[last + 1];
            d[last] = dJ_dhT;
            for (int t = last; t > 0; t -= 1)
            {
                var D = Matrix<double>.Build.DenseOfDiagonalVector(1.0 - hs[t].PointwiseMultiply(hs[t]));
                d[t - 1] = Wr.Transpose() * (D * d[t]);
            }
            return d;
        }
        """,
        """
            var res = new Vector<double>[hs.Count];
            res[res.Length - 1] = dJ_dhT;
            int idx = res.Length - 1;
            do
            {
                var h = hs[idx];
                var local = res[idx].PointwiseMultiply(h.Map(x => 1.0 - x * x));
                res[idx - 1] = Wr.TransposeThisAndMultiply(local);
                idx--;
            } while (idx >= 1);
            return res;
        }
        """,
    ];

    private static readonly string[] Wr =
    [
        """
            int M = hs[0].Count;
            var sumWr = Matrix<double>.Build.Dense(M, M);
            for (int t = 1; t < hs.Count; t++)
                sumWr += dJ_dhs[t].PointwiseMultiply(1.0 - hs[t].PointwiseMultiply(hs[t])).OuterProduct(hs[t - 1]);
            return sumWr;
        }
        """,
        """
            Matrix<double> total = null;
            for (int k = hs.Count - 1; k >= 1; k--)
            {
                var g = dJ_dhs[k].PointwiseMultiply(hs[k].Map(v => 1 - v * v));
                var term = g.ToColumnMatrix() * hs[k - 1].ToRowMatrix();
                total = total == null ? term : total + term;
            }
            return total;
        }
        """,
        """
            var acc = Matrix<double>.Build.Dense(hs[1].Count, hs[0].Count);
            foreach (var t in Enumerable.Range(1, hs.Count - 1))
            {
                var dg = dJ_dhs[t] - dJ_dhs[t].PointwiseMultiply(hs[t]).PointwiseMultiply(hs[t]);
                acc = acc + dg.OuterProduct(hs[t - 1]);
            }
            return acc;
        }
        """,
        """
            return Enumerable.Range(1, hs.Count - 1)
                .Select(i => (dJ_dhs[i].PointwiseMultiply(1.0 - hs[i].PointwiseMultiply(hs[i]))).OuterProduct(hs[i - 1]))
                .Aggregate((a, b) => a + b);
        }
        """,
        """
            int n = hs[0].Count;
            Matrix<double> grad = Matrix<double>.Build.Dense(n, n, 0.0);
            int t = 1;
            while (t <= hs.Count - 1)
            {
                Vector<double> tp = 1.0 - hs[t].PointwiseMultiply(hs[t]);
                grad.Add(tp.PointwiseMultiply(dJ_dhs[t]).OuterProduct(hs[t - 1]), grad);
                t++;
            }
            return grad;
        }
        """,
        """
            var W = Matrix<double>.Build.Dense(dJ_dhs[0].Count, hs[0].Count);
            for (var s = 1; s <= hs.Count - 1; ++s)
            {
                var gate = hs[s].Map(z => 1.0 - z * z);
                W += gate.PointwiseMultiply(dJ_dhs[s]).OuterProduct(hs[s - 1]);
            }
            return W;
        }
        """,
    ];

    // Student 2's answers, disguised: variables renamed, comments added, lines re-wrapped.
    private const string CopiedHs = """
            // walk back through time
            var gradsList = new List<Vector<double>> { dJ_dhT };
            var g =   dJ_dhT;
            for (int step = hs.Count - 1;
                 step > 0;
                 step--)
            {
                g = Wr.TransposeThisAndMultiply(g.PointwiseMultiply(hs[step].PointwiseMultiply(hs[step]).Negate() + 1.0)); // tanh'
                gradsList.Add(g);
            }
            gradsList.Reverse();   /* oldest first */
            return gradsList.ToArray();
        }
        """;

    private const string CopiedWr = """
            var total = Matrix<double>.Build.Dense(hs[1].Count, hs[0].Count);
            foreach (var time in Enumerable.Range(1, hs.Count - 1))
            {
                // dJ/dg_t
                var gate = dJ_dhs[time] - dJ_dhs[time].PointwiseMultiply(hs[time]).PointwiseMultiply(hs[time]);
                total = total + gate.OuterProduct(hs[time - 1]);
            }
            return total;
        }
        """;

    private static List<SubmittedAnswer> IndependentClass()
    {
        var answers = new List<SubmittedAnswer>();
        for (int s = 0; s < 6; s++)
        {
            string name = $"student{s}";
            answers.Add(new(name, "p1.dJ_ds", DsHead + Ds[s], true, null));
            answers.Add(new(name, "p2.dJ_dhs", HsHead + Hs[s], true, null));
            answers.Add(new(name, "p2.dJ_dWr", WrHead + Wr[s], true, null));
        }

        return answers;
    }

    [Fact]
    public void Independently_written_correct_answers_make_no_pair()
    {
        Assert.Empty(SimilarityFinder.Find(IndependentClass()));
    }

    [Fact]
    public void A_copy_with_renamed_variables_new_comments_and_layout_is_paired_with_its_source_and_nothing_else()
    {
        var answers = IndependentClass();
        answers.Add(new("copier", "p1.dJ_ds", DsHead + "    return y - p;\n}", true, null));
        answers.Add(new("copier", "p2.dJ_dhs", HsHead + CopiedHs, true, null));
        answers.Add(new("copier", "p2.dJ_dWr", WrHead + CopiedWr, true, null));

        var pairs = SimilarityFinder.Find(answers);

        var pair = Assert.Single(pairs);
        Assert.Equal(("copier", "student2"), (pair.First, pair.Second));
        Assert.Equal(["p2.dJ_dWr", "p2.dJ_dhs"], pair.Items.Select(i => i.Item).Order(StringComparer.Ordinal));
        Assert.All(pair.Items, i => Assert.Equal("identical structure", i.Why));
        Assert.Contains("gradsList", pair.Items.Single(i => i.Item == "p2.dJ_dhs").FirstCell);
        Assert.Contains("list.Reverse()", pair.Items.Single(i => i.Item == "p2.dJ_dhs").SecondCell);

        string csv = SimilarityCsv.Render(pairs);
        Assert.StartsWith("submission_a,submission_b,item,why,shared_fingerprints,overlap,cell_a,cell_b\n", csv);
        Assert.Contains("copier,student2,p2.dJ_dhs,identical structure,", csv);
        Assert.Contains("\"// answer: p2.dJ_dhs\n", csv);
    }

    [Fact]
    public void The_same_unusual_mistake_on_one_item_pairs_two_students_but_the_same_one_line_mistake_does_not()
    {
        var answers = IndependentClass();
        // student0 and student4 both stop their loop at t = 2, in student4's own words; students 1 and 3 both write p − y.
        const string stopsEarly = """
                int last = hs.Count - 1;
                var d = new Vector<double>[last + 1];
                d[last] = dJ_dhT;
                for (int t = last; t > 1; t -= 1)
                {
                    var D = Matrix<double>.Build.DenseOfDiagonalVector(1.0 - hs[t].PointwiseMultiply(hs[t]));
                    d[t - 1] = Wr.Transpose() * (D * d[t]);
                }
                return d;
            }
            """;
        Replace(answers, "student0", "p2.dJ_dhs", HsHead + stopsEarly.Replace("int last", "int final", StringComparison.Ordinal).Replace("last", "final", StringComparison.Ordinal), "off-by-one in the BPTT loop");
        Replace(answers, "student4", "p2.dJ_dhs", HsHead + stopsEarly, "off-by-one in the BPTT loop");
        Replace(answers, "student1", "p1.dJ_ds", DsHead + "    return p - y;\n}", "sign flip p − y");
        Replace(answers, "student3", "p1.dJ_ds", DsHead + "    return p - y;\n}", "sign flip p − y");

        var pair = Assert.Single(SimilarityFinder.Find(answers));
        Assert.Equal(("student0", "student4"), (pair.First, pair.Second));
        Assert.Equal("identical mistake: off-by-one in the BPTT loop", Assert.Single(pair.Items).Why);
    }

    [Fact]
    public void Tokens_ignore_whitespace_comments_and_variable_names_but_keep_the_API_and_operators()
    {
        var a = AnswerTokens.Of("var sum = a.OuterProduct(b); // note\n/* block */ return sum - 1.0;");
        var b = AnswerTokens.Of("var   total=x.OuterProduct( y );return total-1.0;");
        Assert.Equal(a, b);
        Assert.Equal(["var", "ID", "=", "ID", ".", "OuterProduct", "(", "ID", ")", ";", "return", "ID", "-", "1.0", ";"], a);
        Assert.NotEqual(a, AnswerTokens.Of("var sum = a.PointwiseMultiply(b); return sum - 1.0;"));
        Assert.Equal(["STR", ";", "STR", "STR"], AnswerTokens.Of("\"a \\\" // not a comment\"; @\"x\"\"y\" $\"{z}\""));
    }

    [Fact]
    public void The_tokenizer_is_bounded_on_huge_and_unterminated_input()
    {
        Assert.Equal(AnswerTokens.MaxTokens, AnswerTokens.Of(string.Concat(Enumerable.Repeat("x + ", 1_000_000))).Count);
        Assert.Equal(["ID", "=", "STR"], AnswerTokens.Of("a = \"never closed"));
        Assert.Equal(["ID"], AnswerTokens.Of("a /* never closed"));
        Assert.Equal("return y - p;", AnswerTokens.WithoutComments("// by Jane Doe, 12345\nreturn y - p; // mine\n/* ok */"));
    }

    private static void Replace(List<SubmittedAnswer> answers, string student, string item, string code, string mistake)
    {
        int i = answers.FindIndex(a => a.Submission == student && a.Item == item);
        answers[i] = new SubmittedAnswer(student, item, code, false, mistake);
    }
}
