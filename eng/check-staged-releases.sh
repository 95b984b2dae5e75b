#!/usr/bin/env bash
# The staged releases build, run and grade: release A (`assign --notebooks 01,02`), release B (`assign --notebooks 03,04
# --reveal p1,p2`) and the default (every notebook, nothing revealed). For each, in a fresh folder and with the
# release's own backprop:
#   1. as handed out, `backprop run` lists the items not answered yet and carries on, with no error (exit 4);
#   2. with every answer in (the same stage with every problem revealed), `backprop run` passes every check (exit 0);
#   3. the instructor's notebooks of the stage, graded with the stage's grading.json, get every automatic point of it.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dotnet build src/Backprop.Course --nologo -v quiet -clp:NoSummary
backprop() { dotnet run --project src/Backprop.Course --no-build -- "$@"; }
all=p1,p2,p3,p4
problems=()

stage() {  # stage NAME NOTEBOOK-PREFIXES REVEALED (prefixes and revealed may be empty)
  local name=$1 notebooks=$2 reveal=$3 options=()
  [ -n "$notebooks" ] && options+=(--notebooks "$notebooks")
  local start=$(date +%s)
  for kind in handed-out answered; do
    local out="$work/$name-$kind" opts=("${options[@]}")
    if [ "$kind" = answered ]; then opts+=(--reveal "$all"); elif [ -n "$reveal" ]; then opts+=(--reveal "$reveal"); fi
    backprop assign "${opts[@]}" --out "$out" >/dev/null
    (cd "$out/student" && dotnet build src/Backprop.Course --nologo -v quiet -clp:NoSummary >"$out/build.log" 2>&1) \
      || { problems+=("$name ($kind): the release does not build"); cat "$out/build.log" >&2; continue; }
    set +e
    (cd "$out/student" && dotnet run --project src/Backprop.Course --no-build -- run --out "$out/run") >"$out/run.log" 2>&1
    local code=$?
    set -e
    local want=0; [ "$kind" = handed-out ] && want=4
    if [ "$code" != "$want" ]; then
      problems+=("$name ($kind): backprop run exited with $code, not $want")
      cat "$out/run.log" >&2
    fi
    grep -E "^run: " "$out/run.log" | sed "s/^/  $name ($kind): /"
  done

  # The instructor's notebooks of this stage, graded as one submission with this stage's points.
  local submission="$work/$name-submission"
  mkdir -p "$submission"
  for prefix in ${notebooks//,/ }; do cp notebooks/"$prefix"-*.ipynb "$submission/"; done
  [ -n "$notebooks" ] || cp notebooks/0*.ipynb "$submission/"
  backprop grade "$submission" --single --points "$work/$name-handed-out/instructor/grading.json" --out "$work/$name-grade" >/dev/null
  python3 - "$work/$name-grade/results.json" "$work/$name-handed-out/instructor/grading.json" "$name" <<'PY' || problems+=("$1: the instructor's answers do not get full marks")
import json, sys
results, points, name = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), sys.argv[3]
items = points["items"] if isinstance(points, dict) else points
automatic = {i["id"]: i["points"] for i in items if not i.get("manual")}
scored = {t["name"].split(":")[0].split(" ")[0]: t for t in results["tests"]}  # "p1.dJ_ds: ∂J/∂s"
missing = [i for i in automatic if i not in scored or scored[i]["score"] < scored[i]["max_score"]]
extra = [n for n in scored if n not in automatic and not n.endswith(".derivation") and n not in [i["id"] for i in items]]
print(f"  {name}: graded {len(automatic)} automatic items with the stage's grading.json: {sum(scored[i]['score'] for i in automatic if i in scored):g} of {sum(automatic.values()):g} points")
sys.exit(1 if missing or extra else 0)
PY
  echo "  $name: $(( $(date +%s) - start )) s"
}

stage A 01,02 ""
stage B 03,04 p1,p2
stage default "" ""
if [ ${#problems[@]} -gt 0 ]; then
  printf 'check-staged-releases: %s\n' "${problems[@]}" >&2
  exit 1
fi
echo "check-staged-releases: releases A, B and the default build, run unanswered and answered, and grade the instructor's answers at full marks"
