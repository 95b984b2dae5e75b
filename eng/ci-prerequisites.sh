#!/usr/bin/env bash
# CI, before the test command: set the machine up exactly as a student's dev container is set up, then run
# the checks that need tools from outside .NET (Node.js for the dev container CLI, Jupyter, Chromium).
# Each script is idempotent and says what it did; any failure fails CI.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "==> ci: the dev container's post-create script (apt Jupyter, build, backprop setup, backprop doctor)"
bash .devcontainer/post-create.sh

echo "==> ci: devcontainer.json read by @devcontainers/cli"
bash eng/check-devcontainer.sh

echo "==> ci: the three notebooks in real Jupyter (nbconvert --execute, pinned .net-csharp kernel, no --allow-errors)"
bash eng/run-notebooks-jupyter.sh

echo "==> ci: backprop run's offline HTML opened in headless Chromium with the network off"
bash eng/check-offline-html.sh

echo "==> ci: the class report of 'backprop grade' opened in headless Chromium with the network off"
bash eng/check-class-report.sh
