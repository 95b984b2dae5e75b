#!/usr/bin/env bash
# Installs what the test suite needs on a fresh Debian machine with the .NET 10 SDK.
# Idempotent: each step checks first and says what it did.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "ci-prerequisites: nothing extra needed yet"
