#!/usr/bin/env bash
# No network code and no machine details in any notebook executed on the kit's routes, nor in what a student hands in.
# For each notebook executed in real Jupyter with the kit's kernelspec (artifacts/nbconvert/, written by
# eng/run-notebooks-jupyter.sh), FAIL when the raw file holds:
#   1. any of this machine's addresses (every address of `ip -o addr` / `hostname -I` but the loopback) or its host
#      name, or a loopback address (127.0.0.1, localhost:PORT, [::1]), which a page would probe;
#   2. a script from the network: the URL of a .js file, a src attribute with an http(s) URL, require.js, a CDN
#      (cdnjs, jsdelivr, unpkg), or dotnet-interactive's HTTP bootstrap (probeAddresses, loadDotnetInteractiveApi,
#      require.config). dotnet-interactive 1.0.712001 shows that bootstrap in the first cell under Jupyter unless the
#      kit's kernel hook (src/Backprop.KernelHook, loaded by the kernelspec's env) turns it off. Plotly.js, which the
#      kit's kernel extension embeds for offline charts, holds other URLs as plain strings (mapbox, openstreetmap): those
#      load nothing and are not looked for;
#   3. and the clean copy that `backprop submit` writes holds no URL of a script, no loopback port and no machine
#      address, and no output at all.
# Usage: eng/check-notebook-privacy.sh [EXECUTED.ipynb ...]   (default: artifacts/nbconvert/NN-*.ipynb)
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$#" -gt 0 ]; then executed=("$@"); else executed=(artifacts/nbconvert/[0-9][0-9]-*.ipynb); fi
[ -f "${executed[0]}" ] || { echo "check-notebook-privacy: FAIL: no executed notebooks; run eng/run-notebooks-jupyter.sh first"; exit 1; }

# This machine's addresses (IPv4 and IPv6, without prefix length or zone), loopback left out, and its host name.
mapfile -t addresses < <( { ip -o addr show 2>/dev/null | awk '{print $4}' | cut -d/ -f1; hostname -I 2>/dev/null | tr ' ' '\n'; } \
  | sed 's/%.*//' | grep -v -E '^(127\.|::1$|$)' | sort -u)
host=$(hostname 2>/dev/null || true)
# A short host name ("vm") also occurs inside plotly.js; only a name of 6 characters or more says something.
[ "${#host}" -ge 6 ] || host=""
echo "check-notebook-privacy: looking for ${#addresses[@]} address(es) of this machine (${addresses[*]:-none}) and its host name '${host:-(too short to look for)}'"

# What loads a script from the network, or is dotnet-interactive's HTTP bootstrap (see 2. above).
script_pattern='https?://[^"'"'"'[:space:]<>\\]*\.js\b|src=\\?["'"'"']https?://|require(\.min)?\.js|requirejs|cdnjs|jsdelivr|unpkg\.com|probeAddresses|loadDotnetInteractiveApi|require\.config'
loopback_pattern='127\.0\.0\.1|localhost:[0-9]|\[::1\]'
script_urls() { grep -o -E "$script_pattern" "$1" | sort -u || true; }

status=0
for notebook in "${executed[@]}"; do
  found=()
  for address in "${addresses[@]}"; do
    grep -q -F -- "$address" "$notebook" && found+=("this machine's address $address")
  done
  if [ -n "$host" ] && [ "$host" != localhost ] && grep -q -w -F -- "$host" "$notebook"; then found+=("this machine's host name $host"); fi
  loopback=$(grep -o -E "$loopback_pattern" "$notebook" | sort -u | paste -sd ' ' - || true)
  [ -z "$loopback" ] || found+=("the loopback address(es) $loopback")
  if [ "${#found[@]}" -gt 0 ]; then
    echo "check-notebook-privacy: FAIL $notebook holds ${found[*]}"; status=1
  else
    echo "check-notebook-privacy: ok   $notebook holds none of this machine's addresses and no loopback address"
  fi
  urls=$(script_urls "$notebook" | paste -sd ' ' -)
  if [ -n "$urls" ]; then
    echo "check-notebook-privacy: FAIL $notebook loads scripts from the network (the kernel's HTTP bootstrap? run 'backprop doctor'): $urls"; status=1
  else
    echo "check-notebook-privacy: ok   $notebook holds no script URL and no HTTP bootstrap"
  fi
done

clean=$(mktemp -d); trap 'rm -rf "$clean"' EXIT
dotnet build src/Backprop.Course -nologo -v quiet -clp:NoSummary >/dev/null
# The course notebooks' derivation cells are the students' empty placeholders (the instructor's derivations sit in the
# questions' solution regions), so submit lists each as "has no boxed result" and exits 1. That, and nothing else, is
# expected here; any other finding or exit code fails the check.
submitted=0
dotnet src/Backprop.Course/bin/Debug/net10.0/backprop.dll submit "${executed[@]}" --no-run --out "$clean" >"$clean.log" 2>&1 || submitted=$?
others=$(grep -E '^submit: .*, cell [0-9]+: ' "$clean.log" | grep -v 'has no boxed result' || true)
placeholders=$(grep -cE '^submit: .*, cell [0-9]+: .*has no boxed result' "$clean.log" || true)
if [ "$submitted" -gt 1 ] || [ -n "$others" ] || { [ "$submitted" -eq 1 ] && [ "$placeholders" -eq 0 ]; }; then
  echo "check-notebook-privacy: FAIL backprop submit on the executed notebooks (exit $submitted):"; cat "$clean.log"; rm -f "$clean.log"; exit 1
fi
echo "check-notebook-privacy: ok   backprop submit read every executed notebook (exit $submitted: $placeholders empty derivation placeholders listed, nothing else)"
rm -f "$clean.log"
for notebook in "$clean"/*.ipynb; do
  problems=()
  urls=$(script_urls "$notebook")
  [ -z "$urls" ] || problems+=("script URLs: $(paste -sd ' ' - <<<"$urls")")
  grep -q -E "$loopback_pattern" "$notebook" && problems+=("a loopback address")
  for address in "${addresses[@]}"; do grep -q -F -- "$address" "$notebook" && problems+=("$address"); done
  outputs=$(/usr/bin/python3 -c 'import json,sys; print(sum(len(c.get("outputs", [])) for c in json.load(open(sys.argv[1]))["cells"]))' "$notebook")
  [ "$outputs" = 0 ] || problems+=("$outputs outputs")
  if [ "${#problems[@]}" -gt 0 ]; then
    echo "check-notebook-privacy: FAIL the clean copy of $(basename "$notebook") holds ${problems[*]}"; status=1
  else
    echo "check-notebook-privacy: ok   the clean copy of $(basename "$notebook") (backprop submit) holds no script URL, no address and no output"
  fi
done
exit $status
