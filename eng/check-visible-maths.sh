#!/usr/bin/env bash
# Raw maths left on a page, as a reader sees it: each offline page that 'backprop run' wrote is opened in headless
# Chromium (network off), after its KaTeX has run; the script then removes KaTeX's output, code and outputs (pre,
# code), reads document.body.innerText and fails on any TeX a reader would see as text:
#   - a "$…$" pair (a formula the exporter did not find),
#   - a "\command" (TeX outside KaTeX),
#   - a comma glued between two symbols, "\eta,\mathrm" or "x,y" (what CommonMark makes of a thin space "\,").
# This check does not share the exporter's rule for what a formula is: it reads what Chromium shows.
# Usage: eng/check-visible-maths.sh [PAGE.html ...]   (default: artifacts/run/NN-*.html, written by 'backprop run')
set -euo pipefail
cd "$(dirname "$0")/.."

browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || { echo "check-visible-maths: FAIL: chromium is not installed (eng/ci-prerequisites.sh installs it)"; exit 1; }

if [ "$#" -gt 0 ]; then pages=("$@"); else pages=(artifacts/run/[0-9][0-9]-*.html); fi
[ -f "${pages[0]}" ] || { echo "check-visible-maths: FAIL: no pages; run 'backprop run' first"; exit 1; }

if unshare -n true 2>/dev/null; then offline=(unshare -n); else offline=(); fi
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT

# Appended to a copy of the page: once the page's own scripts (KaTeX) have run, put the visible text that is neither
# maths nor code on <body data-visible-text="…">, where --dump-dom shows it.
probe='<script>window.addEventListener("load", function () { setTimeout(function () {
  document.querySelectorAll(".katex, .katex-display, pre, code, script, style").forEach(function (e) { e.remove(); });
  document.body.setAttribute("data-visible-text", document.body.innerText);
}, 200); });</script>'

status=0
for page in "${pages[@]}"; do
  copy="$work/$(basename "$page")"
  { cat "$page"; printf '%s\n' "$probe"; } >"$copy"
  timeout 120 "${offline[@]}" "$browser" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage \
    --proxy-server=127.0.0.1:9 --disable-background-networking --disable-component-update --disable-sync --no-first-run \
    --user-data-dir="$work/profile" --virtual-time-budget=15000 --dump-dom "file://$copy" >"$copy.dom" 2>/dev/null || true
  if ! /usr/bin/python3 - "$page" "$copy.dom" <<'PY'; then status=1; fi
import html, re, sys
page, dom = sys.argv[1], open(sys.argv[2], encoding="utf-8").read()
found = re.search(r'<body[^>]*\sdata-visible-text="([^"]*)"', dom)
if not found:
    print(f"check-visible-maths: FAIL {page}: Chromium did not report the page's text (the page did not load)")
    sys.exit(1)
text = html.unescape(found.group(1))
rules = [
    ("a $…$ formula shown as text", re.compile(r"\$[^$\n]+(?:\n[^$\n]+)*\$")),
    ("a TeX command shown as text", re.compile(r"\\[A-Za-z]+")),
    ("a thin space \\, turned into a comma", re.compile(r"(?<=[A-Za-z}_^])\,(?=[A-Za-z\\{])")),
]
problems = []
for what, rule in rules:
    for m in rule.finditer(text):
        start, end = max(0, m.start() - 40), min(len(text), m.end() + 40)
        problems.append(f"  {what}: …{text[start:end]}…".replace("\n", " "))
words = len(text.split())
if problems:
    print(f"check-visible-maths: FAIL {page}: {len(problems)} piece(s) of raw TeX in {words} words of visible text")
    print("\n".join(problems[:20]))
    sys.exit(1)
print(f"check-visible-maths: ok   {page}: no raw TeX in {words} words of visible text (maths and code left out)")
PY
done
exit $status
