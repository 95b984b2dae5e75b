#!/usr/bin/env bash
# Opens the offline HTML that 'backprop run' exports in headless Chromium with the network OFF and asserts that
# every chart rendered (plotly.js drew its <svg class="main-svg">) and every formula rendered: as many KaTeX
# formulas (class="katex") as the notebook has formulas (eng/check-formulas.mjs counts them in the .ipynb), and
# no KaTeX error element. Installs chromium with apt if missing; fails (never skips) when it cannot.
# Usage: eng/check-offline-html.sh [PAGE.html ...] [--screenshot]
#   no pages: runs 'backprop run' into artifacts/run/ if needed and checks every page there.
#   --screenshot: also writes docs/screenshots/<page>-chart.png: the page's first heatmap (else first chart), offline.
set -euo pipefail
cd "$(dirname "$0")/.."

pages=(); screenshot=0; check_student=0
for arg in "$@"; do
  if [ "$arg" = --screenshot ]; then screenshot=1; else pages+=("$arg"); fi
done

browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "check-offline-html: installing chromium (apt)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null || true
    apt-get install -y -q chromium >/dev/null
    browser=$(command -v chromium)
  else
    echo "check-offline-html: FAIL: chromium is not installed and apt-get is unavailable (or not root); install Debian's chromium."
    exit 1
  fi
fi
command -v node >/dev/null || { echo "check-offline-html: FAIL: node is not installed (apt-get install nodejs); it counts the formulas."; exit 1; }

if [ "${#pages[@]}" -eq 0 ]; then
  if ! ls artifacts/run/*.html >/dev/null 2>&1; then
    echo "check-offline-html: no exported pages yet: running 'backprop run'"
    dotnet run --project src/Backprop.Course -- run
  fi
  pages=(artifacts/run/*.html)
  check_student=1
fi

# No network at all: a fresh network namespace has only a loopback that is down. Where unshare is not allowed,
# point every request at a dead proxy instead.
if unshare -n true 2>/dev/null; then
  offline=(unshare -n); network_note="unshare -n"
else
  offline=(); network_note="--proxy-server=127.0.0.1:9"
fi

profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
chrome() {
  timeout 120 "${offline[@]}" "$browser" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage \
    --proxy-server=127.0.0.1:9 --disable-background-networking --disable-component-update --disable-sync \
    --no-first-run --user-data-dir="$profile" --virtual-time-budget=15000 "$@" 2>/dev/null
}

# How often a fixed string occurs in standard input (0 is an answer, not an error).
count() { { grep -o -F "$1" || true; } | wc -l; }

status=0
for page in "${pages[@]}"; do
  expected=$(count 'var renderPlotly_' <"$page")  # one per chart that Plotly.NET wrote
  if grep -q -E '<script[^>]+src="https?:' "$page"; then
    echo "check-offline-html: FAIL $page loads a script from the network"; status=1; continue
  fi
  if grep -q -E '<link[^>]+href="(https?:)?//' "$page"; then
    echo "check-offline-html: FAIL $page loads a style sheet from the network"; status=1; continue
  fi
  dom=$(chrome --dump-dom "file://$(realpath "$page")" || true)
  drawn=$(count 'class="plot-container' <<<"$dom")
  svgs=$(count '<svg class="main-svg"' <<<"$dom")
  if [ "$expected" -gt 0 ] && { [ "$svgs" -eq 0 ] || [ "$drawn" -ne "$expected" ]; }; then
    echo "check-offline-html: FAIL $page: $drawn of $expected charts drawn offline ($svgs main-svg elements; $network_note)"
    status=1
  else
    echo "check-offline-html: ok   $page: $drawn of $expected charts drawn offline ($svgs main-svg elements; $network_note)"
  fi

  # Formulas: the notebook's count (by a scan of its markdown, not by the page) against KaTeX's rendered ones.
  notebook="notebooks/$(basename "$page" .html).ipynb"
  if [ -f "$notebook" ]; then
    formulas=$(node eng/check-formulas.mjs --count "$notebook")
    rendered=$(count '<span class="katex">' <<<"$dom")
    errors=$(count 'class="katex-error"' <<<"$dom")
    if [ "$rendered" -ne "$formulas" ] || [ "$errors" -ne 0 ] || [ "$formulas" -eq 0 ]; then
      echo "check-offline-html: FAIL $page: $rendered of $formulas formulas rendered by KaTeX, $errors KaTeX errors"
      status=1
    else
      echo "check-offline-html: ok   $page: $rendered of $formulas formulas rendered by KaTeX, 0 errors"
    fi
  fi

  if [ "$screenshot" = 1 ] && [ "$expected" -gt 0 ]; then
    # One chart alone (with the page's embedded plotly.js), so the picture shows a chart, not the title.
    mkdir -p docs/screenshots
    single="$profile/chart.html"
    /usr/bin/python3 - "$page" "$single" <<'PY'
import re, sys
page = open(sys.argv[1], encoding="utf-8").read()
plotly = re.search(r'<script type="text/javascript" id="plotly-js">.*?</script>', page, re.S).group(0)
charts = re.findall(r'<div id="[0-9a-f-]{36}">.*?</script>', page, re.S)
# A heatmap trace if there is one (every chart's template also mentions heatmaps, so look at the data line only).
chart = next((c for c in charts if re.search(r'var data = \[.*"type":"heatmap"', c)), charts[0])
open(sys.argv[2], "w", encoding="utf-8").write(f"<!DOCTYPE html><html><head><meta charset='utf-8'>{plotly}</head><body style='margin:0'>{chart}</body></html>")
PY
    shot="docs/screenshots/$(basename "$page" .html)-chart.png"
    chrome --window-size=1000,720 --hide-scrollbars --screenshot="$(realpath -m "$shot")" "file://$single" >/dev/null || true
    [ -f "$shot" ] && echo "check-offline-html: wrote $shot"
  fi
done

# A student's markdown with <script>, onerror=, onload=, javascript: links: the page shows it as text and runs none of
# it (each would set data-pwned on <body>). Its formulas still render.
if [ "$check_student" = 1 ]; then
  student="$profile/student"
  dotnet run --project src/Backprop.Course --no-build -- run tests/Backprop.Runner.Tests/Fixtures/student-html.ipynb --out "$student" >/dev/null || true
  dom=$(chrome --dump-dom "file://$student/student-html.html" || true)
  if [ ! -f "$student/student-html.html" ]; then
    echo "check-offline-html: FAIL backprop run wrote no page for the student-html fixture"; status=1
  elif grep -q 'data-pwned=' <<<"$dom" || [ "$(count '<span class="katex">' <<<"$dom")" -ne 3 ]; then
    echo "check-offline-html: FAIL a student's HTML ran in the page ($(grep -o 'data-pwned="[^"]*"' <<<"$dom" | head -1)) or its 3 formulas did not render"
    status=1
  else
    echo "check-offline-html: ok   a student's <script>, onerror=, onload= and javascript: link ran nothing; 3 of 3 formulas rendered"
  fi
fi
exit $status
