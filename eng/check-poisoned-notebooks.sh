#!/usr/bin/env bash
# The notebooks compute every gradient-derived number through the answers (issue 20, point 2, for the notebooks; the
# library's entry points have PoisonedBoxTests). Two releases with every answer in ('assign --reveal p1,p2,p3,p4'):
#   right:    the instructor's answers;
#   poisoned: the same from a copy of this checkout in which every answer region (notebook cells and library boxes) is
#             wrapped to return a well-shaped wrong result (a square matrix transposed, anything else ×1.5), by
#             eng/PoisonedNotebooks (no list of items: every region of the table).
# Each runs every notebook with its own 'backprop run' (the poisoned run fails its checks, exit 1, but runs every cell).
# Then eng/PoisonedNotebooks compares the executed notebooks cell by cell. A gradient cell is one whose printing statement
# uses an answer, a name derived from one, or a library method documented as reporting a derivative (a gradient check,
# a probe, training), read from the cells' code with Roslyn and from the release library's XML docs; in it, every line or
# chart trace with a non-zero decimal number must change, unless the numbers are written in the cell's code or the
# Console.WriteLine / chart call that printed them uses nothing derived. It names the notebook, cell and numbers that
# did not change. Both runs use a private HOME and NuGet folder, so that each loads its own Backprop.Kernel
# 1.0.0 and not another checkout's cached copy.
# Usage: eng/check-poisoned-notebooks.sh   (keeps its folder when BACKPROP_KEEP_POISON=1, and says where)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=$(mktemp -d /tmp/backprop-poisoned-notebooks.XXXXXX)
if [ "${BACKPROP_KEEP_POISON:-}" = 1 ]; then
  echo "check-poisoned-notebooks: keeping $work"
else
  trap 'rm -rf "$work"' EXIT
fi
start=$(date +%s)
dotnet build src/Backprop.Course --nologo -v quiet -clp:NoSummary >/dev/null
dotnet build eng/PoisonedNotebooks --nologo -v quiet -clp:NoSummary >/dev/null
backprop() { dotnet "$root/src/Backprop.Course/bin/Debug/net10.0/backprop.dll" "$@"; }
helper() { dotnet "$root/eng/PoisonedNotebooks/bin/Debug/net10.0/PoisonedNotebooks.dll" "$@"; }

# The poisoned course: this checkout's tracked files as they are in the work tree, answers wrapped.
mkdir -p "$work/course"
git ls-files -z | xargs -0 cp --parents -t "$work/course"
helper poison "$work/course" | sed 's/^/  /'

mkdir -p "$work/home/.nuget/NuGet"
cp "${HOME}/.nuget/NuGet/NuGet.Config" "$work/home/.nuget/NuGet/" 2>/dev/null || true
for kind in right poisoned; do
  from=$root; [ "$kind" = poisoned ] && from=$work/course
  backprop assign --root "$from" --reveal p1,p2,p3,p4 --out "$work/$kind" >/dev/null
  (cd "$work/$kind/student" && dotnet build src/Backprop.Course --nologo -v quiet -clp:NoSummary >"$work/$kind/build.log" 2>&1) \
    || { cat "$work/$kind/build.log" >&2; echo "check-poisoned-notebooks: the $kind release does not build" >&2; exit 1; }
  # Each run restores its own Backprop.Kernel 1.0.0: drop the previous run's copy and the kernel's resolved-package cache.
  rm -rf "$work/home/.nuget/packages/backprop.kernel" "$work/home/.packagemanagement"
  set +e
  (cd "$work/$kind/student" && HOME="$work/home" NUGET_PACKAGES="$work/home/.nuget/packages" \
    dotnet run --project src/Backprop.Course --no-build -- run --out "$work/$kind/run") >"$work/$kind/run.log" 2>&1
  code=$?
  set -e
  want=0; [ "$kind" = poisoned ] && want=1
  if [ "$code" != "$want" ]; then
    cat "$work/$kind/run.log" >&2
    echo "check-poisoned-notebooks: backprop run of the $kind release exited with $code, not $want" >&2
    exit 1
  fi
  echo "  $kind: $(grep -E '^run: ' "$work/$kind/run.log" || echo "(no summary line)")"
done

# The release library's XML docs say which library members report gradients and which are a probe's forward regime.
if helper compare "$work/right/run" "$work/poisoned/run" "$work/right/student/src/Backprop.Kernel/bin/Debug/net10.0/Backprop.Kernel.xml"; then
  echo "check-poisoned-notebooks: every gradient-derived number of the notebooks changes with poisoned answers ($(( $(date +%s) - start )) s)"
else
  echo "check-poisoned-notebooks: FAIL: the numbers above were computed without the answers ($(( $(date +%s) - start )) s)" >&2
  exit 1
fi
