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
        var blends = new[] { Blend.Tanh, Blend.Residual, Blend.Leaky(0.25) };
        double[] radii = [0.25, 0.5, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 2.0, 2.5, 3.0, 4.0];
        var parts = new (string Name, Action Work)[]
        {
            ("03 · forward pass and gradient bands (3 × 10 seeds, T = 100)", () =>
                { foreach (var b in blends) { JacobianProbe.Seeds(b, 1.0, 100, Seeds, RecurrentBoxes.LibraryStep(b), detail: JacobianDetail.None, weightSum: Boxes.P3.dJ_dWr_residual); } }),
            ("03 · W_r = −I counterexample (3 runs, T = 30)", () =>
                { foreach (double s in new[] { 0.01, 0.1, 1.0 }) { JacobianProbe.Run(Blend.Residual, -Matrix<double>.Build.DenseIdentity(16), 30, 1, Boxes.P3.dJ_dhPrev_residual, new GradientNormSetup(InputScale: s), JacobianDetail.FirstStepOnly); } }),
            ("03 · rate against ρ (3 × 12 radii × 10 seeds, T = 50)", () =>
                { foreach (var b in blends) { JacobianProbe.Rates(b, radii, 50, Seeds, RecurrentBoxes.LibraryStep(b)); } }),
            ("03 · singular-value spectra (2 × 2 lengths × 10 seeds)", () =>
                { foreach (int T in new[] { 10, 50 }) { foreach (var b in blends.Take(2)) { JacobianProbe.Seeds(b, 1.0, T, Seeds, RecurrentBoxes.LibraryStep(b), detail: JacobianDetail.FirstStepOnly); } } }),
            ("03 · terms of ∂J/∂W_r (10 seeds, T = 30)", () =>
                JacobianProbe.Seeds(Blend.Tanh, 1.0, 30, Seeds, Boxes.P3.dJ_dhPrev_tanh, detail: JacobianDetail.None, weightSum: Boxes.P3.dJ_dWr_residual)),
            ("04 · training grid (4 lengths × 3 models × 2 seeds) + unclipped run", TrainingGrid),
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

    private static void TrainingGrid()
    {
        const int N = 8, M = 16;
        BlendedRnn Start(Blend blend, int seed) => new(
            Weights.Gaussian(M, N, 1.0, 10 * seed + 1), Weights.ScaledOrthogonal(M, 1.0, 10 * seed + 2), Weights.Gaussian(N, M, 1.0 / Math.Sqrt(M), 10 * seed + 3), blend);
        var options = new TrainingOptions(Steps: 250, BatchSize: 8, LearningRate: 1.0, MaxNorm: 1.0, EvaluateEvery: 50, TestSize: 100);
        foreach (int T in new[] { 5, 10, 20, 50 })
        {
            foreach (var blend in new[] { Blend.Tanh, Blend.Residual, Blend.Leaky(0.25) })
            {
                foreach (int seed in new[] { 1, 2 })
                {
                    Trainer.Train(Start(blend, seed), new FirstWordTask(N, T), options with { Seed = seed }, Boxes.P4.clip_gradient);
                }
            }
        }

        Trainer.Train(Start(Blend.Residual, 1), new FirstWordTask(N, 50), options with { Seed = 1, MaxNorm = double.PositiveInfinity }, Boxes.P4.clip_gradient);
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
