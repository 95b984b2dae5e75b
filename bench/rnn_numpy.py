"""One forward+backward step of the tanh (or residual) RNN in numpy, min-char-rnn style.

g_t = We[:, x_t] + Wr h_{t-1} (the one-hot input is an index), h_t = tanh(g_t) (+ h_{t-1}),
s = Wu h_T, p = softmax(s), J = log p_y; then every gradient of J, with fresh gradient arrays per step
as in min-char-rnn. N vocabulary size, M hidden size, T steps. Prints one JSON line of timings.
"""
import argparse
import json
import time

import numpy as np


def step(We, Wr, Wu, words, target, residual):
    M = Wr.shape[0]
    hs = {0: np.zeros(M)}
    tanhs = {}
    for t, x in enumerate(words, start=1):
        tanhs[t] = np.tanh(We[:, x] + Wr @ hs[t - 1])
        hs[t] = tanhs[t] + hs[t - 1] if residual else tanhs[t]
    s = Wu @ hs[len(words)]
    s_max = s.max()
    e = np.exp(s - s_max)
    z = e.sum()
    p = e / z
    J = s[target] - s_max - np.log(z)
    ds = -p
    ds[target] += 1.0  # y - p
    dWu = np.outer(ds, hs[len(words)])
    dh = Wu.T @ ds
    dWr = np.zeros_like(Wr)
    dWe = np.zeros_like(We)
    for t in range(len(words), 0, -1):
        dg = (1.0 - tanhs[t] * tanhs[t]) * dh
        dWe[:, words[t - 1]] += dg
        dWr += np.outer(dg, hs[t - 1])
        dh = Wr.T @ dg + (dh if residual else 0.0)
    return J, dWu, dWr, dWe, dh


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--N", type=int, required=True)
    parser.add_argument("--M", type=int, required=True)
    parser.add_argument("--T", type=int, required=True)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--inner", type=int, default=1)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--residual", action="store_true")
    args = parser.parse_args()
    rng = np.random.default_rng(1)
    We = rng.normal(0, 0.5, (args.M, args.N))
    Wr = rng.normal(0, 0.5 / np.sqrt(args.M), (args.M, args.M))
    Wu = rng.normal(0, 0.5, (args.N, args.M))
    words = [int(w) for w in rng.integers(0, args.N, args.T)]
    target = int(rng.integers(0, args.N))
    for _ in range(args.warmup):
        step(We, Wr, Wu, words, target, args.residual)
    times = []
    for _ in range(args.runs):
        start = time.perf_counter_ns()
        for _ in range(args.inner):
            step(We, Wr, Wu, words, target, args.residual)
        times.append((time.perf_counter_ns() - start) / args.inner / 1000.0)
    times.sort()
    print(json.dumps({"impl": "numpy " + np.__version__, "median_us": times[len(times) // 2], "min_us": times[0]}))


if __name__ == "__main__":
    main()
