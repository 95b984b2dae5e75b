#!/usr/bin/env bash
# The homework release as a student opens it in the dev container, without Docker: `backprop assign` writes a fresh
# release, the release's own devcontainer.json names the post-create command, which runs in the release folder (apt
# Jupyter, build, `backprop setup`, `backprop doctor`, exactly as in the container), and then the release's
# `backprop run` must run every notebook through, list its unanswered items ("not answered yet: p1.dJ_ds, …") and
# carry on past them, never stop at a build, load or other error, and keep no stack trace in the executed notebooks.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A private Jupyter data folder keeps the release's kernelspec registration (and doctor's check of it) away from the one
# later CI steps use (eng/check-kernel-setup.sh checks that sharing the per-user one is harmless).
export JUPYTER_DATA_DIR="$work/jupyter"

dotnet build src/Backprop.Course --nologo -v quiet -clp:NoSummary
dotnet run --project src/Backprop.Course --no-build -- assign --out "$work/assign"
release="$work/assign/student"

# The container runs the postCreateCommand of the release's devcontainer.json, which must be the repository's file.
cmp .devcontainer/devcontainer.json "$release/.devcontainer/devcontainer.json"
post_create=$(sed -n 's/^[[:space:]]*"postCreateCommand":[[:space:]]*"\(.*\)"[[:space:]]*,\{0,1\}[[:space:]]*$/\1/p' "$release/.devcontainer/devcontainer.json")
if [ "$post_create" != "bash .devcontainer/post-create.sh" ]; then
  echo "check-homework-release: unexpected postCreateCommand: '$post_create'" >&2
  exit 1
fi
echo "check-homework-release: running '$post_create' in a fresh homework release ($release)"
(cd "$release" && $post_create)

echo "check-homework-release: backprop run in the release, whose answer cells are all stubs"
set +e
(cd "$release" && dotnet run --project src/Backprop.Course --no-build -- run --out "$work/run") > "$work/run.log" 2>&1
code=$?
set -e
problems=()
# Nothing answered: every notebook runs through, lists what is not answered yet, prints no error (exit 4, README).
[ "$code" = 4 ] || problems+=("backprop run exited with $code, not 4 (only items not answered yet)")
! grep -q "^backprop run: " "$work/run.log" || problems+=("backprop run printed an error in a release where nothing is answered")
for notebook in "$release"/notebooks/*.ipynb; do
  name=$(basename "$notebook")
  grep -A1 -E "^$name: ran [0-9]+ of [0-9]+ code cells" "$work/run.log" | grep -Eq "^  not answered yet: p[0-9]+\." \
    || problems+=("$name did not list its unanswered items")
  ! grep -q '   at ' "$work/run/$name" || problems+=("$name: the executed notebook keeps a stack trace")
done
if [ ${#problems[@]} -gt 0 ]; then
  cat "$work/run.log" >&2
  printf 'check-homework-release: %s\n' "${problems[@]}" >&2
  exit 1
fi
grep -E "^  not answered yet: " "$work/run.log" | sed 's/^/ /'
echo "check-homework-release: every notebook of the homework release runs through, listing its unanswered items"
