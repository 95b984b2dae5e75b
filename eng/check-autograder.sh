#!/usr/bin/env bash
# The autograder as Gradescope runs it, in a temp folder laid out like /autograder: `backprop assign` writes
# autograder.zip, which is unzipped into ROOT/source (as Gradescope does); its setup.sh runs from there (publishing
# the grader into ROOT/grader and making the bundle root-only); run_autograder is copied to ROOT and grades a
# submission in ROOT/submission into ROOT/results/results.json, which must give the instructor's solution every
# automatic point and, as root, record the unprivileged-user layer (and the minimal root, where namespaces work).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

dotnet build src/Backprop.Course --nologo -v quiet -clp:NoSummary
dotnet run --project src/Backprop.Course --no-build -- assign --out "$work/assign" >/dev/null
root="$work/autograder"
mkdir -p "$root/source" "$root/submission"
python3 -m zipfile -e "$work/assign/instructor/autograder.zip" "$root/source"   # as Gradescope unzips it (python3: no unzip needed)
# The sandbox uids must be able to reach the published sandbox below ROOT, as they can reach /autograder.
chmod 755 "$work"

echo "check-autograder: setup.sh, from $root/source"
start=$(date +%s)
(cd "$root/source" && AUTOGRADER_ROOT="$root" bash ./setup.sh) >"$work/setup.log" 2>&1 || { tail -40 "$work/setup.log" >&2; exit 1; }
echo "check-autograder: setup.sh took $(( $(date +%s) - start )) s"

cp "$root/source/run_autograder" "$root/run_autograder"
cp tests/Backprop.Grading.Tests/Fixtures/solution.ipynb "$root/submission/homework.ipynb"
start=$(date +%s%N)
AUTOGRADER_ROOT="$root" bash "$root/run_autograder" >"$work/run.log" 2>&1 || { cat "$work/run.log" >&2; exit 1; }
echo "check-autograder: run_autograder took $(( ($(date +%s%N) - start) / 1000000 )) ms"

results="$root/results/results.json"
[ -f "$results" ] || { echo "check-autograder: no results.json" >&2; cat "$work/run.log" >&2; exit 1; }
python3 - "$results" notebooks/grading.json "$(id -u)" <<'EOF'
import json, sys
results = json.load(open(sys.argv[1]))
points = json.load(open(sys.argv[2]))
items = points["items"] if isinstance(points, dict) and "items" in points else points
automatic = sum(i["points"] for i in items if not i.get("manual"))
layers = " ".join(results.get("extra_data", {}).get("isolation", []))
problems = []
if abs(results["score"] - automatic) > 1e-9:
    problems.append(f"score {results['score']} of {automatic} automatic points")
if sys.argv[3] == "0" and "unprivileged-user" not in layers:
    problems.append(f"the unprivileged-user layer is missing: {layers}")
if sys.argv[3] == "0" and "namespaces" in layers and "minimal-root" not in layers:
    problems.append(f"namespaces but no minimal root: {layers}")
if problems:
    print("check-autograder: " + "; ".join(problems), file=sys.stderr)
    sys.exit(1)
print(f"check-autograder: the solution scored {results['score']:g} of {automatic:g} automatic points; layers: {layers}")
EOF
