using Backprop.Kernel;
using System.Diagnostics;
using System.Text;
using Backprop.Grading.Answers;
using Backprop.Grading.Compilation;
using Backprop.Grading.Isolation;
using Backprop.Grading.Sandbox;
using Backprop.Kernel.Checking;

namespace Backprop.Grading.Tests.Hostile;

/// <summary>
/// A submission's answers compile as one batch, two at a time in one compile child. A compile bomb in the batch must
/// cost its own item only: the child is stopped when no reply comes within the item's limit, and every answer still
/// unanswered is compiled again alone, so the answers beside the bomb keep their assemblies.
/// </summary>
public class CompileBatchTests
{
    private static readonly SandboxOptions Options = SandboxOptions.Default with { ItemTimeout = TimeSpan.FromSeconds(4) };

    /// <summary>Nested lambdas over three overloads: the binder's work grows with every level, far past any limit at 24.</summary>
    private static string LambdaBomb(int depth)
    {
        var text = new StringBuilder();
        for (int i = 0; i < depth; i++)
        {
            text.Append($"M(x{i} => ");
        }

        text.Append("x0.GetHashCode()").Append(')', depth);
        return $"    int r = {text};\n";
    }

    private static (CheckItem Item, string Source, IReadOnlyList<UsedCell> Used) Answer(string id, string signature, string body) =>
        (CheckItems.Find(id), $"// answer: {id}\n// {Guid.NewGuid():N}\n{signature}\n{{\n{body}\n}}\nstatic int M(Func<int, int> f) => 0;\nstatic int M(Func<string, int> f) => 0;\nstatic int M(Func<double, int> f) => 0;\n", []);

    [Fact]
    public void A_compile_bomb_in_a_batch_costs_its_own_item_and_the_others_compile()
    {
        var answers = new[]
        {
            Answer("p1.dJ_ds", "Vector<double> dJ_ds(Vector<double> y, Vector<double> p)", "    return y - p;"),
            Answer("p1.dJ_dh", "Vector<double> dJ_dh(Matrix<double> Wu, Vector<double> dJ_ds)", LambdaBomb(24) + "    return Wu.TransposeThisAndMultiply(dJ_ds);"),
            Answer("p1.dJ_dWu", "Matrix<double> dJ_dWu(Vector<double> dJ_ds, Vector<double> h)", "    return dJ_ds.OuterProduct(h);"),
            Answer("p1.dJ_dWe", "Matrix<double> dJ_dWe(Vector<double> dJ_dh, Vector<double> x)", "    return dJ_dh.OuterProduct(x);"),
        };
        var results = new Dictionary<string, CompiledAnswer>();
        var child = CompileChild.Rent(Options);
        var clock = Stopwatch.StartNew();
        try
        {
            AnswerCompiler.CompileAll(child, answers, [], Options.ItemTimeout, (item, answer) =>
            {
                Assert.False(results.ContainsKey(item.Id), item.Id + " was answered twice");
                results[item.Id] = answer;
            });
        }
        finally
        {
            CompileChild.Return(child);
        }

        Assert.Equal(["p1.dJ_dWe", "p1.dJ_dWu", "p1.dJ_dh", "p1.dJ_ds"], results.Keys.Order(StringComparer.Ordinal));
        foreach (string id in new[] { "p1.dJ_ds", "p1.dJ_dWu", "p1.dJ_dWe" })
        {
            Assert.True(results[id].Succeeded, id + ": " + results[id].Problem);
        }

        Assert.False(results["p1.dJ_dh"].Succeeded);
        Assert.Contains("did not compile within 4 s", results["p1.dJ_dh"].Problem);
        // The batch waits one limit for a reply, the bomb alone gets one more, and a fresh child starts in between.
        Assert.InRange(clock.Elapsed.TotalSeconds, 8, 2 * 4 + 30);
    }

    [Fact]
    public void The_layers_of_a_child_stopped_by_a_compile_bomb_are_still_reported()
    {
        // The bomb is compiled last and alone, so the child that compiled everything is killed at the end; what the
        // submission reports (results.json) must still name the layers that child ran under.
        var answers = new[]
        {
            Answer("p1.dJ_ds", "Vector<double> dJ_ds(Vector<double> y, Vector<double> p)", "    return y - p;"),
            Answer("p1.dJ_dh", "Vector<double> dJ_dh(Matrix<double> Wu, Vector<double> dJ_ds)", LambdaBomb(24) + "    return Wu.TransposeThisAndMultiply(dJ_ds);"),
        };
        var child = CompileChild.Rent(Options);
        try
        {
            var results = new Dictionary<string, CompiledAnswer>();
            AnswerCompiler.CompileAll(child, answers, [], Options.ItemTimeout, (item, answer) => results[item.Id] = answer);
            Assert.False(results["p1.dJ_dh"].Succeeded);
            Assert.Contains("did not compile within 4 s", results["p1.dJ_dh"].Problem);
            Assert.Contains(child.Layers, l => l.StartsWith("runs as", StringComparison.Ordinal));
            if (OperatingSystem.IsLinux())
            {
                Assert.Contains("seccomp", child.Layers);
            }
        }
        finally
        {
            CompileChild.Return(child);
        }
    }
}
