#!/usr/bin/env bash
# The course library reaches the notebooks as the package Backprop.Kernel 1.0.0 from the checkout's feed, with its
# kernel extension, and a change to the library reaches them. On a throwaway copy of the library (so this checkout's
# sources, feed and NuGet cache entry are left as they were), with the pinned kernel that 'backprop setup' installs:
#   1. 'backprop setup' packs the copy into its .feed/; a notebook beside the copy's notebooks/nuget.config, executed
#      in Jupyter (nbconvert), loads Backprop.Kernel from the package, and a check result shows as the plain text
#      table (text/plain only: the package's kernel extension registered the formatter);
#   2. the same over the kernel's stdio protocol (as Polyglot Notebooks talks to it);
#   3. the library is edited; 'backprop setup' packs it again and drops NuGet's cached copy, and the notebook, run
#      again, sees the edit.
# Usage: eng/check-library-package.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
kernel_name=.net-csharp-backprop-1.0.712001

dotnet build src/Backprop.Course -c Debug -nologo -v quiet >/dev/null
backprop=(dotnet "$root/src/Backprop.Course/bin/Debug/net10.0/backprop.dll")
command -v jupyter >/dev/null || { echo "check-library-package: FAIL: jupyter is not installed (eng/ci-prerequisites.sh installs it)"; exit 1; }

copy=$(mktemp -d /tmp/backprop-library-package.XXXXXX)
cached="${NUGET_PACKAGES:-$HOME/.nuget/packages}/backprop.kernel/1.0.0"
cleanup() {
  rm -rf "$copy"
  # The copy's package may be NuGet's cached 1.0.0 now: drop it, so that this checkout's next restore takes its own.
  rm -rf "$cached"
}
trap cleanup EXIT
cp Backprop.Notebooks.sln Directory.Build.props Directory.Packages.props global.json "$copy/"
mkdir -p "$copy/src" "$copy/notebooks"
cp -r src/Backprop.Kernel src/Backprop.Kernel.Interactive "$copy/src/"
rm -rf "$copy"/src/*/bin "$copy"/src/*/obj
cp notebooks/nuget.config "$copy/notebooks/"
probe="$copy/src/Backprop.Kernel/PackageProbe.cs"
write_probe() {
  printf '%s\n' 'namespace Backprop.Kernel;' '' '/// <summary>Written by eng/check-library-package.sh.</summary>' \
    'public static class PackageProbe' '{' '    /// <summary>Which edit of the library this is.</summary>' \
    "    public static string Edit => \"$1\";" '}' >"$probe"
}

/usr/bin/python3 - "$copy/notebooks/probe.ipynb" "$kernel_name" <<'PY'
import json, sys
cells = [
    '#r "nuget: MathNet.Numerics, 5.0.0"\n#r "nuget: Backprop.Kernel, 1.0.0"\n\nusing Backprop.Kernel;',
    'typeof(Check).Assembly.Location',
    'PackageProbe.Edit',
    'Check.P1.dJ_ds((y, p) => y - p)',
]
notebook = {"cells": [{"cell_type": "code", "id": f"probe-{i}", "metadata": {}, "execution_count": None, "outputs": [], "source": c}
                      for i, c in enumerate(cells)],
            "metadata": {"kernelspec": {"name": sys.argv[2], "display_name": "backprop kit", "language": "C#"}},
            "nbformat": 4, "nbformat_minor": 5}
json.dump(notebook, open(sys.argv[1], "w"))
PY

# Prints the plain-text value of code cell N (1-based) of an executed notebook, and fails unless it is text/plain only.
cell_text() {
  /usr/bin/python3 - "$1" "$2" <<'PY'
import json, sys
cell = json.load(open(sys.argv[1]))["cells"][int(sys.argv[2]) - 1]
results = [o for o in cell["outputs"] if o["output_type"] == "execute_result"]
if len(results) != 1:
    sys.exit(f"cell {sys.argv[2]} has {len(results)} results: {cell['outputs']}")
if list(results[0]["data"]) != ["text/plain"]:
    sys.exit(f"cell {sys.argv[2]} shows {list(results[0]['data'])}, not text/plain only")
print("".join(results[0]["data"]["text/plain"]).strip('"'))
PY
}

status=0
run_probe() {  # $1: the edit the notebook must see
  (cd "$copy" && "${backprop[@]}" setup) | grep -E 'packed|feed|removed' | sed 's/^/  /'
  jupyter nbconvert --to notebook --execute --ExecutePreprocessor.kernel_name=$kernel_name --ExecutePreprocessor.timeout=300 \
    --output probe.executed.ipynb "$copy/notebooks/probe.ipynb" >"$copy/nbconvert.log" 2>&1 \
    || { echo "check-library-package: FAIL nbconvert:"; tail -20 "$copy/nbconvert.log"; exit 1; }
  local executed="$copy/notebooks/probe.executed.ipynb" location edit table
  location=$(cell_text "$executed" 2); edit=$(cell_text "$executed" 3); table=$(cell_text "$executed" 4) || { status=1; return; }
  case "$location" in
    */backprop.kernel/1.0.0/lib/*) echo "check-library-package: ok   Jupyter loads Backprop.Kernel from the package ($location)";;
    *) echo "check-library-package: FAIL Jupyter loads Backprop.Kernel from $location, not the package"; status=1;;
  esac
  if [ "$edit" = "$1" ]; then echo "check-library-package: ok   the notebook sees the library's edit '$1'"
  else echo "check-library-package: FAIL the notebook sees the edit '$edit', not '$1' (a stale package)"; status=1; fi
  if grep -q '^PASS: matches central differences' <<<"$table"; then
    echo "check-library-package: ok   a check result shows as its text table, text/plain only (the package's kernel extension)"
  else echo "check-library-package: FAIL the check result is not the text table:"; echo "$table"; status=1; fi
}

write_probe first
run_probe first

# The stdio protocol, as Polyglot Notebooks drives the kernel: the same package, the same formatter.
tool="${BACKPROP_HOME:-$HOME/.local/share/backprop}/dotnet-interactive/1.0.712001/dotnet-interactive"
submit() { /usr/bin/python3 -c 'import json,sys; print(json.dumps({"commandType": "SubmitCode", "token": sys.argv[1], "command": {"code": sys.argv[2], "targetKernelName": "csharp"}}))' "$@"; }
# The kernel takes commands as they come: send the check once the load has finished (or failed).
finished() { grep -q "\"Command\(Succeeded\|Failed\)\".*\"token\":\"$1\"" "$copy/stdio.out" 2>/dev/null; }
wait_for() { for _ in $(seq 240); do finished "$1" && return; sleep 1; done; }
{ submit load $'#r "nuget: MathNet.Numerics, 5.0.0"\n#r "nuget: Backprop.Kernel, 1.0.0"\nusing Backprop.Kernel;'
  wait_for load
  submit check 'Check.P1.dJ_ds((y, p) => y - p)'
  wait_for check
  echo '{"commandType": "Quit", "token": "quit", "command": {}}'  # the kernel does not stop at the end of its input
} | (cd "$copy/notebooks" && timeout 600 "$tool" stdio --default-kernel csharp >"$copy/stdio.out" 2>"$copy/stdio.err") || true
if /usr/bin/python3 - "$copy/stdio.out" <<'PY'
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    if not line.startswith("{"):
        continue
    envelope = json.loads(line)
    # The kernel extension runs each cell as a command of its own under the cell's ("check.1"): the cell's token is its root.
    token = (envelope.get("command") or {}).get("token", "")
    if envelope.get("eventType") == "ReturnValueProduced" and token.split(".")[0] == "check":
        shown = envelope["event"]["formattedValues"]
        ok = [f["mimeType"] for f in shown] == ["text/plain"] and "PASS: matches central differences" in shown[0]["value"]
        sys.exit(0 if ok else f"the check's result over stdio is {shown}")
sys.exit("no result for the check over stdio")
PY
then echo "check-library-package: ok   over stdio, the check result is its text table, text/plain only"
else echo "check-library-package: FAIL over stdio (kernel log: $copy/stdio.err)"; status=1; fi

write_probe second
run_probe second
exit $status
