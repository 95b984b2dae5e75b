#!/usr/bin/env bash
# No machine details and no network code in what a student hands in. For each notebook executed in real Jupyter with the
# kit's kernelspec (artifacts/nbconvert/, written by eng/run-notebooks-jupyter.sh):
#   1. the executed notebook holds none of this machine's addresses (every address of `ip -o addr` / `hostname -I` but
#      the loopback) and not its host name: the kernelspec starts the kernel with --http-local-only;
#   2. the script URLs in it are listed: dotnet-interactive 1.0.712001 always shows its HTTP bootstrap in the first cell
#      in Jupyter (require.js from a CDN, a probe of 127.0.0.1), and no option turns it off;
#   3. the clean copy that `backprop submit` writes holds no URL of a script, no loopback port and no machine address,
#      and no output at all.
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

script_urls() { grep -o -E 'https?://[^"'"'"' )\\]+\.js|src=\\"https?://[^\\]+' "$1" | sort -u || true; }

status=0
for notebook in "${executed[@]}"; do
  found=()
  for address in "${addresses[@]}"; do
    grep -q -F -- "$address" "$notebook" && found+=("$address")
  done
  if [ -n "$host" ] && [ "$host" != localhost ] && grep -q -w -F -- "$host" "$notebook"; then found+=("host name $host"); fi
  if [ "${#found[@]}" -gt 0 ]; then
    echo "check-notebook-privacy: FAIL $notebook holds this machine's ${found[*]}"; status=1
  else
    echo "check-notebook-privacy: ok   $notebook holds none of this machine's addresses"
  fi
  urls=$(script_urls "$notebook" | paste -sd ' ' -)
  echo "check-notebook-privacy: note $notebook: script URLs as Jupyter left it (the kernel's bootstrap): ${urls:-none}"
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
  grep -q -E '127\.0\.0\.1|localhost:[0-9]' "$notebook" && problems+=("a loopback address")
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
