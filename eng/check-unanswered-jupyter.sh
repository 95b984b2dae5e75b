#!/usr/bin/env bash
# A fresh homework release, nothing answered, in real Jupyter and over the kernel's stdio protocol (as VS Code's
# Polyglot Notebooks drives it), with the pinned kernel that 'backprop setup' installs:
#   1. every notebook, executed with nbconvert WITHOUT --allow-errors ("Run All"), runs to its end: a cell that reaches
#      a stub shows one line "not answered yet: <id> — answer it …" and does not fail, and a cell that needs what such a
#      cell left unset shows "not run: it needs <id> …" (the package's kernel extension, src/Backprop.Kernel.Interactive);
#      no output holds an error or a stack-trace line; the setup cell and at least one forward cell show their outputs,
#      and a forward chart is drawn;
#   2. a planted real error (a cell that throws InvalidOperationException after the setup cell) still fails the run, and
#      so does a planted compile error (int planted = "a";); run with --allow-errors, the compile error's diagnostic
#      shows exactly once in its cell's outputs, the exception once, and a stub's cell still shows its one line;
#   3. over stdio: a stub's cell and a cell that needs it succeed with their lines, and a real error fails its command;
#      a compile error fails its command, and what VS Code prints of it (errors and the failure's message) holds its
#      diagnostic once.
# Usage: eng/check-unanswered-jupyter.sh
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d /tmp/check-unanswered.XXXXXX)
trap 'rm -rf "$work"' EXIT
[ -n "${KEEP:-}" ] && trap - EXIT  # KEEP=1 keeps the executed notebooks and logs in $work
# A private Jupyter data folder for the release's kernelspec (as eng/check-homework-release.sh does).
export JUPYTER_DATA_DIR="$work/jupyter"
kernel_name=.net-csharp-backprop-1.0.712001
command -v jupyter >/dev/null || { echo "check-unanswered-jupyter: FAIL: jupyter is not installed (eng/ci-prerequisites.sh installs it)"; exit 1; }

dotnet build src/Backprop.Course -c Debug -nologo -v quiet -clp:NoSummary
dotnet src/Backprop.Course/bin/Debug/net10.0/backprop.dll assign --out "$work/assign" | tail -1
release="$work/assign/student"
(cd "$release" && dotnet run --project src/Backprop.Course -- setup) | grep -E '^setup: (packed|done)' | sed 's/^/  /'

execute() {  # execute NOTEBOOK OUTPUT-DIR: nbconvert without --allow-errors; its exit code
  timeout 900 jupyter nbconvert --to notebook --execute --ExecutePreprocessor.kernel_name=$kernel_name \
    --ExecutePreprocessor.timeout=600 --output-dir "$2" "$1" >"$2/$(basename "$1" .ipynb).log" 2>&1
}

status=0
mkdir -p "$work/executed"
for notebook in "$release"/notebooks/*.ipynb; do
  name=$(basename "$notebook")
  if execute "$notebook" "$work/executed"; then
    echo "check-unanswered-jupyter: ok   $name ran to its end in Jupyter without --allow-errors"
  else
    echo "check-unanswered-jupyter: FAIL $name stopped in Jupyter; nbconvert said:"; tail -25 "$work/executed/${name%.ipynb}.log"; status=1
  fi
done

# What the executed notebooks show.
/usr/bin/python3 - "$work/executed" <<'PY' || status=1
import glob, json, os, re, sys
ours = re.compile(r"^(not answered yet: p\d+\.\w+ — answer it |not run: it needs p\d+\.\w+)")
stack = re.compile(r"^\s+at \S", re.M)
failed = False
charts = 0
def text(o):
    if o["output_type"] == "stream":
        return "".join(o["text"])
    if o["output_type"] == "error":
        return o.get("evalue", "") + "\n" + "\n".join(o.get("traceback", []))
    return "".join(o.get("data", {}).get("text/plain", "")) or "".join(o.get("data", {}).get("text/html", ""))
def fail(message):
    global failed
    failed = True
    print("check-unanswered-jupyter: FAIL " + message)
notebooks = sorted(glob.glob(os.path.join(sys.argv[1], "*.ipynb")))
if not notebooks:
    fail("no executed notebooks")
for path in notebooks:
    name = os.path.basename(path)
    code = [(i + 1, c) for i, c in enumerate(json.load(open(path, encoding="utf-8"))["cells"]) if c["cell_type"] == "code"]
    lines = forward = 0
    for number, cell in code:
        for o in cell["outputs"]:
            t = text(o)
            if o["output_type"] == "error":
                fail(f"{name} cell {number} shows an error: {t.splitlines()[0] if t else ''}")
            if stack.search(t):
                fail(f"{name} cell {number} shows a stack trace: {stack.search(t).group(0).strip()}")
            if ours.match(t):
                lines += 1
            elif number != code[0][0] and o["output_type"] in ("stream", "execute_result", "display_data"):
                forward += 1
            if "text/html" in o.get("data", {}) and "Plotly.newPlot" in "".join(o["data"]["text/html"]):
                charts += 1
    setup = code[0][1]["outputs"]
    if not setup or any(ours.match(text(o)) for o in setup):
        fail(f"{name}: the setup cell (cell {code[0][0]}) shows no output, or a line about an unanswered item")
    if lines == 0:
        fail(f"{name}: no cell says 'not answered yet' or 'not run', though nothing is answered")
    if forward == 0:
        fail(f"{name}: no cell after the setup shows an output of its own (forward passes run before any answer)")
    if not failed:
        print(f"check-unanswered-jupyter: ok   {name}: setup shown, {forward} other output(s), {lines} unanswered line(s), no error, no stack trace")
if charts == 0:
    fail("no notebook draws a chart (the forward charts need no answer)")
sys.exit(1 if failed else 0)
PY

# A real error still stops "Run All": the first notebook with planted cells after its setup cell.
mkdir -p "$work/planted"
plant() {  # plant NAME CELL...: 01's notebook with these code cells after its setup cell, as notebooks/NAME.ipynb
  /usr/bin/python3 - "$release/notebooks/01-word-mlp.ipynb" "$release/notebooks/$1.ipynb" "${@:2}" <<'PY'
import json, sys
nb = json.load(open(sys.argv[1], encoding="utf-8"))
first = next(i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code")
for n, source in enumerate(sys.argv[3:]):
    planted = dict(nb["cells"][first], source=source, outputs=[], execution_count=None)
    planted.pop("id", None)
    nb["cells"].insert(first + 1 + n, planted)
json.dump(nb, open(sys.argv[2], "w", encoding="utf-8"))
PY
}
thrown='throw new InvalidOperationException("planted by check-unanswered-jupyter");'
compile_error='int planted = "a"; // planted by check-unanswered-jupyter'
stub='// answer: p1.dJ_ds'$'\n''double dJ_ds(double s) { throw new NotImplementedException("not answered yet: p1.dJ_ds. Hint: planted."); }'$'\n''var ds = dJ_ds(1.0);'
plant planted "$thrown"
plant planted-compile "$compile_error"
for planted in 'planted:InvalidOperationException:planted by check-unanswered-jupyter' 'planted-compile:compile error:CS0029\|compilation error'; do
  name=${planted%%:*} what=${planted#*:} expected=${planted##*:}
  what=${what%%:*}
  if execute "$release/notebooks/$name.ipynb" "$work/planted"; then
    echo "check-unanswered-jupyter: FAIL a planted $what did not stop nbconvert"; status=1
  elif grep -q "$expected" "$work/planted/$name.log"; then
    echo "check-unanswered-jupyter: ok   a planted $what still fails the cell and stops the run"
  else
    echo "check-unanswered-jupyter: FAIL $name.ipynb stopped, but not at the planted $what:"; tail -15 "$work/planted/$name.log"; status=1
  fi
done

# What the planted failures show, run with --allow-errors: each its text once, and a stub's cell after them its line.
plant planted-all "$compile_error" "$thrown" "$stub"
timeout 900 jupyter nbconvert --to notebook --execute --allow-errors --ExecutePreprocessor.kernel_name=$kernel_name \
  --ExecutePreprocessor.timeout=600 --output-dir "$work/planted" "$release/notebooks/planted-all.ipynb" >"$work/planted/planted-all.log" 2>&1 || true
/usr/bin/python3 - "$work/planted/planted-all.ipynb" <<'PY' || status=1
import json, os, sys
if not os.path.exists(sys.argv[1]):
    sys.exit("check-unanswered-jupyter: FAIL planted-all.ipynb did not run with --allow-errors (see planted-all.log)")
compile_cell, thrown_cell, stub_cell = [c for c in json.load(open(sys.argv[1], encoding="utf-8"))["cells"] if c["cell_type"] == "code"][1:4]
def texts(cell):  # every text a reader sees in a cell's outputs
    for o in cell["outputs"]:
        if o["output_type"] == "stream":
            yield "".join(o["text"])
        elif o["output_type"] == "error":
            yield o.get("evalue", "")
            yield from o.get("traceback", [])
        else:
            yield "".join(o.get("data", {}).get("text/plain", ""))
problems = []
diagnostic = sum(t.count("error CS0029") for t in texts(compile_cell))
if diagnostic != 1 or not any(o["output_type"] == "error" for o in compile_cell["outputs"]):
    problems.append(f"the compile error's cell shows its diagnostic {diagnostic} time(s), not once with an error: {list(texts(compile_cell))}")
errors = [o for o in thrown_cell["outputs"] if o["output_type"] == "error"]
others = [t for o in thrown_cell["outputs"] if o["output_type"] != "error" for t in texts({"outputs": [o]}) if "planted by" in t]
if len(errors) != 1 or "planted by check-unanswered-jupyter" not in errors[0].get("evalue", "") or others:
    problems.append(f"the exception shows as {len(errors)} error output(s) and {len(others)} other output(s), not one error")
stub = list(texts(stub_cell))
if len(stub) != 1 or not stub[0].startswith("not answered yet: p1.dJ_ds"):
    problems.append(f"the stub's cell shows {stub}, not its one line")
if problems:
    sys.exit("check-unanswered-jupyter: FAIL with --allow-errors, " + "; ".join(problems))
print("check-unanswered-jupyter: ok   with --allow-errors, a compile error's diagnostic shows once, an exception once, a stub's cell its one line")
PY

# The stdio protocol.
version=$(grep -o 'nuget: Backprop.Kernel, [^"\\]*' "$release/notebooks/01-word-mlp.ipynb" | head -1 | sed 's/.*, //')
tool="${BACKPROP_HOME:-$HOME/.local/share/backprop}/dotnet-interactive/1.0.712001/dotnet-interactive"
submit() { /usr/bin/python3 -c 'import json,sys; print(json.dumps({"commandType": "SubmitCode", "token": sys.argv[1], "command": {"code": sys.argv[2], "targetKernelName": "csharp"}}))' "$@"; }
finished() { grep -q "\"Command\(Succeeded\|Failed\)\".*\"token\":\"$1\"" "$work/stdio.out" 2>/dev/null; }
wait_for() { for _ in $(seq 240); do finished "$1" && return; sleep 1; done; }
{ submit load "#r \"nuget: MathNet.Numerics, 5.0.0\""$'\n'"#r \"nuget: Backprop.Kernel, $version\""
  wait_for load
  for cell in \
      'stub|// answer: p1.dJ_ds'$'\n''double dJ_ds(double s) { throw new NotImplementedException("not answered yet: p1.dJ_ds. Hint: stdio."); }' \
      'stopped|var forward = 2.0;'$'\n''var ds = dJ_ds(forward);' \
      'held|Console.WriteLine(ds * 2);' \
      'bug|throw new InvalidOperationException("a real bug");' \
      'compile|int x = "a";'; do
    submit "${cell%%|*}" "${cell#*|}"
    wait_for "${cell%%|*}"
  done
  echo '{"commandType": "Quit", "token": "quit", "command": {}}'
} | (cd "$release/notebooks" && timeout 600 "$tool" stdio --default-kernel csharp >"$work/stdio.out" 2>"$work/stdio.err") || true
if /usr/bin/python3 - "$work/stdio.out" <<'PY'
import json, sys
events = {}
for line in open(sys.argv[1], encoding="utf-8"):
    if line.startswith("{") and '"eventType"' in line:
        e = json.loads(line)
        e["command"] = e.get("command") or {}
        root = e["command"].get("token", "").split(".")[0]
        events.setdefault(root, []).append(e)
def shown(token):
    return ["".join(f["value"] for f in e["event"].get("formattedValues", []) if f["mimeType"] == "text/plain")
            for e in events.get(token, []) if e["eventType"] == "DisplayedValueProduced"]
def outcome(token):
    return [e["eventType"] for e in events.get(token, []) if e["eventType"] in ("CommandSucceeded", "CommandFailed") and e["command"].get("token") == token]
problems = []
if outcome("load") != ["CommandSucceeded"]: problems.append(f"the load: {outcome('load')}")
if outcome("stopped") != ["CommandSucceeded"] or not any(s.startswith("not answered yet: p1.dJ_ds — answer it in the cell") for s in shown("stopped")):
    problems.append(f"the stub's cell: {outcome('stopped')} {shown('stopped')}")
if outcome("held") != ["CommandSucceeded"] or not any(s.startswith("not run: it needs p1.dJ_ds") for s in shown("held")):
    problems.append(f"the cell that needs it: {outcome('held')} {shown('held')}")
if outcome("bug") != ["CommandFailed"]: problems.append(f"the real error: {outcome('bug')}")
# What VS Code prints of a cell: each ErrorProduced's message and its own command's failure message.
printed = [e["event"].get("message", "") for e in events.get("compile", [])
           if e["eventType"] == "ErrorProduced" or (e["eventType"] == "CommandFailed" and e["command"].get("token") == "compile")]
if outcome("compile") != ["CommandFailed"] or sum(p.count("error CS0029") for p in printed) != 1:
    problems.append(f"the compile error: {outcome('compile')}, printed {printed}")
sys.exit("; ".join(problems) if problems else 0)
PY
then echo "check-unanswered-jupyter: ok   over stdio, the stub's cell and the cell that needs it succeed with their lines; a real error fails; a compile error fails, its diagnostic printed once"
else echo "check-unanswered-jupyter: FAIL over stdio (kernel log: $work/stdio.err)"; status=1; fi
exit $status
