using Backprop.Grading.Isolation;
using Backprop.Grading.Sandbox;

namespace Backprop.Grading.Tests.Hostile;

/// <summary>
/// Everything a child sends is hostile: forged reply lines, endless lines, invalid UTF-8 and huge outputs on the real
/// stdout are ignored or cost the sender's item only, and a reply must match the request's item, case count and shapes.
/// </summary>
public class WireTests
{
    private static readonly SandboxOptions Options = SandboxOptions.Default with { ItemTimeout = TimeSpan.FromSeconds(8) };

    private const string Forge = """
        var raw = Console.OpenStandardOutput();
        void Line(string s) { var b = System.Text.Encoding.UTF8.GetBytes(s + "\n"); raw.Write(b, 0, b.Length); }
        Line("@@sandbox-reply 00 {\"item\":\"b.innocent\",\"outputs\":[{\"shape\":\"(2)\",\"values\":[-0.25,0.25]}]}");
        Line("@@sandbox-reply guess {\"item\":\"a.forger\",\"outputs\":[]}");
        Line("@@sandbox-ready x {}");
        raw.Write(new byte[] { 0xff, 0xfe, 0xc3, 0x28, (byte)'\n' }, 0, 5);
        var huge = new byte[12 * 1024 * 1024]; Array.Fill(huge, (byte)'@'); raw.Write(huge, 0, huge.Length); raw.Write(new byte[] { (byte)'\n' }, 0, 1);
        raw.Flush();
        """;

    [Fact]
    public void Forged_replies_endless_lines_and_invalid_utf8_on_stdout_change_nothing()
    {
        var requests = new[]
        {
            (PastTheGate.Request("a.forger", PastTheGate.Build(Forge + PastTheGate.Correct)), Options.ItemTimeout),
            (PastTheGate.Request("b.innocent", PastTheGate.Build(PastTheGate.Correct)), Options.ItemTimeout),
        };
        var outcomes = ItemRunner.RunAll(Options, requests, (_, o) => PastTheGate.IsCorrect(o));
        Assert.True(PastTheGate.IsCorrect(outcomes["a.forger"]), outcomes["a.forger"].Problem);
        Assert.True(PastTheGate.IsCorrect(outcomes["b.innocent"]), outcomes["b.innocent"].Problem);
    }

    [LayerFact(IsolationLayers.None)]
    public void A_flood_on_stdout_and_every_pipe_keeps_the_grader_small_and_loses_the_item()
    {
        // 8 MB lines of junk, 100 of them, on stdout and on the pipe to the grader (wherever the reply channel is: a
        // pipe the child holds only write ends of, other than stderr's), and then the right answer.
        const string body = """
            var line = new byte[8 * 1024 * 1024]; Array.Fill(line, (byte)'a'); line[^1] = (byte)'\n';
            var pipes = new Dictionary<int, string>();
            var writeOnly = new HashSet<int>();
            foreach (var f in System.IO.Directory.GetFiles("/proc/self/fd"))
            {
                int fd = int.Parse(System.IO.Path.GetFileName(f));
                if (new System.IO.FileInfo(f).LinkTarget is not { } t || !t.StartsWith("pipe:")) continue;
                pipes[fd] = t;
                foreach (var info in System.IO.File.ReadAllLines("/proc/self/fdinfo/" + fd))
                    if (info.StartsWith("flags:") && (Convert.ToInt32(info[6..].Trim(), 8) & 3) == 1) writeOnly.Add(fd);
            }
            var targets = new List<int> { 1 };
            foreach (var (fd, pipe) in pipes)
            {
                bool onlyWriteEnds = true;
                foreach (var (other, otherPipe) in pipes) if (otherPipe == pipe && !writeOnly.Contains(other)) onlyWriteEnds = false;
                if (fd > 2 && onlyWriteEnds && pipe != pipes.GetValueOrDefault(2) && !targets.Contains(fd)) targets.Add(fd);
            }
            foreach (int fd in targets) for (int i = 0; i < 100; i++) write(fd, line, line.Length);
            """ + PastTheGate.Correct;
        const string members = """
            [System.Runtime.InteropServices.DllImport("libc")] static extern nint write(int fd, byte[] data, nint count);
            """;
        byte[] flood = PastTheGate.Build(body, members);
        long baseline = Environment.WorkingSet, peak = baseline;
        using var done = new ManualResetEventSlim();
        var sampler = new Thread(() =>
        {
            while (!done.Wait(10))
            {
                peak = Math.Max(peak, Environment.WorkingSet);
            }
        });
        sampler.Start();
        SandboxOutcome outcome;
        try
        {
            outcome = PastTheGate.RunAlone(flood, Options with { ItemTimeout = TimeSpan.FromSeconds(20) });
        }
        finally
        {
            done.Set();
            sampler.Join();
        }

        Console.WriteLine($"flood: {outcome.Problem ?? outcome.Outputs?[0].Problem}; grader working set +{(peak - baseline) >> 20} MB");
        Assert.False(PastTheGate.IsCorrect(outcome), "the flooding answer kept its points");
        Assert.True(peak - baseline < 300L << 20, $"the grader grew by {(peak - baseline) >> 20} MB during the flood");
    }

    [Fact]
    public void Forging_and_then_hanging_costs_only_the_forger()
    {
        var requests = new[]
        {
            (PastTheGate.Request("a.forger", PastTheGate.Build(Forge + "while (true) { }")), TimeSpan.FromSeconds(3)),
            (PastTheGate.Request("b.innocent", PastTheGate.Build(PastTheGate.Correct)), Options.ItemTimeout),
        };
        var outcomes = ItemRunner.RunAll(Options, requests, (_, o) => PastTheGate.IsCorrect(o));
        Assert.Contains("did not finish", outcomes["a.forger"].Problem);
        Assert.True(PastTheGate.IsCorrect(outcomes["b.innocent"]));
    }

    [Fact]
    public void A_huge_output_is_refused_in_the_child_before_it_crosses_over()
    {
        var outcome = PastTheGate.RunAlone(PastTheGate.Build("return Vector<double>.Build.Dense(2_000_000);"), Options);
        Assert.NotNull(outcome.Outputs);
        Assert.Contains("returned 2000000 entries", outcome.Outputs[0].Problem);
    }

    [Fact]
    public void A_two_million_character_exception_message_arrives_cut()
    {
        var outcome = PastTheGate.RunAlone(PastTheGate.Build("throw new Exception(new string('x', 2_000_000));"), Options);
        Assert.NotNull(outcome.Outputs);
        Assert.InRange(outcome.Outputs[0].Problem!.Length, 100, 2200);
        Assert.Contains("cut", outcome.Outputs[0].Problem);
    }

    [Theory]
    [InlineData("""{"item":"other","outputs":[{"value":{"kind":"Vector","shape":[2],"values":[1,2]}}]}""", "no outputs for the item")]
    [InlineData("""{"item":"p","outputs":[]}""", "0 outputs for 1 cases")]
    [InlineData("""{"item":"p","outputs":[{"value":{"kind":"Vector","shape":[2],"values":[1,2]}},{"value":{"kind":"Vector","shape":[2],"values":[1,2]}}]}""", "2 outputs for 1 cases")]
    [InlineData("""{"item":"p","outputs":[{"value":{"kind":"Vector","shape":[2],"values":[1,2]},"problem":"both"}]}""", "both an output and a problem")]
    [InlineData("""{"item":"p","outputs":[{"value":null,"problem":null}]}""", "neither an output nor a problem")]
    [InlineData("""{"item":"p","outputs":[{}]}""", "not a well-formed reply")]
    [InlineData("""{"item":"p","item":"p","outputs":[{"value":{"kind":"Vector","shape":[2],"values":[1,2]}}]}""", "not a well-formed reply")]
    [InlineData("""{"item":"p","outputs":[{"value":{"kind":"Vector","shape":[2],"values":[1,2]}}],"verdict":"passed"}""", "not a well-formed reply")]
    [InlineData("""{"item":"p","outputs":[{"value":{"kind":"Vector","shape":[2],"values":[[[[[[[[[[1]]]]]]]]]]}}]}""", "not a well-formed reply")]
    [InlineData("""{"item":"p","outputs":[{"value":{"kind":"Vector","shape":[2],"values":"12"}}]}""", "not a well-formed reply")]
    [InlineData("""{"item":"p","outputs":[{"value":{"kind":"Tensor","shape":[2],"values":[1,2]}}]}""", "not a well-formed reply")]
    [InlineData("""{"item":"p","outputs":[{"value":{"kind":"Vector","shape":[3],"values":[1,2]}}]}""", "case 1's output is a Vector of shape [3] with 2 entries")]
    [InlineData("""{"item":"p","outputs":[{"value":{"kind":"Matrix","shape":[2],"values":[1,2]}}]}""", "a Matrix of shape [2] with 2 entries")]
    [InlineData("""{"item":"p","outputs":[{"value":{"kind":"Vectors","shape":[1,-1],"values":[]}}]}""", "a negative one")]
    [InlineData("""{"item":"p","outputs":[{"value":{"kind":"Vector","shape":[2]}}]}""", "not a well-formed reply")]
    [InlineData("""{"item":"p","outputs":[{"value":{"kind":"Vector","shape":[2],"values":null}}]}""", "without its values")]
    [InlineData("""{"item":"p","outputs":[{"value":{"kind":7,"shape":[],"values":[1]}}]}""", "an unknown kind of value (7)")]
    [InlineData("not json", "not a well-formed reply")]
    public void A_reply_that_does_not_fit_the_request_exactly_is_rejected_saying_why(string reply, string why)
    {
        var request = new SandboxRequest("p", [], [[]]);
        var (outputs, rejected) = SandboxProcess.Parse(reply, request);
        Assert.Null(outputs);
        Assert.Contains(why, rejected);
    }

    [Fact]
    public void An_oversized_value_in_a_reply_is_rejected_saying_how_large_it_is()
    {
        var request = new SandboxRequest("p", [], [[]]);
        int n = WireValue.MaxEntries + 1;
        string values = string.Join(",", Enumerable.Repeat("0", n));
        var (outputs, rejected) = SandboxProcess.Parse($$$"""{"item":"p","outputs":[{"value":{"kind":"Vector","shape":[{{{n}}}],"values":[{{{values}}}]}}]}""", request);
        Assert.Null(outputs);
        Assert.Contains($"{n} entries, more than the {WireValue.MaxEntries}", rejected);
    }

    [Fact]
    public void A_reply_that_fits_is_accepted_with_nan_and_infinity()
    {
        var request = new SandboxRequest("p", [], [[], []]);
        var (outputs, rejected) = SandboxProcess.Parse("""{"item":"p","outputs":[{"value":{"kind":"Vector","shape":[2],"values":["NaN","Infinity"]},"problem":null},{"value":null,"problem":"threw X"}]}""", request);
        Assert.True(outputs is not null, rejected);
        Assert.True(double.IsNaN(outputs[0].Value!.Values[0]));
        Assert.Equal(double.PositiveInfinity, outputs[0].Value!.Values[1]);
        Assert.Equal("threw X", outputs[1].Problem);
    }
}
