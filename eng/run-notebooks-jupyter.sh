#!/usr/bin/env bash
# Runs every notebook under notebooks/ in real Jupyter (nbconvert) with the pinned .NET kernel, WITHOUT
# --allow-errors: exits non-zero when any cell errors. Installs Debian's Jupyter if it is missing; skips with a
# clear message (exit 0) where it cannot be installed.
# Usage: eng/run-notebooks-jupyter.sh [NOTEBOOK.ipynb ...]   (output: artifacts/nbconvert/)
set -euo pipefail
cd "$(dirname "$0")/.."

need_jupyter() {
  ! command -v jupyter >/dev/null 2>&1 \
    || ! jupyter nbconvert --version >/dev/null 2>&1 \
    || ! /usr/bin/python3 -c 'import nbclient' >/dev/null 2>&1  # Debian's python, which jupyter uses
}

if need_jupyter; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "run-notebooks-jupyter: installing jupyter-nbconvert python3-nbclient jupyter-client (apt)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null || true
    apt-get install -y -q jupyter-nbconvert python3-nbclient jupyter-client >/dev/null
  else
    echo "run-notebooks-jupyter: SKIPPED: Jupyter is not installed and apt-get is unavailable (or not root)."
    echo "  Install jupyter-nbconvert, python3-nbclient and jupyter-client, then run this script again."
    exit 0
  fi
fi

echo "run-notebooks-jupyter: building and running 'backprop setup' (pinned kernel, FSharp.Core, kernelspec, the library's package)"
dotnet build src/Backprop.Course -c Debug -nologo -v quiet
dotnet src/Backprop.Course/bin/Debug/net10.0/backprop.dll setup
# The notebooks load the library as the package Backprop.Kernel from .feed/ (notebooks/nuget.config), with the Version of
# its project (1.0.0 in the course repository, 1.0.0-release-<hex> in a release); setup packed it.
version=$(sed -n 's|.*<Version>\(.*\)</Version>.*|\1|p' src/Backprop.Kernel/Backprop.Kernel.csproj)
[ -f ".feed/Backprop.Kernel.$version.nupkg" ] \
  || { echo "run-notebooks-jupyter: FAIL: setup left no .feed/Backprop.Kernel.$version.nupkg (the Version of src/Backprop.Kernel)"; exit 1; }

if [ "$#" -gt 0 ]; then notebooks=("$@"); else notebooks=(notebooks/*.ipynb); fi
mkdir -p artifacts/nbconvert
status=0
for notebook in "${notebooks[@]}"; do
  start=$(date +%s)
  if timeout 600 jupyter nbconvert --to notebook --execute \
      --ExecutePreprocessor.kernel_name=.net-csharp-backprop-1.0.712001 \
      --ExecutePreprocessor.timeout=300 \
      --output-dir artifacts/nbconvert "$notebook" >"artifacts/nbconvert/$(basename "$notebook" .ipynb).log" 2>&1; then
    echo "run-notebooks-jupyter: ok   $notebook ($(( $(date +%s) - start )) s)"
  else
    status=1
    echo "run-notebooks-jupyter: FAIL $notebook; nbconvert said:"
    grep -v -E '^(info: |      )' "artifacts/nbconvert/$(basename "$notebook" .ipynb).log" | tail -40
  fi
done
# A compiler warning printed under a cell is noise on a student's screen (e.g. CS1701 from a MathNet type that binds
# an older System.Runtime.Numerics): fail on any.
for notebook in "${notebooks[@]}"; do
  executed="artifacts/nbconvert/$(basename "$notebook")"
  [ -f "$executed" ] || continue
  warnings=$(/usr/bin/python3 - "$executed" <<'PY'
import json, re, sys
cells = json.load(open(sys.argv[1], encoding="utf-8"))["cells"]
for number, cell in enumerate(cells, 1):
    for output in cell.get("outputs", []):
        text = "".join(output.get("text", "")) if output.get("output_type") == "stream" else ""
        for warning in re.findall(r"warning CS\d+[^\n]{0,100}", text):
            print(f"cell {number}: {warning}")
PY
)
  if [ -n "$warnings" ]; then
    status=1
    echo "run-notebooks-jupyter: FAIL $notebook prints compiler warnings:"; echo "$warnings" | head -5
  fi
done
exit $status
