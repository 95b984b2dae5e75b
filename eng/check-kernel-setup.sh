#!/usr/bin/env bash
# Two checkouts of the kit set up side by side, in either order: the course repository (a copy of this working tree)
# and a student release (`backprop assign`). Each order starts from an empty per-user install folder ($BACKPROP_HOME),
# a private Jupyter data folder that already holds a stock `.net-csharp` kernelspec, and a private NuGet cache
# ($NUGET_PACKAGES: this machine's, hard-linked, without any Backprop.Kernel). Then: `backprop setup` in the first
# checkout, its notebook runs; `backprop setup` in the second, its notebook runs; the first one's runs again. Checked:
#   - the course's library is Backprop.Kernel 1.0.0 and the release's has a version of its own (assign stamps it),
#     named by the #r line of each of its notebooks;
#   - there is one install of the pinned tool and one of the kit's kernel hook, and the kit's kernelspec starts that
#     tool with that hook;
#   - the second setup says "already" for the tool, FSharp.Core, the hook and the kernelspec;
#   - the stock `.net-csharp` kernelspec is byte for byte as it was;
#   - `backprop doctor` in each checkout says which install its notebooks use, and finds no problem with its package;
#   - each notebook (in the checkout's notebooks/ folder, on the kit's kernelspec, in Jupyter) loads ITS OWN library
#     through the package: from NuGet's cache folder of its checkout's version, and a library box answers as that
#     checkout's does (the course's computes ∂J/∂s, the release's stub throws "not answered yet"), every time it runs,
#     and its output holds none of the kernel's HTTP bootstrap (the hook's work).
#     (Jupyter runs with a private HOME per order too: the kernel remembers where it last found a set of packages.)
# Needs Jupyter (eng/run-notebooks-jupyter.sh installs it) and the network or a warm NuGet cache for the tool.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v jupyter >/dev/null || { echo "check-kernel-setup: FAIL: jupyter is not installed (eng/run-notebooks-jupyter.sh installs it)"; exit 1; }

work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
machine_cache="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
dotnet build src/Backprop.Course -nologo -v quiet -clp:NoSummary
backprop=(dotnet "$PWD/src/Backprop.Course/bin/Debug/net10.0/backprop.dll")
kernelspec=$("${backprop[@]}" setup --help | sed -n 's/.*kernelspec \(\.net-csharp-backprop-[0-9.]*\).*/\1/p' | head -1)
[ -n "$kernelspec" ] || { echo "check-kernel-setup: FAIL: 'backprop setup --help' names no kernelspec"; exit 1; }

echo "check-kernel-setup: two checkouts: the course repository and a student release"
mkdir -p "$work/course"
git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf - | tar -xf - -C "$work/course"
"${backprop[@]}" assign --out "$work/assign" >/dev/null
checkouts=("$work/course" "$work/assign/student")
# The library's version in a checkout: its Backprop.Kernel project's <Version> (what LibraryPackage reads).
version_of() { sed -n 's|.*<Version>\(.*\)</Version>.*|\1|p' "$1/src/Backprop.Kernel/Backprop.Kernel.csproj"; }
course_version=$(version_of "${checkouts[0]}"); release_version=$(version_of "${checkouts[1]}")
[ "$course_version" = 1.0.0 ] || { echo "check-kernel-setup: FAIL the course's library is $course_version, not 1.0.0"; exit 1; }
[[ "$release_version" =~ ^1\.0\.0-release-[0-9a-f]{12}$ ]] \
  || { echo "check-kernel-setup: FAIL the release's library is '$release_version', not a version of its own"; exit 1; }
echo "check-kernel-setup: ok   course library $course_version, release library $release_version"
for checkout in "${checkouts[@]}"; do
  version=$(version_of "$checkout")
  for notebook in "$checkout"/notebooks/*.ipynb; do
    grep -qF "#r \\\"nuget: Backprop.Kernel, $version\\\"" "$notebook" \
      || { echo "check-kernel-setup: FAIL $notebook does not load Backprop.Kernel $version"; exit 1; }
  done
  # A notebook that loads this checkout's library through its package and shows what a library box answers.
  cat >"$checkout/notebooks/00-which-kernel.ipynb" <<JSON
{"cells": [{"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [],
  "source": ["#r \\"nuget: MathNet.Numerics, 5.0.0\\"\\n",
             "#r \\"nuget: Backprop.Kernel, $version\\"\\n",
             "using Backprop.Kernel;\\n",
             "using MathNet.Numerics.LinearAlgebra;\\n",
             "Console.WriteLine(\\"loaded: \\" + typeof(Boxes).Assembly.Location);\\n",
             "try { Console.WriteLine(\\"answer: \\" + Boxes.P1.dJ_ds(Vector<double>.Build.Dense(new[] { 1.0, 0.0 }), Vector<double>.Build.Dense(new[] { 0.25, 0.75 }))[0]); }\\n",
             "catch (Exception e) { Console.WriteLine(\\"answer: \\" + e.Message); }"]}],
 "metadata": {"kernelspec": {"name": "$kernelspec", "display_name": "kit", "language": "C#"}, "language_info": {"name": "C#"}},
 "nbformat": 4, "nbformat_minor": 5}
JSON
done
# What the box answers: the course's ∂J/∂s = y − p at the target, 1 − 0.25; the release's stub.
declare -A answer=(["${checkouts[0]}"]="answer: 0.75" ["${checkouts[1]}"]="answer: not answered yet: p1.dJ_ds")

status=0 failures=0
fail() { echo "check-kernel-setup: FAIL $*"; status=1; failures=$((failures + 1)); }

# Runs the checkout's notebook in Jupyter and checks that it loaded that checkout's own library through its package.
run_notebook() {  # $1: the checkout, $2: which run this is
  local checkout=$1 version out
  version=$(version_of "$checkout")
  out="$work/out-${order// /-}-$(basename "$checkout")-$2"
  # The kernel's #r "nuget:" remembers where it found a set of packages (~/.packagemanagement/nuget/Cache) and loads
  # them from there again, even from another NuGet cache: a private HOME per order keeps this machine's out of it.
  if ! HOME="$work/user-${order// /-}" DOTNET_CLI_HOME="$HOME" timeout 600 jupyter nbconvert --to notebook --execute --output-dir "$out" "$checkout/notebooks/00-which-kernel.ipynb" >"$out.log" 2>&1; then
    fail "($order) the notebook in $checkout did not run on $kernelspec: $(tail -5 "$out.log")"; return
  fi
  local printed
  printed=$(/usr/bin/python3 -c 'import json,sys; print("".join("".join(o.get("text", "")) for c in json.load(open(sys.argv[1]))["cells"] for o in c["outputs"]))' "$out/00-which-kernel.ipynb")
  local bootstrap
  bootstrap=$(grep -o -E 'probeAddresses|loadDotnetInteractiveApi|cdnjs|127\.0\.0\.1' "$out/00-which-kernel.ipynb" | sort -u | paste -sd ' ' - || true)
  if grep -q "^loaded: $NUGET_PACKAGES/backprop.kernel/$version/lib/" <<<"$printed" && grep -qF "${answer[$checkout]}" <<<"$printed" && [ -z "$bootstrap" ]; then
    echo "check-kernel-setup: ok   ($order, $2) $checkout: a notebook ran on $kernelspec and loaded its own library, Backprop.Kernel $version (${answer[$checkout]}), with no HTTP bootstrap"
  elif [ -n "$bootstrap" ]; then
    fail "($order, $2) the notebook in $checkout holds the kernel's HTTP bootstrap ($bootstrap): the kernel hook did not load"
  else
    fail "($order, $2) the notebook in $checkout did not load its own library (Backprop.Kernel $version, '${answer[$checkout]}'); it printed: $printed"
  fi
}

for order in "course release" "release course"; do
  export BACKPROP_HOME="$work/home-${order// /-}" JUPYTER_DATA_DIR="$work/jupyter-${order// /-}"
  # A private NuGet cache: this machine's packages (hard links, so no copying), no Backprop.Kernel, so that each order
  # restores both libraries from their feeds, and the machine's own cache is left alone.
  export NUGET_PACKAGES="$work/nuget-${order// /-}"
  mkdir -p "$NUGET_PACKAGES"
  if [ -d "$machine_cache" ]; then cp -al "$machine_cache/." "$NUGET_PACKAGES/"; fi
  rm -rf "$NUGET_PACKAGES/backprop.kernel"
  stock="$JUPYTER_DATA_DIR/kernels/.net-csharp"
  mkdir -p "$stock"
  printf '{"argv": ["/opt/stock/dotnet-interactive", "jupyter", "{connection_file}"], "display_name": ".NET (C#)", "language": "C#"}\n' >"$stock/kernel.json"
  before=$(sha256sum "$stock/kernel.json")
  failures_before=$failures
  if [ "$order" = "course release" ]; then sequence=("${checkouts[0]}" "${checkouts[1]}"); else sequence=("${checkouts[1]}" "${checkouts[0]}"); fi

  first=$(cd "${sequence[0]}" && "${backprop[@]}" setup) || fail "setup in ${sequence[0]}"
  run_notebook "${sequence[0]}" "first run"
  second=$(cd "${sequence[1]}" && "${backprop[@]}" setup) || fail "setup in ${sequence[1]}"
  run_notebook "${sequence[1]}" "first run"
  # The second setup must not have taken the first checkout's library from it.
  run_notebook "${sequence[0]}" "after the other's setup"
  for step in "dotnet-interactive .* already installed" "FSharp.Core in the tool is already" "the kernel hook is already installed" "kernelspec $kernelspec already runs"; do
    grep -Eq "$step" <<<"$second" || fail "($order) the second setup did not say '$step': $second"
  done
  installs=$(find "$BACKPROP_HOME/dotnet-interactive" -maxdepth 1 -mindepth 1 -type d | wc -l)
  [ "$installs" = 1 ] || fail "($order) $installs installs of the tool under \$BACKPROP_HOME, not 1"
  hooks=$(find "$BACKPROP_HOME/kernel-hook" -maxdepth 1 -mindepth 1 -type d | wc -l)
  [ "$hooks" = 1 ] || fail "($order) $hooks kernel hooks under \$BACKPROP_HOME/kernel-hook (one per build: the two checkouts built different bytes?), not 1"
  [ "$(find "$BACKPROP_HOME" -maxdepth 1 -mindepth 1 | wc -l)" = 2 ] || fail "($order) \$BACKPROP_HOME holds more than the tool and the hook: $(ls "$BACKPROP_HOME")"
  [ "$(sha256sum "$stock/kernel.json")" = "$before" ] || fail "($order) the stock .net-csharp kernelspec was changed"
  program=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["argv"][0])' "$JUPYTER_DATA_DIR/kernels/$kernelspec/kernel.json")
  case "$program" in "$BACKPROP_HOME"/*) ;; *) fail "($order) the kit's kernelspec starts $program, outside \$BACKPROP_HOME";; esac
  hook=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("env", {}).get("DOTNET_STARTUP_HOOKS", ""))' "$JUPYTER_DATA_DIR/kernels/$kernelspec/kernel.json")
  case "$hook" in "$BACKPROP_HOME"/kernel-hook/*/Backprop.KernelHook.dll) ;; *) fail "($order) the kit's kernelspec loads the kernel hook '$hook', not one in \$BACKPROP_HOME/kernel-hook";; esac

  for checkout in "${sequence[@]}"; do
    doctor=$(cd "$checkout" && "${backprop[@]}" doctor 2>&1 || true)
    grep -q "which starts $program .* with the kit's kernel hook $hook" <<<"$doctor" || fail "($order) doctor in $checkout does not name the install and the hook: $(grep -i kernel <<<"$doctor" | head -3)"
    grep -q "is packed from the current sources, and NuGet has no other copy of Backprop.Kernel $(version_of "$checkout")" <<<"$doctor" \
      || fail "($order) doctor in $checkout finds a problem with its package: $(grep -i 'package' <<<"$doctor" | head -3)"
  done
  if [ "$failures" = "$failures_before" ]; then
    echo "check-kernel-setup: ok   ($order) one install and one kernel hook, second setup said 'already', stock .net-csharp untouched, doctor happy with both packages"
  fi
done
exit $status
