using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Backprop.Kernel;
using Backprop.Kernel.Checking;
using Backprop.Kernel.Fast;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Bench;

/// <summary>
/// The benchmark of issue 6: forward+backward steps of the tanh and residual RecurrentModel and WordMlp through the public API
/// (course scale N=8 M=4 T=3, realistic N=10000 M=256 T=32), allocations per step, the full gradient check at
/// N=50 M=16 T=10 in a fresh process, the ρ × T grid of gradient norms (GradientNormExperiment.Heatmap), and numpy and PyTorch references in the same run.
/// Prints markdown tables. Arguments: none for the whole run; "gradchecks" for the gradient-check table alone;
/// "gradcheck" or "heatmap" run one fresh-process part.
/// </summary>
internal static class Program
{
    private const string Python = "/usr/bin/python3";

    /// <summary>Notebook 03's grid: spectral radius 0.5 … 2.0 by 0.1, T in 5 … 100, three seeds, both recurrences.</summary>
    /// <summary>How the tables name a recurrent model: by its recurrence.</summary>
    private static string Label(Recurrence recurrence) => recurrence == Recurrence.Residual ? "residual RNN" : "tanh RNN";

    private static readonly double[] HeatmapRadii = Enumerable.Range(5, 16).Select(i => i / 10.0).ToArray();
    private static readonly int[] HeatmapLengths = [5, 10, 20, 30, 40, 50, 75, 100];
    private static readonly int[] HeatmapSeeds = [1, 2, 3];

    private const string FastPath = "fast path";
    private const string TeachingPath = "teaching path";
    private const string DefaultSettings = "default runtime settings";
    private const string HostSetsMathNet = "host sets MathNet to managed, single-threaded";

    /// <summary>Fresh processes per path at default settings: the targets quote their median and minimum.</summary>
    private const int GradCheckRepeats = 5;

    private static readonly (string Name, int N, int M, int T)[] Scales = [("course", 8, 4, 3), ("realistic", 10000, 256, 32)];

    public static int Main(string[] args)
    {
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        return args.FirstOrDefault() switch
        {
            "gradcheck" => GradCheckChild(fast: args.Contains("--fast"), managedProvider: args.Contains("--managed-provider"), singleThread: args.Contains("--single-thread")),
            "heatmap" => HeatmapChild(),
            "gradchecks" => GradChecksOnly(),
            "problem3" => Problem3Bench.Run(args.Length > 1 && int.TryParse(args[1], out int repeats) ? Math.Clamp(repeats, 1, 100) : 3),
            null => Run(quick: false),
            "--quick" => Run(quick: true),
            _ => Usage(),
        };
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: Backprop.Bench [--quick]   (or gradchecks: only the fresh-process gradient-check table and its targets; or the fresh-process parts: gradcheck [--fast] [--managed-provider] [--single-thread] | heatmap; or problem3 [repeats] for notebooks 03 and 04)");
        return 2;
    }

    private static int Run(bool quick)
    {
        Console.WriteLine($"# Backprop.Kernel benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Console.WriteLine();
        Console.WriteLine($"- machine: {Environment.ProcessorCount} cores, {CpuModel()}, .NET {Environment.Version}, load average {LoadAverage()}");
        Console.WriteLine("- times in µs per forward+backward step: median / min over the timed runs, after warm-up");
        Console.WriteLine();

        var steps = new List<(string Model, string Scale, Timing Step, Timing? Boxes, double StepBytes, double BoxesBytes)>();
        foreach (var (scale, N, M, T) in Scales)
        {
            bool course = scale == "course";
            // Course-scale runs are short (200 steps, ≈ 0.1 ms), so that few of them are cut by the scheduler on a busy machine.
            int inner = course ? 200 : 1, runs = quick ? 50 : course ? 500 : 30, warmup = course ? 5 : 3;
            int boxInner = course ? 200 : 1, boxRuns = quick ? 2 : course ? 50 : 5;
            int[] words = Words(N, T, seed: 3);
            int target = words[0] == 0 ? 1 : 0;
            foreach (var model in new RecurrentModel[] { new RecurrentModel(We(M, N), Wr(M), Wu(N, M), Recurrence.Tanh), new RecurrentModel(We(M, N), Wr(M), Wu(N, M), Recurrence.Residual) })
            {
                var workspace = model.CreateWorkspace(T);
                void Step() => workspace.Step(words, target);
                void Boxes() => model.Backward(model.Forward(words, target));
                steps.Add((Label(model.Recurrence), scale,
                    Measure.Time(Step, inner, runs, warmup), Measure.Time(Boxes, boxInner, boxRuns, 1),
                    Measure.AllocatedBytesPerCall(Step, course ? 1000 : 3), Measure.AllocatedBytesPerCall(Boxes, course ? 100 : 1)));
            }

            var mlp = new WordMlp(We(M, N), Wu(N, M));
            var mlpWorkspace = mlp.CreateWorkspace();
            void MlpStep() => mlpWorkspace.Step(words[0], target);
            void MlpBoxes() => mlp.Backward(mlp.Forward(words[0], target));
            steps.Add((nameof(WordMlp), scale,
                Measure.Time(MlpStep, inner, runs, warmup), Measure.Time(MlpBoxes, boxInner, boxRuns, 1),
                Measure.AllocatedBytesPerCall(MlpStep, course ? 1000 : 3), Measure.AllocatedBytesPerCall(MlpBoxes, course ? 100 : 1)));
        }

        var references = References(quick);
        Console.WriteLine("## Forward+backward step, µs (median / min)");
        Console.WriteLine();
        Console.WriteLine("| model | scale | kernel `Step` | kernel `Forward`+`Backward` (boxes) | numpy | PyTorch 1 thread | PyTorch 2 threads | PyTorch 1 thread ÷ kernel | numpy ÷ kernel |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var row in steps)
        {
            references.TryGetValue((row.Model, row.Scale, "numpy"), out var numpy);
            references.TryGetValue((row.Model, row.Scale, "torch1"), out var torch1);
            references.TryGetValue((row.Model, row.Scale, "torch2"), out var torch2);
            Console.WriteLine($"| {row.Model} | {row.Scale} | {Format(row.Step)} | {Format(row.Boxes)} | {Format(numpy)} | {Format(torch1)} | {Format(torch2)} " +
                $"| {Ratio(torch1, row.Step)} | {Ratio(numpy, row.Step)} |");
        }

        Console.WriteLine();
        Console.WriteLine("Ratios divide medians (and, in brackets, minimums) measured in this run. PyTorch runs with glibc malloc told to keep freed memory " +
            "(MALLOC_MMAP_THRESHOLD_/MALLOC_TRIM_THRESHOLD_), so it does not page-fault its 20 MB gradients afresh each step; " +
            $"with the default malloc its realistic tanh step took {Format(references.GetValueOrDefault(("tanh RNN", "realistic", "torch1-default-malloc")))} µs.");
        Console.WriteLine();
        Console.WriteLine("## Allocations, bytes per step");
        Console.WriteLine();
        Console.WriteLine("| model | scale | kernel `Step` | kernel `Forward`+`Backward` (boxes) |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var row in steps)
        {
            Console.WriteLine($"| {row.Model} | {row.Scale} | {row.StepBytes:0} | {row.BoxesBytes:0} |");
        }

        Console.WriteLine();
        var gradChecks = GradCheckTable();
        Console.WriteLine();
        var heatmapFresh = ChildProcess.Self(["heatmap"]);
        Console.WriteLine($"## The ρ × T grid (GradientNormExperiment.Heatmap): {HeatmapRadii.Length} spectral radii × {HeatmapLengths.Length} lengths (T ≤ {HeatmapLengths.Max()}) × {HeatmapSeeds.Length} seeds, both recurrences");
        Console.WriteLine();
        Console.WriteLine("| run | ms |");
        Console.WriteLine("|---|---|");
        Console.WriteLine($"| fresh process, first call | {(heatmapFresh is { } h ? Ms(h, "first_ms") : "failed")} |");
        Console.WriteLine($"| fresh process, second call | {(heatmapFresh is { } h2 ? Ms(h2, "second_ms") : "failed")} |");
        Console.WriteLine();

        Console.WriteLine("## Targets");
        Console.WriteLine();
        var tanhCourse = steps.First(s => s.Model == "tanh RNN" && s.Scale == "course");
        var tanhRealistic = steps.First(s => s.Model == "tanh RNN" && s.Scale == "realistic");
        var courseWorst = steps.Where(s => s.Scale == "course").Max(s => s.Step.MedianUs);
        var torch1Realistic = references.GetValueOrDefault(("tanh RNN", "realistic", "torch1"));
        Console.WriteLine($"- course step ≤ 1 µs: tanh RNN {tanhCourse.Step.MedianUs:0.00} µs median; slowest of the three models {courseWorst:0.00} µs → {Met(courseWorst <= 1)}");
        Console.WriteLine($"- realistic step ≥ 1.4× faster than PyTorch 1 thread: {Ratio(torch1Realistic, tanhRealistic.Step)} → " +
            $"{(torch1Realistic is null ? "not measured" : Met(torch1Realistic.MedianUs / tanhRealistic.Step.MedianUs >= 1.4))}");
        Console.WriteLine($"- realistic step ≤ 10 ms on a quiet machine: {tanhRealistic.Step.MedianUs / 1000:0.00} ms median, {tanhRealistic.Step.MinUs / 1000:0.00} ms min " +
            $"→ {Met(tanhRealistic.Step.MedianUs <= 10_000)} (median), {Met(tanhRealistic.Step.MinUs <= 10_000)} (min)");
        GradCheckTargets(gradChecks);
        Console.WriteLine($"- heatmap < 1 s: {(heatmapFresh is { } hm ? $"{Ms(hm, "first_ms")} ms first call → {Met(hm.GetProperty("first_ms").GetDouble() < 1000)}" : "failed")}");
        Console.WriteLine($"- backward allocates nothing per step beyond the gradient outputs: kernel `Step` allocates " +
            $"{steps.Max(s => s.StepBytes):0} bytes per step at most → {Met(steps.All(s => s.StepBytes == 0))}");
        return 0;
    }

    /// <summary>Only the gradient-check table and its target lines, for measuring that part on its own.</summary>
    private static int GradChecksOnly()
    {
        Console.WriteLine($"# Backprop.Kernel gradient check, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, load average {LoadAverage()}");
        Console.WriteLine();
        var gradChecks = GradCheckTable();
        Console.WriteLine();
        Console.WriteLine("## Targets");
        Console.WriteLine();
        GradCheckTargets(gradChecks);
        return 0;
    }

    /// <summary>
    /// The fresh-process gradient checks: five processes each for the two default-settings rows the target is judged on
    /// (fast path, and the teaching path beside it), interleaved so that both meet the same load; then the other settings.
    /// </summary>
    private static List<(string Path, string Setting, JsonElement? Result)> GradCheckTable()
    {
        var gradChecks = new List<(string Path, string Setting, JsonElement? Result)>();
        string? readyToRun = ReadyToRunCopy();
        for (int i = 0; i < GradCheckRepeats; i++)
        {
            gradChecks.Add((FastPath, DefaultSettings, ChildProcess.Self(["gradcheck", "--fast"])));
            gradChecks.Add((TeachingPath, DefaultSettings, ChildProcess.Self(["gradcheck"])));
        }

        foreach (var (path, setting, arguments, environment) in new (string, string, string[], Dictionary<string, string>)[]
        {
            (TeachingPath, "DOTNET_TieredPGO=0", [], new() { ["DOTNET_TieredPGO"] = "0" }),
            (TeachingPath, "DOTNET_TieredCompilation=0", [], new() { ["DOTNET_TieredCompilation"] = "0" }),
            (TeachingPath, HostSetsMathNet, ["--managed-provider", "--single-thread"], []),
            (TeachingPath, HostSetsMathNet, ["--managed-provider", "--single-thread"], []),
            (TeachingPath, HostSetsMathNet, ["--managed-provider", "--single-thread"], []),
        })
        {
            gradChecks.Add((path, setting, ChildProcess.Self(["gradcheck", .. arguments], environment)));
        }

        if (readyToRun is not null)
        {
            for (int i = 0; i < 2; i++)
            {
                gradChecks.Add((FastPath, "ReadyToRun build", ChildProcess.Run(readyToRun, ["gradcheck", "--fast"])));
                gradChecks.Add((TeachingPath, "ReadyToRun build, MathNet managed and single-threaded", ChildProcess.Run(readyToRun, ["gradcheck", "--managed-provider", "--single-thread"])));
            }
        }

        Console.WriteLine("## Full gradient check (every entry of every derivative, central differences), tanh RNN N=50 M=16 T=10, fresh process");
        Console.WriteLine();
        Console.WriteLine("`FastGradChecks.Rnn` checks the fast path's `Step`; `ModelGradChecks.Rnn` the teaching `Forward` and `Backward`. Same entries, ε and pass rule.");
        Console.WriteLine();
        Console.WriteLine("| path | runtime setting | first call, ms | its CPU time, ms | its JIT time, ms (methods) | second call, ms | residual RNN after it, ms | entries | passed | process wall time, ms |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var (path, setting, result) in gradChecks)
        {
            Console.WriteLine(result is { } r
                ? $"| {path} | {setting} | {Ms(r, "first_ms")} | {Ms(r, "first_cpu_ms")} | {Ms(r, "first_jit_ms")} ({r.GetProperty("first_jit_methods")}) | {Ms(r, "second_ms")} " +
                  $"| {Ms(r, "residual_ms")} | {r.GetProperty("entries")} | {r.GetProperty("passed")} | {Ms(r, "process_ms")} |"
                : $"| {path} | {setting} | failed | | | | | | | |");
        }

        if (readyToRun is null)
        {
            Console.WriteLine();
            Console.WriteLine("(No ReadyToRun copy in artifacts/bench-r2r; bench/run.sh publishes one.)");
        }

        return gradChecks;
    }

    /// <summary>The target lines for the gradient check: median and minimum wall time of the first call, per path.</summary>
    private static void GradCheckTargets(List<(string Path, string Setting, JsonElement? Result)> gradChecks)
    {
        foreach (var (path, setting) in new[] { (FastPath, DefaultSettings), (TeachingPath, DefaultSettings), (TeachingPath, HostSetsMathNet) })
        {
            var firstCalls = gradChecks.Where(g => g.Path == path && g.Setting == setting && g.Result is not null).Select(g => g.Result!.Value).ToArray();
            if (firstCalls.Length == 0)
            {
                Console.WriteLine($"- gradient check ≤ 50 ms in a fresh process (first call), {path}, {setting}: failed");
                continue;
            }

            var wall = firstCalls.Select(f => f.GetProperty("first_ms").GetDouble()).Order().ToArray();
            double median = wall.Length % 2 == 1 ? wall[wall.Length / 2] : (wall[wall.Length / 2 - 1] + wall[wall.Length / 2]) / 2;
            Console.WriteLine($"- gradient check ≤ 50 ms in a fresh process (first call), {path}, {setting}: " +
                $"wall {string.Join(", ", firstCalls.Select(f => Ms(f, "first_ms")))} ms (median {median:0.0}, min {wall[0]:0.0}), " +
                $"CPU {string.Join(", ", firstCalls.Select(f => Ms(f, "first_cpu_ms")))} ms → {Met(median <= 50)} (median wall time)" +
                (path == FastPath ? "" : " (shown beside the target, which is judged on the fast path)"));
        }
    }

    /// <summary>numpy and PyTorch, each a child process, for the tanh and residual RNN at both scales.</summary>
    private static Dictionary<(string Model, string Scale, string Impl), Timing> References(bool quick)
    {
        var results = new Dictionary<(string, string, string), Timing>();
        string? directory = ScriptDirectory();
        if (directory is null || !File.Exists(Python))
        {
            Console.Error.WriteLine($"bench: {Python} or bench/rnn_numpy.py not found; the reference columns stay empty. Run bench/run.sh, which installs them.");
            return results;
        }

        var keepFreedMemory = new Dictionary<string, string>
        {
            ["MALLOC_MMAP_THRESHOLD_"] = "4294967296", ["MALLOC_TRIM_THRESHOLD_"] = "4294967296", ["MALLOC_TOP_PAD_"] = "268435456",
        };
        foreach (var (scale, N, M, T) in Scales)
        {
            bool course = scale == "course";
            string[] size = ["--N", $"{N}", "--M", $"{M}", "--T", $"{T}", "--inner", course ? "200" : "1", "--runs", quick ? "5" : course ? "30" : "20"];
            foreach (var (model, flag) in new[] { ("tanh RNN", Array.Empty<string>()), ("residual RNN", ["--residual"]) })
            {
                Add(model, scale, "numpy", Path.Combine(directory, "rnn_numpy.py"), [.. size, .. flag], null);
                Add(model, scale, "torch1", Path.Combine(directory, "rnn_torch.py"), [.. size, .. flag, "--threads", "1"], keepFreedMemory);
                if (model == "tanh RNN")
                {
                    Add(model, scale, "torch2", Path.Combine(directory, "rnn_torch.py"), [.. size, .. flag, "--threads", "2"], keepFreedMemory);
                    if (!course)
                    {
                        Add(model, scale, "torch1-default-malloc", Path.Combine(directory, "rnn_torch.py"), [.. size, .. flag, "--threads", "1", "--runs", "5"], null);
                    }
                }
            }
        }

        return results;

        void Add(string model, string scale, string impl, string script, string[] arguments, Dictionary<string, string>? environment)
        {
            if (ChildProcess.Run(Python, [script, .. arguments], environment) is { } json)
            {
                results[(model, scale, impl)] = new Timing(json.GetProperty("median_us").GetDouble(), json.GetProperty("min_us").GetDouble(), 0);
            }
        }
    }

    /// <summary>
    /// Fresh process: the first full gradient check counts, JIT and all. <paramref name="fast"/> checks the fast path's
    /// Step (<see cref="Backprop.Kernel.Fast.FastGradChecks"/>); otherwise the teaching Forward and Backward (<see cref="ModelGradChecks"/>).
    /// </summary>
    private static int GradCheckChild(bool fast, bool managedProvider, bool singleThread)
    {
        if (managedProvider)
        {
            // What <RuntimeHostConfigurationOption> in a host's project does: MathNet skips probing for MKL, CUDA, OpenBLAS.
            AppContext.SetSwitch("Switch.MathNet.Numerics.Providers.DisableNativeProviders", true);
        }

        if (singleThread)
        {
            MathNet.Numerics.Control.UseSingleThread(); // MathNet's loops run inline, without starting the thread pool
        }

        long processStart = Process.GetCurrentProcess().StartTime.ToUniversalTime().Ticks;
        int N = 50, M = 16, T = 10;
        var words = Words(N, T, seed: 5);
        var tanh = RecurrentModel.Random(N, M, Recurrence.Tanh, seed: 3, scale: 0.3);
        var residual = RecurrentModel.Random(N, M, Recurrence.Residual, seed: 3, scale: 0.3);
        var jitBefore = System.Runtime.JitInfo.GetCompilationTime();
        long methodsBefore = System.Runtime.JitInfo.GetCompiledMethodCount();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        long start = Stopwatch.GetTimestamp();
        var report = CheckTanh(tanh, words);
        double first = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        double firstCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds;
        double jitMs = (System.Runtime.JitInfo.GetCompilationTime() - jitBefore).TotalMilliseconds;
        long jitMethods = System.Runtime.JitInfo.GetCompiledMethodCount() - methodsBefore;
        start = Stopwatch.GetTimestamp();
        CheckTanh(tanh, words);
        double second = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        start = Stopwatch.GetTimestamp();
        var residualReport = fast ? FastGradChecks.Rnn(residual, words, target: 2) : ModelGradChecks.Rnn(residual, words, target: 2);
        double residualMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        double processMs = (DateTime.UtcNow.Ticks - processStart) / 1e4;
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            first_ms = first, first_cpu_ms = firstCpu, first_jit_ms = jitMs, first_jit_methods = jitMethods, second_ms = second, residual_ms = residualMs, process_ms = processMs,
            entries = report.Sum(r => r.EntriesChecked), passed = report.All(r => r.Passed), residual_passed = residualReport.All(r => r.Passed),
        }));
        return 0;

        GradCheckReport CheckTanh(RecurrentModel model, int[] sentence) =>
            fast ? FastGradChecks.Rnn(model, sentence, target: 2) : ModelGradChecks.Rnn(model, sentence, target: 2);
    }

    /// <summary>Fresh process: the ρ × T grid of gradient norms for both recurrences, first and second call.</summary>
    private static int HeatmapChild()
    {
        double Once()
        {
            long start = Stopwatch.GetTimestamp();
            foreach (var recurrence in new[] { Recurrence.Tanh, Recurrence.Residual })
            {
                GradientNormExperiment.Heatmap(recurrence, HeatmapRadii, HeatmapLengths, HeatmapSeeds);
            }

            return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        double first = Once();
        double second = Once();
        Console.WriteLine(JsonSerializer.Serialize(new { first_ms = first, second_ms = second }));
        return 0;
    }

    private static Matrix<double> We(int M, int N) => Weights.Gaussian(M, N, 0.5, seed: 1);

    private static Matrix<double> Wr(int M) => Weights.Gaussian(M, M, 0.5 / Math.Sqrt(M), seed: 2);

    private static Matrix<double> Wu(int N, int M) => Weights.Gaussian(N, M, 0.5, seed: 3);

    private static int[] Words(int N, int T, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, T).Select(_ => random.Next(N)).ToArray();
    }

    /// <summary>The ReadyToRun copy of this program that bench/run.sh publishes to artifacts/bench-r2r, if there is one.</summary>
    private static string? ReadyToRunCopy()
    {
        string? bench = ScriptDirectory();
        string? path = bench is null ? null : Path.Combine(bench, "..", "artifacts", "bench-r2r", "Backprop.Bench");
        return path is not null && File.Exists(path) ? Path.GetFullPath(path) : null;
    }

    private static string? ScriptDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, "bench");
            if (File.Exists(Path.Combine(candidate, "rnn_numpy.py")))
            {
                return candidate;
            }
        }

        return null;
    }

    private static string Format(Timing? timing) => timing is null ? "–" : $"{Number(timing.MedianUs)} / {Number(timing.MinUs)}";

    private static string Number(double us) => us switch
    {
        < 10 => us.ToString("0.00"),
        < 1000 => us.ToString("0.0"),
        _ => us.ToString("#,0"),
    };

    private static string Ratio(Timing? reference, Timing kernel) =>
        reference is null ? "–" : $"{reference.MedianUs / kernel.MedianUs:0.0}× ({reference.MinUs / kernel.MinUs:0.0}×)";

    private static string Ms(JsonElement json, string property) => json.GetProperty(property).GetDouble().ToString("0.0");

    private static string Met(bool met) => met ? "**met**" : "**not met**";

    private static string CpuModel() =>
        File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"))?.Split(':', 2)[1].Trim() ?? "unknown CPU"
            : "unknown CPU";

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
