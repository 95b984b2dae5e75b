#!/usr/bin/env bash
# Reads .devcontainer/devcontainer.json with the reference dev container CLI (npm @devcontainers/cli), the
# same reader Codespaces and VS Code use, and checks that it sees our image and post-create command.
# The CLI asks Docker whether a container already exists; no Docker engine runs on CI, so a stub answers
# "none" (the configuration is only read, never built).
set -euo pipefail
cd "$(dirname "$0")/.."
cli_version=0.89.0
prefix=.tools/devcontainers-cli
cli="$prefix/node_modules/@devcontainers/cli/devcontainer.js"

if ! command -v node >/dev/null 2>&1; then
  echo "check-devcontainer: skipped, Node.js is not installed (install it with: sudo apt-get install -y nodejs npm)"
  exit 0
fi
if [ "$(node -p "require('./$prefix/node_modules/@devcontainers/cli/package.json').version" 2>/dev/null)" != "$cli_version" ]; then
  echo "check-devcontainer: installing @devcontainers/cli@$cli_version into $prefix"
  npm install --silent --no-audit --no-fund --prefix "$prefix" "@devcontainers/cli@$cli_version" >/dev/null
fi

stub=$(mktemp -d)
trap 'rm -rf "$stub"' EXIT
printf '#!/bin/sh\n# stands in for docker: no containers exist\nexit 0\n' > "$stub/docker"
chmod +x "$stub/docker"

node "$cli" read-configuration --workspace-folder . --docker-path "$stub/docker" > "$stub/config.json" 2> "$stub/log.txt" || { cat "$stub/log.txt" >&2; exit 1; }
node -e '
  const c = require(process.argv[1]).configuration;
  const problems = [];
  if (!/^mcr\.microsoft\.com\/devcontainers\/dotnet:\d+\.\d+\.\d+-10\.0/.test(c.image || "")) problems.push("image is not a pinned .NET 10 devcontainer image: " + c.image);
  if (c.postCreateCommand !== "bash .devcontainer/post-create.sh") problems.push("postCreateCommand is " + JSON.stringify(c.postCreateCommand));
  const ext = ((c.customizations || {}).vscode || {}).extensions || [];
  for (const e of ["ms-dotnettools.dotnet-interactive-vscode", "ms-toolsai.jupyter", "ms-dotnettools.csdevkit"]) if (!ext.includes(e)) problems.push("missing extension " + e);
  if (problems.length) { console.error("check-devcontainer: " + problems.join("; ")); process.exit(1); }
  console.log("check-devcontainer: @devcontainers/cli read " + c.configFilePath.path + ": image " + c.image + ", " + ext.length + " extensions, postCreateCommand " + JSON.stringify(c.postCreateCommand));
' "$stub/config.json"
