#!/usr/bin/env bash
# Exports every course notebook (notebooks/NN-*.ipynb) with 'backprop export' and runs each app with
# 'dotnet run NAME.cs' (only the .NET 10 SDK: no kernel, no Jupyter). Fails when an app exits non-zero, i.e. a cell
# throws or a check fails. Prints each app's time and its checks line.
# Usage: eng/run-exported-apps.sh [NOTEBOOK.ipynb ...]   (apps and chart pages: artifacts/export/)
set -euo pipefail
cd "$(dirname "$0")/.."

dotnet build src/Backprop.Course -c Debug -nologo -v quiet
if [ "$#" -gt 0 ]; then notebooks=("$@"); else notebooks=(notebooks/[0-9][0-9]-*.ipynb); fi
dotnet src/Backprop.Course/bin/Debug/net10.0/backprop.dll export "${notebooks[@]}" --out artifacts/export

# Seconds since a `date +%s%N` stamp, one decimal.
seconds() { local ms=$(( ($(date +%s%N) - $1) / 1000000 )); echo "$((ms / 1000)).$(( (ms % 1000) / 100 ))"; }

status=0
for notebook in "${notebooks[@]}"; do
  app="artifacts/export/$(basename "$notebook" .ipynb).cs"
  log="artifacts/export/$(basename "$notebook" .ipynb).log"
  start=$(date +%s%N)
  if timeout 900 dotnet run "$app" >"$log" 2>&1; then
    echo "run-exported-apps: ok   $app ($(seconds "$start") s): $(tail -1 "$log")"
  else
    status=1
    echo "run-exported-apps: FAIL $app ($(seconds "$start") s); it printed:"
    tail -40 "$log"
  fi
done
exit $status
