#!/usr/bin/env bash
# Fetches KaTeX from npm (version and integrity pinned here and in src/Backprop.Runner/Vendor/katex/VENDOR.md),
# and copies katex.min.js, katex.min.css, fonts/*.woff2 and LICENSE into the vendored folder.
# Usage: eng/vendor-katex.sh [--check]   --check: only report whether the vendored files equal the package's.
set -euo pipefail
cd "$(dirname "$0")/.."
version=0.19.1
integrity='sha512-jG8uKntjSEcm2EpQOh0XturpPuuC9r3Sq5HLHdsFdWZT27E672SF19QEi+of0/YeOy15lDgRhKvr5614uRrEfA=='
target=src/Backprop.Runner/Vendor/katex
command -v npm >/dev/null || { echo "vendor-katex: FAIL: npm is not installed (apt-get install npm)"; exit 1; }

work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack "katex@$version" --silent >/dev/null)
actual="sha512-$(openssl dgst -sha512 -binary "$work/katex-$version.tgz" | base64 -w0)"
[ "$actual" = "$integrity" ] || { echo "vendor-katex: FAIL: katex-$version.tgz has integrity $actual, expected $integrity"; exit 1; }
tar xzf "$work/katex-$version.tgz" -C "$work"
files=(dist/katex.min.js:katex.min.js dist/katex.min.css:katex.min.css LICENSE:LICENSE)
for font in "$work"/package/dist/fonts/*.woff2; do files+=("dist/fonts/$(basename "$font"):fonts/$(basename "$font")"); done

status=0
for pair in "${files[@]}"; do
  from="$work/package/${pair%%:*}"; to="$target/${pair##*:}"
  if [ "${1:-}" = --check ]; then
    cmp -s "$from" "$to" || { echo "vendor-katex: differs: $to"; status=1; }
  else
    mkdir -p "$(dirname "$to")"; cp "$from" "$to"
  fi
done
[ "${1:-}" = --check ] && { [ $status = 0 ] && echo "vendor-katex: ok: ${#files[@]} files equal katex@$version"; exit $status; }
echo "vendor-katex: copied ${#files[@]} files of katex@$version into $target"
