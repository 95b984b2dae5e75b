#!/usr/bin/env bash
# Benchmark of the grader with isolation on (compile and run children, all OS layers this machine allows):
# one submission with a warm cache (target <= 1 s) and a batch of 200 submissions (target <= 60 s on 2 cores).
# Prints every measured time, then the median and the minimum side by side; it asserts nothing.
#   eng/bench-grading.sh [submission.ipynb] [count] [single runs] [batch runs]
# BENCH_GRADER=<folder> reuses a grader eng/publish-grader.sh published there (eng/bench-layers.sh does).
set -euo pipefail
cd "$(dirname "$0")/.."
SUBMISSION="$(realpath "${1:-tests/Backprop.Grading.Tests/Fixtures/solution.ipynb}")"
COUNT="${2:-200}"
SINGLE_RUNS="${3:-7}"
BATCH_RUNS="${4:-3}"
WORK="$(mktemp -d -t backprop-bench-XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

if [ -n "${BENCH_GRADER:-}" ]; then
  GRADER=(dotnet "$(realpath "$BENCH_GRADER")/backprop.dll")
else
  echo "bench: publishing the grader as setup.sh does (eng/publish-grader.sh; pass PUBLISH_FLAGS=--no-composite to leave out the self-contained sandbox)…"
  bash eng/publish-grader.sh "$WORK/grader" ${PUBLISH_FLAGS:-} >/dev/null
  chmod a+rx "$WORK"   # the children may traverse it; eng/publish-grader.sh set what they may read in the grader
  GRADER=(dotnet "$WORK/grader/backprop.dll")
fi
# Graded from outside the repository, as run_autograder does on Gradescope (no instructor notebooks, so no rubrics).
cd "$WORK"

seconds() { awk -v s="$1" -v e="$2" 'BEGIN { printf "%.2f", (e - s) / 1e9 }'; }
stats() { sort -g | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "median %.2f s, minimum %.2f s (%d runs)", m, v[1], NR }'; }

echo "bench: load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
"${GRADER[@]}" grade "$SUBMISSION" --out "$WORK/single" 2>&1 | grep 'isolation\|warning' || true   # warm-up; prints the layers once
times=()
for _ in $(seq "$SINGLE_RUNS"); do
  start=$(date +%s%N)
  "${GRADER[@]}" grade "$SUBMISSION" --out "$WORK/single" >/dev/null 2>&1
  end=$(date +%s%N)
  times+=("$(seconds "$start" "$end")")
done
echo "bench: one submission, warm cache: ${times[*]} s"
echo "bench: one submission, warm cache: $(printf '%s\n' "${times[@]}" | stats) (target <= 1 s)"

# A class of COUNT submissions: a third correct, a third with a sign flip, a third missing the direct path.
mkdir -p "$WORK/class"
for i in $(seq -w 1 "$COUNT"); do
  case $((10#$i % 3)) in
    0) cp "$SUBMISSION" "$WORK/class/student$i.ipynb" ;;
    1) sed 's/    return error;/    return -error;/' "$SUBMISSION" > "$WORK/class/student$i.ipynb" ;;
    2) sed 's/return throughTanh + dJ_dh_t;/return throughTanh;/' "$SUBMISSION" > "$WORK/class/student$i.ipynb" ;;
  esac
done
batch=()
for _ in $(seq "$BATCH_RUNS"); do
  rm -rf "$WORK/class-out"
  start=$(date +%s%N)
  "${GRADER[@]}" grade "$WORK/class" --out "$WORK/class-out" --jobs "$(nproc)" >/dev/null 2>&1 || true
  end=$(date +%s%N)
  batch+=("$(seconds "$start" "$end")")
  echo "bench: gradebook rows: $(($(wc -l < "$WORK/class-out/gradebook.csv") - 1)), mean score $(awk -F, 'NR > 1 { s += $2 } END { printf "%.1f", s / (NR - 1) }' "$WORK/class-out/gradebook.csv")"
done
echo "bench: $COUNT submissions on $(nproc) cores: ${batch[*]} s"
echo "bench: $COUNT submissions on $(nproc) cores: $(printf '%s\n' "${batch[@]}" | stats) (target <= 60 s)"
echo "bench: load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
