#!/usr/bin/env bash
# Times the three ways to run the notebooks, each REPEAT times (default 3), and prints median and minimum per
# notebook in seconds (wall clock):
#   jupyter    jupyter nbconvert --to notebook --execute with the pinned kernel, kernelspec .net-csharp-backprop-1.0.712001 (a fresh kernel each time)
#   run        backprop run NOTEBOOK (one process per notebook, kernel hosted in-process; the CLI is prebuilt)
#   app        dotnet run NAME.cs, the exported file-based app, unchanged since its last run (build reused)
#   app-edit   the same after an edit to the app (dotnet run rebuilds it; what a student waits for after an answer)
# Needs what eng/run-notebooks-jupyter.sh and eng/run-exported-apps.sh set up (run those first).
# Usage: eng/bench-routes.sh [REPEAT]
set -euo pipefail
cd "$(dirname "$0")/.."
repeat=${1:-3}
notebooks=(notebooks/[0-9][0-9]-*.ipynb)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
dotnet build src/Backprop.Course -c Debug -nologo -v quiet >/dev/null
backprop=(dotnet src/Backprop.Course/bin/Debug/net10.0/backprop.dll)
"${backprop[@]}" export "${notebooks[@]}" --out "$tmp/apps" >/dev/null

now() { date +%s%N; }
# time_it LABEL NOTEBOOK COMMAND...: runs the command, records its seconds under LABEL/NOTEBOOK, fails loudly.
time_it() {
  local label=$1 notebook=$2; shift 2
  local start; start=$(now)
  "$@" >"$tmp/last.log" 2>&1 || { echo "bench-routes: FAIL $label $notebook:"; tail -20 "$tmp/last.log"; exit 1; }
  echo "$(( ($(now) - start) / 1000000 ))" >>"$tmp/$label-$(basename "$notebook" .ipynb)"
}

for ((i = 1; i <= repeat; i++)); do
  for notebook in "${notebooks[@]}"; do
    name=$(basename "$notebook" .ipynb)
    time_it jupyter "$notebook" jupyter nbconvert --to notebook --execute --ExecutePreprocessor.kernel_name=.net-csharp-backprop-1.0.712001 \
      --ExecutePreprocessor.timeout=300 --output-dir "$tmp/nbconvert" "$notebook"
    time_it run "$notebook" "${backprop[@]}" run "$notebook" --out "$tmp/run"
    echo "// edit $i" >>"$tmp/apps/$name.cs"
    time_it app-edit "$notebook" dotnet run "$tmp/apps/$name.cs"
    time_it app "$notebook" dotnet run "$tmp/apps/$name.cs"
  done
done

stats() {  # median and minimum of the millisecond values in a file, in seconds
  sort -n "$1" | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%6.1f %6.1f", m / 1000, v[1] / 1000 }'
}
echo "bench-routes: $repeat runs each, seconds (median  min); $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-26s %-15s %-15s %-15s %-15s\n' notebook jupyter run app app-edit
for notebook in "${notebooks[@]}"; do
  name=$(basename "$notebook" .ipynb)
  printf '%-26s %-15s %-15s %-15s %-15s\n' "$name" "$(stats "$tmp/jupyter-$name")" "$(stats "$tmp/run-$name")" "$(stats "$tmp/app-$name")" "$(stats "$tmp/app-edit-$name")"
done
