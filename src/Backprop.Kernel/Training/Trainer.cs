using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Kernel;

/// <summary>
/// Gradient ascent on J for a <see cref="RecurrentModel"/> on the <see cref="KeyWordTask"/>: each update averages
/// <see cref="RecurrentModel.Backward"/>, assembled from the boxes passed in (a student's), over a batch, stacks ∂J/∂Wu,
/// ∂J/∂Wr and ∂J/∂We into one vector, clips it with the function passed in and takes θ ← θ + η·clip(∂J/∂θ). A
/// read-out-only run uses ∂J/∂Wu alone. Accuracy is measured with forward passes only. Deterministic for a given seed.
/// </summary>
public static class Trainer
{
    /// <summary>Trains <paramref name="model"/> in place and returns what was measured along the way.</summary>
    /// <param name="model">The model to train; its weights change.</param>
    /// <param name="task">The task (N must equal the model's N).</param>
    /// <param name="options">Steps, batch, learning rate, clipping threshold, seeds, read-out only or not.</param>
    /// <param name="clip">(gradient, c) ↦ clipped gradient, e.g. a student's clip_gradient.</param>
    /// <param name="boxes">The boxes of the backward pass, e.g. a student's.</param>
    public static TrainingRun Train(RecurrentModel model, KeyWordTask task, TrainingOptions options, Func<Vector<double>, double, Vector<double>> clip, RecurrentBoxes boxes)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clip);
        ArgumentNullException.ThrowIfNull(boxes);
        options.Validate();
        task.Validate();
        if (task.N != model.N)
        {
            throw new ArgumentException($"The task has N = {task.N} words but the model reads N = {model.N}.", nameof(task));
        }

        var test = TestSet(task, options);
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

        var probe = test.Take(Math.Min(50, test.Count)).ToArray();
        var (keyBefore, sharesBefore) = options.ReadoutOnly ? (double.NaN, Nan(task.T)) : Probe(model, probe, boxes);
        Evaluate(0);
        var norms = new double[options.Steps];
        int P = options.ReadoutOnly ? model.N * model.M : model.N * model.M + model.M * model.M + model.M * model.N;
        for (int s = 0; s < options.Steps; s++)
        {
            var (dWu, dWr, dWe) = (Matrix<double>.Build.Dense(model.N, model.M), Matrix<double>.Build.Dense(model.M, model.M), Matrix<double>.Build.Dense(model.M, model.N));
            for (int b = 0; b < options.BatchSize; b++)
            {
                var example = train[s * options.BatchSize + b];
                var trace = model.Forward(example.Words, example.Target);
                if (options.ReadoutOnly)
                {
                    dWu.Add(boxes.dJ_dWu(boxes.dJ_ds(trace.Y, trace.P), trace.Hs[trace.T]), dWu);
                }
                else
                {
                    var grads = model.Backward(trace, boxes);
                    dWu.Add(grads.dWu, dWu);
                    dWr.Add(grads.dWr, dWr);
                    dWe.Add(grads.dWe, dWe);
                }
            }

            var gradient = options.ReadoutOnly ? Stack(dWu) : Stack(dWu, dWr, dWe);
            gradient /= options.BatchSize; // ∂(mean J)/∂θ
            norms[s] = gradient.L2Norm();
            // c = +∞ means no clipping: the clipping function is not asked (c/‖g‖ would be ∞/∞ in many a correct form).
            var clipped = double.IsPositiveInfinity(options.MaxNorm) ? gradient : clip(gradient, options.MaxNorm);
            if (clipped is null || clipped.Count != P || clipped.Any(v => !double.IsFinite(v)))
            {
                string what = clipped is null ? "null" : clipped.Count != P ? $"a vector of length {clipped.Count}" : $"a vector with NaN or ∞ in it (for ‖g‖ = {norms[s]:G4} and c = {options.MaxNorm:G4})";
                throw new InvalidOperationException($"The clipping function returned {what}; it must return a finite vector of the gradient's length {P}.");
            }

            if (options.ReadoutOnly)
            {
                AddTo(options.LearningRate * clipped, model.Wu); // ascent: J goes up
            }
            else
            {
                AddTo(options.LearningRate * clipped, model.Wu, model.Wr, model.We);
            }

            if ((s + 1) % options.EvaluateEvery == 0 || s + 1 == options.Steps)
            {
                Evaluate(s + 1);
            }
        }

        var (keyAfter, sharesAfter) = options.ReadoutOnly ? (double.NaN, Nan(task.T)) : Probe(model, probe, boxes);
        double control = Measure(model, task.WithWordInFront(test, options.Seed + 2_000_003)).Accuracy;
        return new TrainingRun(model.Recurrence.Name, task.T, evaluatedAt, accuracy, meanJ, norms, control, keyBefore, keyAfter, sharesBefore, sharesAfter);
    }

    /// <summary>The held-out sequences a run with <paramref name="options"/> measures accuracy on (never trained on).</summary>
    /// <param name="task">The task.</param>
    /// <param name="options">The options (TestSize and Seed).</param>
    public static IReadOnlyList<KeyExample> TestSet(KeyWordTask task, TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(options);
        return task.Sample(options.TestSize, options.Seed + 1_000_003);
    }

    /// <summary>Test accuracy (argmax p = y) and mean J, from forward passes only.</summary>
    /// <param name="model">The model.</param>
    /// <param name="examples">The sequences and targets.</param>
    public static (double Accuracy, double MeanJ) Measure(RecurrentModel model, IReadOnlyList<KeyExample> examples)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(examples);
        int M = model.M, N = model.N;
        double[] We = model.We.ToColumnMajorArray(), Wr = model.Wr.ToColumnMajorArray(), Wu = model.Wu.ToColumnMajorArray();
        double carry = model.Recurrence.Carry, gain = model.Recurrence.Gain;
        var h = new double[M];
        var g = new double[M];
        var s = new double[N];
        int right = 0;
        double sumJ = 0;
        foreach (var example in examples)
        {
            Guard.Words(example.Words, N, nameof(examples));
            Array.Clear(h);
            foreach (int word in example.Words)
            {
                Array.Copy(We, word * M, g, 0, M); // g = We x_t + Wr h_{t−1} (column-major: column j starts at j·M)
                for (int j = 0; j < M; j++)
                {
                    Axpy(h[j], Wr.AsSpan(j * M, M), g);
                }

                for (int i = 0; i < M; i++)
                {
                    h[i] = carry * h[i] + gain * Tanh(g[i]);
                }
            }

            Array.Clear(s);
            for (int j = 0; j < M; j++)
            {
                for (int i = 0; i < N; i++)
                {
                    s[i] += Wu[j * N + i] * h[j];
                }
            }

            double max = s.Max();
            double logSum = max + Math.Log(s.Sum(v => Math.Exp(v - max)));
            right += Array.IndexOf(s, max) == example.Target ? 1 : 0;
            sumJ += s[example.Target] - logSum; // J = log p_y
        }

        return (right / (double)examples.Count, sumJ / examples.Count);
    }

    /// <summary>
    /// The normalised gradient measures of <see cref="TrainingRun"/> over <paramref name="examples"/>, from the backward pass
    /// assembled from <paramref name="boxes"/>: the median of log₁₀(‖∂J/∂h_p‖ / ‖∂J/∂h_T‖), and each step's mean share of
    /// the changes in ∂J/∂Wr, step t's change being the dJ_dWr box of <paramref name="boxes"/> over the steps up to t minus
    /// the box over the steps up to t − 1.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="examples">Sequences of one length T.</param>
    /// <param name="boxes">The boxes, e.g. a student's.</param>
    public static (double KeyGradient, double[] WrChangeShares) Probe(RecurrentModel model, IReadOnlyList<KeyExample> examples, RecurrentBoxes boxes)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(boxes);
        int T = examples[0].Words.Length;
        var shares = new double[T];
        var ratios = new List<double>();
        foreach (var example in examples)
        {
            var trace = model.Forward(example.Words, example.Target);
            var dhs = model.Backward(trace, boxes).dhs;
            ratios.Add(Math.Log10(dhs[example.KeyPosition].L2Norm() / dhs[T].L2Norm()));
            var changes = JacobianProbe.StepChangeNorms(boxes.dJ_dWr, trace.Gs, trace.Hs, dhs);
            double sum = changes.Sum();
            for (int t = 0; t < T; t++)
            {
                shares[t] += changes[t] / sum / examples.Count;
            }
        }

        return (SeedBand.Quantile(ratios.Order().ToArray(), 0.5), shares);
    }

    /// <summary>y += a·x, Vector&lt;double&gt; lanes at a time.</summary>
    private static void Axpy(double a, ReadOnlySpan<double> x, Span<double> y)
    {
        int i = 0;
        if (System.Numerics.Vector.IsHardwareAccelerated)
        {
            var av = new System.Numerics.Vector<double>(a);
            for (int width = System.Numerics.Vector<double>.Count; i <= x.Length - width; i += width)
            {
                (new System.Numerics.Vector<double>(x[i..]) * av + new System.Numerics.Vector<double>(y[i..])).CopyTo(y[i..]);
            }
        }

        for (; i < x.Length; i++)
        {
            y[i] += a * x[i];
        }
    }

    /// <summary>tanh by one exp, (1 − e^{−2|v|}) / (1 + e^{−2|v|}) with v's sign: within a few 1e-16 of Math.Tanh, and faster.</summary>
    private static double Tanh(double v)
    {
        double e = Math.Exp(-2.0 * Math.Abs(v));
        return Math.CopySign((1.0 - e) / (1.0 + e), v);
    }

    private static double[] Nan(int T) => Enumerable.Repeat(double.NaN, T).ToArray();

    /// <summary>[vec(W₁); vec(W₂); …], column-major.</summary>
    private static Vector<double> Stack(params Matrix<double>[] matrices) =>
        Vector<double>.Build.DenseOfArray(matrices.SelectMany(W => W.ToColumnMajorArray()).ToArray());

    private static void AddTo(Vector<double> delta, params Matrix<double>[] matrices)
    {
        int offset = 0;
        foreach (var W in matrices)
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
