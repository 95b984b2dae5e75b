#!/usr/bin/env bash
# The charts of notebooks executed in real Jupyter (artifacts/nbconvert/, written by eng/run-notebooks-jupyter.sh with
# the kernel that 'backprop setup' registers) draw without a network: each executed notebook is converted with
# 'jupyter nbconvert --to html', opened in headless Chromium with the network OFF, and every chart must be drawn.
# Also checks that plotly.js is in the executed notebook exactly once (the setup cell's output), not once per chart.
# Usage: eng/check-jupyter-offline.sh [EXECUTED.ipynb ...]   (default: artifacts/nbconvert/NN-*.ipynb)
set -euo pipefail
cd "$(dirname "$0")/.."

browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || { echo "check-jupyter-offline: FAIL: chromium is not installed (eng/ci-prerequisites.sh installs it)"; exit 1; }
command -v jupyter >/dev/null || { echo "check-jupyter-offline: FAIL: jupyter is not installed (eng/run-notebooks-jupyter.sh installs it)"; exit 1; }

if [ "$#" -gt 0 ]; then executed=("$@"); else executed=(artifacts/nbconvert/[0-9][0-9]-*.ipynb); fi
[ -f "${executed[0]}" ] || { echo "check-jupyter-offline: FAIL: no executed notebooks; run eng/run-notebooks-jupyter.sh first"; exit 1; }

if unshare -n true 2>/dev/null; then offline=(unshare -n); note="unshare -n"; else offline=(); note="--proxy-server=127.0.0.1:9"; fi
profile=$(mktemp -d); trap 'rm -rf "$profile"' EXIT
count() { { grep -o -F "$1" || true; } | wc -l; }

status=0
for notebook in "${executed[@]}"; do
  html="${notebook%.ipynb}.html"
  jupyter nbconvert --to html "$notebook" --output "$(basename "$html")" --output-dir "$(dirname "$html")" >/dev/null 2>&1 \
    || { echo "check-jupyter-offline: FAIL nbconvert --to html $notebook"; status=1; continue; }
  charts=$(count 'var renderPlotly_' <"$notebook")
  bundles=$(count 'id=\"plotly-js-offline\"' <"$notebook")
  size=$(( $(stat -c %s "$notebook") / 1024 ))
  dom=$(timeout 120 "${offline[@]}" "$browser" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage \
    --proxy-server=127.0.0.1:9 --disable-background-networking --disable-component-update --disable-sync --no-first-run \
    --user-data-dir="$profile" --virtual-time-budget=20000 --dump-dom "file://$(realpath "$html")" 2>/dev/null || true)
  drawn=$(count 'class="plot-container' <<<"$dom")
  line="$notebook: $drawn of $charts charts drawn offline, plotly.js $bundles time(s) in the notebook, ${size} kB ($note)"
  if [ "$charts" -gt 0 ] && { [ "$drawn" -ne "$charts" ] || [ "$bundles" -ne 1 ]; }; then
    echo "check-jupyter-offline: FAIL $line"; status=1
  elif [ "$charts" -eq 0 ] && [ "$bundles" -gt 1 ]; then
    echo "check-jupyter-offline: FAIL $line"; status=1
  else
    echo "check-jupyter-offline: ok   $line"
  fi
done
exit $status
