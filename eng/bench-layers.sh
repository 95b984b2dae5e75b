#!/usr/bin/env bash
# What each isolation layer costs on its own: publishes the grader once, then runs eng/bench-grading.sh with every
# layer, with each layer left out in turn (BACKPROP_SANDBOX_WITHOUT, an instructor-only setting for benchmarks), and
# with none. A layer's cost is the time with every layer less the time without it. Prints every run's numbers, then one
# table of medians and minima; it asserts nothing.
#   eng/bench-layers.sh [submission.ipynb] [count] [single runs]   (as eng/bench-grading.sh, with one batch run)
# BENCH_GRADER=<folder> reuses a grader eng/publish-grader.sh published there.
set -euo pipefail
cd "$(dirname "$0")/.."
# The arguments of eng/bench-grading.sh, which runs each configuration.
BENCH=("$(realpath "${1:-tests/Backprop.Grading.Tests/Fixtures/solution.ipynb}")" "${2:-200}" "${3:-7}" 1)
WORK="$(mktemp -d -t backprop-bench-layers-XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
if [ -n "${BENCH_GRADER:-}" ]; then
  GRADER_DIR="$(realpath "$BENCH_GRADER")"   # published already (the sandbox uids must be able to reach it)
else
  echo "bench-layers: publishing the grader as setup.sh does (eng/publish-grader.sh)…"
  bash eng/publish-grader.sh "$WORK/grader" >/dev/null
  chmod a+rx "$WORK"
  GRADER_DIR="$WORK/grader"
fi

# Namespaces carries the minimal root with it (a minimal root needs a mount namespace).
CONFIGS=("" UnprivilegedUser "Namespaces,MinimalRoot" MinimalRoot ResourceLimits SyscallFilter "UnprivilegedUser,Namespaces,MinimalRoot,ResourceLimits,SyscallFilter")
TABLE="$WORK/table"
for without in "${CONFIGS[@]}"; do
  echo "bench-layers: without ${without:-nothing}"
  out="$(BENCH_GRADER="$GRADER_DIR" BACKPROP_SANDBOX_WITHOUT="$without" bash eng/bench-grading.sh "${BENCH[@]}")"
  echo "$out"
  single="$(grep 'one submission, warm cache: median' <<<"$out" | sed -E 's/.*median ([0-9.]+) s, minimum ([0-9.]+) s.*/\1 \2/')"
  batch="$(grep 'submissions on .* median' <<<"$out" | sed -E 's/.*median ([0-9.]+) s, minimum ([0-9.]+) s.*/\1/')"
  echo "${without:-nothing} $single $batch" >> "$TABLE"
done

echo "bench-layers: load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "bench-layers: one submission (median and minimum of ${BENCH[2]} warm runs) and ${BENCH[1]} submissions (one run), in seconds;"
echo "bench-layers: a layer's cost is the median with every layer less the median without it"
awk 'NR == 1 { all1 = $2; allN = $4 }
     { printf "%-70s one: median %5.2f min %5.2f  cost %+5.2f | %s: %6.2f  cost %+6.2f\n", "without " $1, $2, $3, all1 - $2, "'"${BENCH[1]}"'", $4, allN - $4 }' "$TABLE"
