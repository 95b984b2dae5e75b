#!/usr/bin/env bash
# CI, before the test command: set the machine up exactly as a student's dev container is set up, then run
# the checks that need tools from outside .NET (Node.js for the dev container CLI and KaTeX, Jupyter, Chromium).
# Each script is idempotent and says what it did; any failure fails CI.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_install() {  # apt_install COMMAND PACKAGE...: installs the packages when COMMAND is missing
  local command=$1; shift
  command -v "$command" >/dev/null 2>&1 && return 0
  echo "==> ci: installing $* (apt)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null || true
  apt-get install -y -q "$@" >/dev/null
}

if [ "$(id -u)" != 0 ]; then
  echo "ci: not root: the unprivileged-user layer tests will be reported as skipped"
fi

echo "==> ci: the dev container's post-create script (apt Jupyter, build, backprop setup, backprop doctor)"
bash .devcontainer/post-create.sh

echo "==> ci: a fresh homework release (backprop assign) set up by its own post-create script; its backprop run lists every unanswered item and carries on"
bash eng/check-homework-release.sh

echo "==> ci: the staged releases (01,02; 03,04 revealing p1,p2; all) build, run unanswered and answered, and grade the instructor's answers at full marks"
bash eng/check-staged-releases.sh

echo "==> ci: the notebooks with poisoned answers (every region ×1.5 or transposed) against the instructor's: every gradient-derived number they print changes"
bash eng/check-poisoned-notebooks.sh

echo "==> ci: autograder.zip as Gradescope runs it: unzipped into source/, its setup.sh (publishes the grader, makes the bundle root-only), run_autograder on the solution"
bash eng/check-autograder.sh

apt_install node nodejs
apt_install chromium chromium

echo "==> ci: devcontainer.json read by @devcontainers/cli"
bash eng/check-devcontainer.sh

echo "==> ci: every formula of every notebook rendered by the vendored KaTeX (node, throwOnError)"
node eng/check-formulas.mjs

echo "==> ci: the notebooks in real Jupyter (nbconvert --execute, pinned kernel, kernelspec .net-csharp-backprop-1.0.712001, no --allow-errors)"
bash eng/run-notebooks-jupyter.sh

echo "==> ci: the Jupyter-executed notebooks hold none of this machine's addresses; their backprop submit copies no script URL and no output"
bash eng/check-notebook-privacy.sh

echo "==> ci: the library as the package Backprop.Kernel: Jupyter and the stdio protocol load it with its extension's text tables, and an edit of it reaches a notebook"
bash eng/check-library-package.sh

echo "==> ci: a homework release with nothing answered runs to its end in Jupyter (no --allow-errors) and over stdio: one line per unanswered item, no error, no stack trace; a real error still fails"
bash eng/check-unanswered-jupyter.sh

echo "==> ci: the course repository and a student release set up side by side, in both orders: one per-user kernel, stock .net-csharp untouched"
bash eng/check-kernel-setup.sh

echo "==> ci: the Jupyter-executed notebooks as nbconvert HTML in headless Chromium with the network off: charts drawn"
bash eng/check-jupyter-offline.sh

echo "==> ci: backprop run's offline HTML in headless Chromium with the network off: charts drawn, formulas rendered"
bash eng/check-offline-html.sh

echo "==> ci: the same pages' visible text in headless Chromium: no \$…\$, no \\command, no \\, turned into a comma outside KaTeX"
bash eng/check-visible-maths.sh

echo "==> ci: every notebook exported as a .NET 10 file-based app and run with dotnet run (no kernel, no Jupyter)"
bash eng/run-exported-apps.sh

echo "==> ci: the class report of 'backprop grade' opened in headless Chromium with the network off"
bash eng/check-class-report.sh
