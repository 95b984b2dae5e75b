#!/usr/bin/env bash
# The whole benchmark in one command: installs Debian's numpy and PyTorch when missing (they are the
# reference implementations, run with /usr/bin/python3), then builds and runs bench/Backprop.Bench in Release.
# Pass --quick for fewer timed runs, or gradchecks for the fresh-process gradient-check table alone. Results are
# printed as markdown; see docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=/usr/bin/python3
if ! "$PYTHON" -c "import numpy, torch" >/dev/null 2>&1; then
  echo "bench: installing python3-numpy and python3-torch with apt-get" >&2
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get install -y python3-numpy python3-torch \
    || { $SUDO apt-get update && $SUDO apt-get install -y python3-numpy python3-torch; }
fi
# A ReadyToRun copy, for the fresh-process gradient check with precompiled code (optional: skipped if it fails).
echo "bench: publishing a ReadyToRun copy to artifacts/bench-r2r" >&2
dotnet publish bench/Backprop.Bench -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
  -o artifacts/bench-r2r -nologo -v q >&2 || echo "bench: ReadyToRun publish failed; that row is left out" >&2
dotnet run -c Release --project bench/Backprop.Bench -- "$@"
