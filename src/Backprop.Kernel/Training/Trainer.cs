using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Kernel;

/// <summary>
/// Gradient ascent on J for a <see cref="BlendedRnn"/> on the <see cref="FirstWordTask"/>: each update averages
/// <see cref="BlendedRnn.Backward"/> over a batch, stacks ∂J/∂Wu, ∂J/∂Wr and ∂J/∂We into one vector, clips it with
/// the given function and takes θ ← θ + η·clip(∂J/∂θ). Deterministic for a given seed.
/// </summary>
public static class Trainer
{
    /// <summary>Trains <paramref name="model"/> in place and returns what was measured along the way.</summary>
    /// <param name="model">The model to train; its weights change.</param>
    /// <param name="task">The task (N must equal the model's N).</param>
    /// <param name="options">Steps, batch, learning rate, clipping threshold, seeds.</param>
    /// <param name="clip">(gradient, c) ↦ clipped gradient, e.g. a student's clip_gradient.</param>
    /// <param name="boxes">The boxes of the backward pass, e.g. a student's; null for the library's.</param>
    public static TrainingRun Train(BlendedRnn model, FirstWordTask task, TrainingOptions options, Func<Vector<double>, double, Vector<double>> clip, RecurrentBoxes? boxes = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clip);
        options.Validate();
        task.Validate();
        if (task.N != model.N)
        {
            throw new ArgumentException($"The task has N = {task.N} words but the model reads N = {model.N}.", nameof(task));
        }

        var test = task.Sample(options.TestSize, options.Seed + 1_000_003);
        var train = task.Sample(options.Steps * options.BatchSize, options.Seed);
        var evaluatedAt = new List<int>();
        var accuracy = new List<double>();
        var meanJ = new List<double>();
        void Evaluate(int at)
        {
            var (a, j) = Measure(model, test);
            evaluatedAt.Add(at);
            accuracy.Add(a);
            meanJ.Add(j);
        }

        var probe = test.Take(Math.Min(50, test.Count)).ToArray(); // the ∂J/∂Wr terms are averaged over the first 50 test sequences
        var before = WrTerms(model, probe, boxes);
        Evaluate(0);
        var norms = new double[options.Steps];
        int P = model.Wu.RowCount * model.M + model.M * model.M + model.M * model.N;
        for (int s = 0; s < options.Steps; s++)
        {
            var gradient = Vector<double>.Build.Dense(P);
            for (int b = 0; b < options.BatchSize; b++)
            {
                var (words, target) = train[s * options.BatchSize + b];
                var grads = model.Backward(model.Forward(words, target), boxes);
                gradient += Stack(grads.dWu, grads.dWr, grads.dWe);
            }

            gradient /= options.BatchSize; // ∂(mean J)/∂θ
            norms[s] = gradient.L2Norm();
            var clipped = clip(gradient, options.MaxNorm);
            if (clipped is null || clipped.Count != P || clipped.Any(v => !double.IsFinite(v)))
            {
                throw new InvalidOperationException($"The clipping function returned {(clipped is null ? "null" : $"a vector of length {clipped.Count}")}; it must return a finite vector of the gradient's length {P}.");
            }

            AddTo(model, options.LearningRate * clipped); // ascent: J goes up
            if ((s + 1) % options.EvaluateEvery == 0 || s + 1 == options.Steps)
            {
                Evaluate(s + 1);
            }
        }

        return new TrainingRun(model.Blend.Name, task.T, evaluatedAt, accuracy, meanJ, norms, before, WrTerms(model, probe, boxes));
    }

    /// <summary>Test accuracy (argmax p = y) and mean J.</summary>
    /// <param name="model">The model.</param>
    /// <param name="examples">The sequences and targets.</param>
    public static (double Accuracy, double MeanJ) Measure(BlendedRnn model, IReadOnlyList<(int[] Words, int Target)> examples)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(examples);
        int right = 0;
        double sumJ = 0;
        foreach (var (words, target) in examples)
        {
            var trace = model.Forward(words, target);
            right += trace.P.MaximumIndex() == target ? 1 : 0;
            sumJ += trace.J;
        }

        return (right / (double)examples.Count, sumJ / examples.Count);
    }

    /// <summary>‖∂J/∂g_t h_{t−1}ᵀ‖_F = ‖∂J/∂g_t‖·‖h_{t−1}‖ for t = 1..T (t = 1 is 0: h_0 = 0), the terms of ∂J/∂Wr, averaged over the examples.</summary>
    /// <param name="model">The model.</param>
    /// <param name="examples">The sequences and targets (all of one length T).</param>
    /// <param name="boxes">The boxes of the backward pass; null for the library's.</param>
    public static double[] WrTerms(BlendedRnn model, IReadOnlyList<(int[] Words, int Target)> examples, RecurrentBoxes? boxes = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(examples);
        int T = examples[0].Words.Length;
        var terms = new double[T];
        foreach (var (words, target) in examples)
        {
            var trace = model.Forward(words, target);
            var dhs = model.Backward(trace, boxes).dhs;
            for (int t = 1; t <= T; t++)
            {
                var dg = model.Blend.Gain * BlendedRnn.TanhDerivative(trace.Gs[t]).PointwiseMultiply(dhs[t]); // ∂J/∂g_t
                terms[t - 1] += dg.L2Norm() * trace.Hs[t - 1].L2Norm() / examples.Count;
            }
        }

        return terms;
    }

    /// <summary>[vec(Wu); vec(Wr); vec(We)], column-major.</summary>
    private static Vector<double> Stack(Matrix<double> Wu, Matrix<double> Wr, Matrix<double> We) =>
        Vector<double>.Build.DenseOfEnumerable(Wu.ToColumnMajorArray().Concat(Wr.ToColumnMajorArray()).Concat(We.ToColumnMajorArray()));

    private static void AddTo(BlendedRnn model, Vector<double> delta)
    {
        int offset = 0;
        foreach (var W in new[] { model.Wu, model.Wr, model.We })
        {
            for (int j = 0; j < W.ColumnCount; j++)
            {
                for (int i = 0; i < W.RowCount; i++)
                {
                    W[i, j] += delta[offset++];
                }
            }
        }
    }
}
