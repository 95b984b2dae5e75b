#!/usr/bin/env bash
# Publishes the grader as the autograder's setup.sh does, into OUT (default artifacts/grader):
#  1. backprop itself, framework-dependent, ReadyToRun;
#  2. the sandbox (compile and run children), self-contained with Roslyn and the framework compiled together as one
#     composite ReadyToRun image, in OUT/sandbox/. Generic code that Roslyn instantiates over framework types is
#     precompiled too, so a compile child is ready in about 0.3 s instead of 0.6 s. The grader uses OUT/sandbox/ when
#     it is there. Its Backprop.Kernel is src/Backprop.Grading.AnswerKernel: only the library types an answer may use,
#     so no reference answer is inside a child at all. This step takes about 2 minutes on 2 cores; leave it out with
#     --no-composite (the sandbox next to the grader then runs, with the full library, fenced by the API gate).
#   eng/publish-grader.sh [OUT] [--no-composite]
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${1:-artifacts/grader}"
RID="linux-$(uname -m | sed 's/x86_64/x64/; s/aarch64/arm64/')"
dotnet publish src/Backprop.Course/Backprop.Course.csproj -c Release -r "$RID" --self-contained false -p:PublishReadyToRun=true \
  -nologo -o "$OUT"
if [ "${2:-}" != "--no-composite" ]; then
  dotnet publish src/Backprop.Grading.Sandbox/Backprop.Grading.Sandbox.csproj -c Release -r "$RID" --self-contained true \
    -p:PublishReadyToRun=true -p:PublishReadyToRunComposite=true -p:AnswerKernelOnly=true -nologo -o "$OUT/sandbox"
fi
# Who may read what. The sandbox's children run as an unprivileged user (when the grader runs as root): with the
# self-contained sandbox they need only OUT/sandbox/, so everything else of the grader (its seeds, the full library
# with the reference answers) is readable by the grader's user alone; OUT itself may be traversed, not listed.
if [ -d "$OUT/sandbox" ]; then
  chmod -R go-rwx "$OUT"
  chmod 711 "$OUT"
  chmod -R a+rX "$OUT/sandbox"
else
  chmod -R a+rX "$OUT"
fi
echo "publish-grader: $OUT ($RID$([ "${2:-}" = "--no-composite" ] || echo ", self-contained composite sandbox in $OUT/sandbox"))"
