#!/usr/bin/env bash
# Prepares a fresh dev container (or any Debian/Ubuntu machine with the .NET 10 SDK) for the course:
#   1. Jupyter from apt, for the Jupyter-extension route and nbconvert;
#   2. restore and build the solution;
#   3. `backprop setup`: the pinned kernel tool with working charts, the kernelspec, VS Code settings;
#   4. `backprop doctor`: every check a student needs, each OK or a one-line fix.
# Idempotent: each step looks first and says what it found or did. Run it by hand with
#   bash .devcontainer/post-create.sh
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

# apt needs root; inside the dev container the user is 'vscode' with passwordless sudo.
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else return 1
  fi
}

step "Jupyter (apt: jupyter-nbconvert, python3-nbclient, jupyter-client)"
missing=()
for package in jupyter-nbconvert python3-nbclient jupyter-client; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "already installed: $(jupyter --version 2>/dev/null | grep -E '^(nbconvert|nbclient|jupyter_client)' | tr -s ' ' | paste -sd ',' -)"
elif ! command -v apt-get >/dev/null 2>&1; then
  echo "skipped: apt-get is not available, so Jupyter cannot be installed here (Polyglot Notebooks still works)."
else
  echo "installing: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  echo "installed: ${missing[*]}"
fi

step "Restore and build (dotnet build Backprop.Notebooks.sln)"
dotnet build Backprop.Notebooks.sln --nologo -v quiet -clp:NoSummary

step "Pinned notebook kernel (backprop setup)"
dotnet run --project src/Backprop.Course --no-build -- setup

step "Health check (backprop doctor)"
dotnet run --project src/Backprop.Course --no-build -- doctor
