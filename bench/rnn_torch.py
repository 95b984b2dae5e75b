"""One forward+backward step of the tanh (or residual) RNN with PyTorch autograd on the CPU, float64.

g_t = We[:, x_t] + Wr h_{t-1} (the columns We[:, x_t] gathered once with index_select), h_t = tanh(g_t) (+ h_{t-1}), s = Wu h_T, J = log_softmax(s)[y], then
J.backward() for dJ/dWe, dJ/dWr, dJ/dWu. N vocabulary size, M hidden size, T steps.
Prints one JSON line of timings.
"""
import argparse
import json
import time

import torch


def step(We, Wr, Wu, words, target, residual):
    for weight in (We, Wr, Wu):
        weight.grad = None
    h = torch.zeros(Wr.shape[0], dtype=torch.float64)
    inputs = We.index_select(1, words)  # We x_t for every t in one gather; its backward scatters into dJ/dWe once
    for t in range(inputs.shape[1]):
        a = torch.tanh(inputs[:, t] + Wr @ h)
        h = a + h if residual else a
    J = torch.log_softmax(Wu @ h, dim=0)[target]
    J.backward()
    return J


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--N", type=int, required=True)
    parser.add_argument("--M", type=int, required=True)
    parser.add_argument("--T", type=int, required=True)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--inner", type=int, default=1)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--residual", action="store_true")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    generator = torch.Generator().manual_seed(1)

    def weight(rows, columns, scale):
        return (torch.randn(rows, columns, dtype=torch.float64, generator=generator) * scale).requires_grad_()

    We = weight(args.M, args.N, 0.5)
    Wr = weight(args.M, args.M, 0.5 / args.M ** 0.5)
    Wu = weight(args.N, args.M, 0.5)
    words = torch.randint(0, args.N, (args.T,), generator=generator)
    target = int(torch.randint(0, args.N, (1,), generator=generator))
    for _ in range(args.warmup):
        step(We, Wr, Wu, words, target, args.residual)
    times = []
    for _ in range(args.runs):
        start = time.perf_counter_ns()
        for _ in range(args.inner):
            step(We, Wr, Wu, words, target, args.residual)
        times.append((time.perf_counter_ns() - start) / args.inner / 1000.0)
    times.sort()
    print(json.dumps({"impl": f"PyTorch {torch.__version__} ({args.threads} thread{'s' if args.threads > 1 else ''})",
                      "median_us": times[len(times) // 2], "min_us": times[0]}))


if __name__ == "__main__":
    main()
