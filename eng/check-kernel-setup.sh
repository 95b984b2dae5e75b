#!/usr/bin/env bash
# Two checkouts of the kit set up side by side, in either order: the course repository (a copy of this working tree)
# and a student release (`backprop assign`). Each order starts from an empty per-user install folder ($BACKPROP_HOME)
# and a private Jupyter data folder that already holds a stock `.net-csharp` kernelspec. After `backprop setup` in both:
#   - there is one install of the pinned tool, and the kit's kernelspec starts it;
#   - the second setup says "already" for the tool, FSharp.Core and the kernelspec;
#   - the stock `.net-csharp` kernelspec is byte for byte as it was;
#   - `backprop doctor` in each checkout says which install its notebooks use, with no problem in the kernel items;
#   - a one-cell notebook in each checkout's notebooks/ folder runs in Jupyter on the kit's kernelspec and loads that
#     checkout's library.
# Needs Jupyter (eng/run-notebooks-jupyter.sh installs it) and the network or a warm NuGet cache for the tool.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v jupyter >/dev/null || { echo "check-kernel-setup: FAIL: jupyter is not installed (eng/run-notebooks-jupyter.sh installs it)"; exit 1; }

work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
dotnet build src/Backprop.Course -nologo -v quiet -clp:NoSummary
backprop=(dotnet "$PWD/src/Backprop.Course/bin/Debug/net10.0/backprop.dll")
kernelspec=$("${backprop[@]}" setup --help | sed -n 's/.*kernelspec \(\.net-csharp-backprop-[0-9.]*\).*/\1/p' | head -1)
[ -n "$kernelspec" ] || { echo "check-kernel-setup: FAIL: 'backprop setup --help' names no kernelspec"; exit 1; }

echo "check-kernel-setup: two checkouts: the course repository and a student release"
mkdir -p "$work/course"
git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf - | tar -xf - -C "$work/course"
"${backprop[@]}" assign --out "$work/assign" >/dev/null
checkouts=("$work/course" "$work/assign/student")
for checkout in "${checkouts[@]}"; do
  dotnet build "$checkout/src/Backprop.Kernel" -nologo -v quiet -clp:NoSummary
  # A notebook that loads this checkout's library and names the checkout it ran in.
  cat >"$checkout/notebooks/00-which-kernel.ipynb" <<JSON
{"cells": [{"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [],
  "source": ["#r \"../src/Backprop.Kernel/bin/Debug/net10.0/Backprop.Kernel.dll\"\n",
             "Console.WriteLine(typeof(Backprop.Kernel.WordMlp).Assembly.Location);"]}],
 "metadata": {"kernelspec": {"name": "$kernelspec", "display_name": "kit", "language": "C#"}, "language_info": {"name": "C#"}},
 "nbformat": 4, "nbformat_minor": 5}
JSON
done

status=0
fail() { echo "check-kernel-setup: FAIL $*"; status=1; }

for order in "course release" "release course"; do
  export BACKPROP_HOME="$work/home-${order// /-}" JUPYTER_DATA_DIR="$work/jupyter-${order// /-}"
  stock="$JUPYTER_DATA_DIR/kernels/.net-csharp"
  mkdir -p "$stock"
  printf '{"argv": ["/opt/stock/dotnet-interactive", "jupyter", "{connection_file}"], "display_name": ".NET (C#)", "language": "C#"}\n' >"$stock/kernel.json"
  before=$(sha256sum "$stock/kernel.json")
  if [ "$order" = "course release" ]; then sequence=("${checkouts[0]}" "${checkouts[1]}"); else sequence=("${checkouts[1]}" "${checkouts[0]}"); fi

  first=$(cd "${sequence[0]}" && "${backprop[@]}" setup) || fail "setup in ${sequence[0]}"
  second=$(cd "${sequence[1]}" && "${backprop[@]}" setup) || fail "setup in ${sequence[1]}"
  for step in "dotnet-interactive .* already installed" "FSharp.Core in the tool is already" "kernelspec $kernelspec already runs"; do
    grep -Eq "$step" <<<"$second" || fail "($order) the second setup did not say '$step': $second"
  done
  installs=$(find "$BACKPROP_HOME" -maxdepth 2 -mindepth 2 -type d | wc -l)
  [ "$installs" = 1 ] || fail "($order) $installs installs under \$BACKPROP_HOME, not 1"
  [ "$(sha256sum "$stock/kernel.json")" = "$before" ] || fail "($order) the stock .net-csharp kernelspec was changed"
  program=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["argv"][0])' "$JUPYTER_DATA_DIR/kernels/$kernelspec/kernel.json")
  case "$program" in "$BACKPROP_HOME"/*) ;; *) fail "($order) the kit's kernelspec starts $program, outside \$BACKPROP_HOME";; esac

  for checkout in "${sequence[@]}"; do
    doctor=$(cd "$checkout" && "${backprop[@]}" doctor 2>&1 || true)
    grep -q "which starts $program" <<<"$doctor" || fail "($order) doctor in $checkout does not name the install: $(grep -i kernel <<<"$doctor" | head -3)"
    out="$work/out-${order// /-}-$(basename "$checkout")"
    if timeout 300 jupyter nbconvert --to notebook --execute --output-dir "$out" "$checkout/notebooks/00-which-kernel.ipynb" >"$out.log" 2>&1 \
       && grep -q "$checkout/src/Backprop.Kernel/bin/Debug/net10.0/Backprop.Kernel.dll" "$out/00-which-kernel.ipynb"; then
      echo "check-kernel-setup: ok   ($order) $checkout: a notebook ran on $kernelspec ($program) and loaded its own library"
    else
      fail "($order) the notebook in $checkout did not run on $kernelspec: $(tail -5 "$out.log")"
    fi
  done
  echo "check-kernel-setup: ok   ($order) one install, second setup said 'already', stock .net-csharp untouched"
done
exit $status
