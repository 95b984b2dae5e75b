using System.Diagnostics;
using Backprop.Kernel;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Bench;

/// <summary>
/// Notebook 03's chart computations and notebook 04's training grid, with the library's boxes in place of a student's:
/// wall time median / min over repeated runs, and the process CPU time of the same runs (on a loaded machine the CPU
/// time is the better estimate of a quiet machine's wall time). Run: <c>Backprop.Bench problem3 [repeats]</c>.
/// </summary>
internal static class Problem3Bench
{
    private static readonly int[] Seeds = Enumerable.Range(1, 10).ToArray();

    public static int Run(int repeats)
    {
        var blends = new[] { Recurrence.Tanh, Recurrence.Residual, Recurrence.Leaky(0.25) };
        double[] radii = [0.25, 0.5, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 2.0, 2.5, 3.0, 4.0];
        var parts = new (string Name, Action Work)[]
        {
            ("03 · forward pass and gradient bands (3 × 10 seeds, T = 100)", () =>
                { foreach (var b in blends) { JacobianProbe.Seeds(b, 1.0, 100, Seeds, Boxes.P3.For(b).dJ_dhPrev, Boxes.P3.dJ_dhs, detail: JacobianDetail.None, dJ_dg: Boxes.P3.For(b).dJ_dg, dJ_dWr: Boxes.P3.For(b).dJ_dWr); } }),
            ("03 · W_r = −I counterexample (3 runs, T = 30)", () =>
                { foreach (double s in new[] { 0.01, 0.1, 1.0 }) { JacobianProbe.Run(Recurrence.Residual, -Matrix<double>.Build.DenseIdentity(16), 30, 1, Boxes.P3.dJ_dhPrev_residual, Boxes.P3.dJ_dhs, new GradientNormSetup(InputScale: s), JacobianDetail.FirstStepOnly); } }),
            ("03 · rate against ρ (3 × 12 radii × 10 seeds, T = 50)", () =>
                { foreach (var b in blends) { JacobianProbe.Rates(b, radii, 50, Seeds, Boxes.P3.For(b).dJ_dhPrev, Boxes.P3.dJ_dhs); } }),
            ("03 · singular-value spectra (2 × 2 lengths × 10 seeds)", () =>
                { foreach (int T in new[] { 10, 50 }) { foreach (var b in blends.Take(2)) { JacobianProbe.Seeds(b, 1.0, T, Seeds, Boxes.P3.For(b).dJ_dhPrev, Boxes.P3.dJ_dhs, detail: JacobianDetail.FirstStepOnly); } } }),
            ("03 · terms of ∂J/∂W_r (10 seeds, T = 30)", () =>
                JacobianProbe.Seeds(Recurrence.Tanh, 1.0, 30, Seeds, Boxes.P3.dJ_dhPrev_tanh, Boxes.P3.dJ_dhs, detail: JacobianDetail.None, dJ_dg: Boxes.P3.For(Recurrence.Tanh).dJ_dg, dJ_dWr: Boxes.P3.For(Recurrence.Tanh).dJ_dWr)),
            ("04 · training: 120 runs (2 lengths × 3 models × trained / read-out only × 10 seeds) + 30 unclipped", TrainingGrid),
        };

        Console.WriteLine($"# Notebooks 03 and 04: compute per chart, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, load average {LoadAverage()}");
        Console.WriteLine();
        Console.WriteLine("| part | wall median (s) | wall min (s) | CPU per run (s) | runs |");
        Console.WriteLine("|---|---|---|---|---|");
        var process = Process.GetCurrentProcess();
        foreach (var (name, work) in parts)
        {
            work(); // warm-up
            var walls = new List<double>();
            process.Refresh();
            var cpuStart = process.TotalProcessorTime;
            for (int i = 0; i < repeats; i++)
            {
                long start = Stopwatch.GetTimestamp();
                work();
                walls.Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
            }

            process.Refresh();
            double cpu = (process.TotalProcessorTime - cpuStart).TotalSeconds / repeats;
            var sorted = walls.Order().ToArray();
            Console.WriteLine($"| {name} | {sorted[sorted.Length / 2]:F2} | {sorted[0]:F2} | {cpu:F2} | {repeats} |");
        }

        return 0;
    }

    /// <summary>Notebook 04's runs: 2 lengths × 3 models × (trained, read-out only) × 10 seeds, and 3 unclipped step sizes × 10 seeds, spread over the cores as the notebook does.</summary>
    private static void TrainingGrid()
    {
        const int N = 8, K = 4, M = 16;
        RecurrentModel Start(Recurrence blend, int seed) => new(
            Weights.Gaussian(M, N, 1.0, 10 * seed + 1), Weights.ScaledOrthogonal(M, 1.0, 10 * seed + 2), Weights.Gaussian(N, M, 1.0 / Math.Sqrt(M), 10 * seed + 3), blend);
        var options = new TrainingOptions(Steps: 200, BatchSize: 8, LearningRate: 0.3, MaxNorm: 1.0, EvaluateEvery: 25, TestSize: 1000);
        var jobs = (from T in new[] { 10, 20 }
                    from blend in new[] { Recurrence.Tanh, Recurrence.Residual, Recurrence.Leaky(0.25) }
                    from readoutOnly in new[] { false, true }
                    from seed in Seeds
                    select (T, blend, options: options with { Seed = seed, ReadoutOnly = readoutOnly }, seed))
            .Concat(from eta in new[] { 0.01, 0.03, 0.1 }
                    from seed in Seeds
                    select (T: 10, blend: Recurrence.Residual, options: options with { Seed = seed, LearningRate = eta, MaxNorm = double.PositiveInfinity }, seed))
            .ToArray();
        jobs.AsParallel().AsOrdered()
            .Select(j => Trainer.Train(Start(j.blend, j.seed), new KeyWordTask(N, K, j.T), j.options, Boxes.P4.clip_gradient, Boxes.P3.For(j.blend)))
            .ToArray();
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
