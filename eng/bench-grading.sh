#!/usr/bin/env bash
# Benchmark of the grader: one submission with a warm cache (target <= 3 s) and a batch of 200 submissions
# (target <= 5 min on 2 cores). Prints the numbers; it asserts nothing.
#   eng/bench-grading.sh [submission.ipynb] [count]
set -euo pipefail
cd "$(dirname "$0")/.."
SUBMISSION="${1:-tests/Backprop.Grading.Tests/Fixtures/solution.ipynb}"
COUNT="${2:-200}"
WORK="$(mktemp -d -t backprop-bench-XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

echo "bench: publishing the grader as setup.sh does (Release, ReadyToRun)…"
dotnet publish src/Backprop.Course/Backprop.Course.csproj -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
  -nologo -v q -o "$WORK/grader" >/dev/null
GRADER=(dotnet "$WORK/grader/backprop.dll")

seconds() { awk -v s="$1" -v e="$2" 'BEGIN { printf "%.2f", (e - s) / 1e9 }'; }

# Warm-up run (fills the OS file cache and NuGet-free runtime caches), then the measured one.
"${GRADER[@]}" grade "$SUBMISSION" --out "$WORK/single" >/dev/null
start=$(date +%s%N)
"${GRADER[@]}" grade "$SUBMISSION" --out "$WORK/single" >/dev/null
end=$(date +%s%N)
echo "bench: load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "bench: one submission, warm cache: $(seconds "$start" "$end") s (target <= 3 s)"

# A class of COUNT submissions: a third correct, a third with one common mistake, a third untouched stubs-like edits.
mkdir -p "$WORK/class"
for i in $(seq -w 1 "$COUNT"); do
  case $((10#$i % 3)) in
    0) cp "$SUBMISSION" "$WORK/class/student$i.ipynb" ;;
    1) sed 's/    return y - p;/    return p - y;/' "$SUBMISSION" > "$WORK/class/student$i.ipynb" ;;
    2) sed 's/return viaTanh + dJ_dh_t;/return viaTanh;/' "$SUBMISSION" > "$WORK/class/student$i.ipynb" ;;
  esac
done
start=$(date +%s%N)
"${GRADER[@]}" grade "$WORK/class" --out "$WORK/class-out" --jobs "$(nproc)" 2>/dev/null | tail -1
end=$(date +%s%N)
total=$(seconds "$start" "$end")
echo "bench: $COUNT submissions on $(nproc) cores: $total s, $(awk -v t="$total" -v n="$COUNT" 'BEGIN { printf "%.2f", t / n }') s each (target <= 300 s)"
echo "bench: gradebook rows: $(($(wc -l < "$WORK/class-out/gradebook.csv") - 1))"
