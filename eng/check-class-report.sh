#!/usr/bin/env bash
# Batch-grades the instructor notebooks (each one a submission) with 'backprop grade', then opens the class report
# in headless Chromium with the network off (eng/check-offline-html.sh) and asserts that its charts were drawn.
# Usage: eng/check-class-report.sh [OUT_DIR]   (default artifacts/class-report)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-artifacts/class-report}
rm -rf "$out"
dotnet run --project src/Backprop.Course -- grade notebooks --out "$out" --timeout 20
for file in report.html items.csv similarity.csv gradebook.csv; do
  [ -s "$out/$file" ] || { echo "check-class-report: FAIL $out/$file was not written"; exit 1; }
done
bash eng/check-offline-html.sh "$out/report.html"
