#!/usr/bin/env bash
# The whole benchmark in one command: installs Debian's numpy and PyTorch when missing (they are the
# reference implementations, run with /usr/bin/python3), then builds and runs bench/Backprop.Bench in Release.
# Pass --quick for fewer timed runs. Results are printed as markdown; see docs/benchmarks.md.
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
dotnet run -c Release --project bench/Backprop.Bench -- "$@"
